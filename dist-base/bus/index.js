export { MessageRejectedError } from './bus.js';
export { openBus } from './open.js';
export { Ingress } from './ingress.js';
export { Outbox } from './outbox.js';
export { decodeTaskMessage, doneMessage, eventMessage, BadMessageError } from './formats.js';
export { parseRules, tasksFor } from './rules.js';
export { BusTaskmaster, StoreTaskmaster } from './taskmaster.js';
export { startBridge } from './bridge.js';
//# sourceMappingURL=index.js.map