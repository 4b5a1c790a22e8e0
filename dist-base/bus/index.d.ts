/**
 * The bus surface: bridges between the store and message brokers. Broker clients load only
 * when a URL of theirs is opened (see open.ts), so importing this costs nothing extra.
 */
export type { Bus, BusMessage, MessageHandler, OpenBusOptions, PublishOptions, RejectReason, SubscribeOptions, Subscription } from './bus.js';
export { MessageRejectedError } from './bus.js';
export { openBus } from './open.js';
export { Ingress, type IngressOptions, type IngressStats, type DeadLetter } from './ingress.js';
export { Outbox, type OutboxDeadLetter, type OutboxEvents, type OutboxMessage, type OutboxOptions } from './outbox.js';
export { decodeTaskMessage, doneMessage, eventMessage, BadMessageError, type BadMessageReason } from './formats.js';
export { parseRules, tasksFor, type Rule } from './rules.js';
export { BusTaskmaster, StoreTaskmaster } from './taskmaster.js';
export { startBridge, type Bridge, type BridgeConfig } from './bridge.js';
