export * from './backoff.js';
export * from './clock.js';
export * from './duration.js';
export * from './errors.js';
export * from './log.js';
export * from './run.js';
export * from './spec.js';
export * from './state.js';
export * from './task.js';
export * from './trigger.js';
export * from './decisions.js';
export * from './time.js';
export * from './collapse.js';
export * from './history.js';
export * from './flow.js';
export * from './feed.js';
//# sourceMappingURL=index.js.map