export * from './backoff.js';
export * from './clock.js';
export * from './duration.js';
export * from './errors.js';
export * from './spec.js';
export * from './state.js';
export * from './task.js';
export * from './trigger.js';
