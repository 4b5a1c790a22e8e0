/**
 * taskframe — glossary for newcomers:
 * - Task: one unit of work (a handler name + JSON payload) with a state (see model/state.ts).
 * - Store: where every task, event and lease lives (SQLite file or PostgreSQL).
 * - Engine: the one way into the store: the operations on tasks (enqueue, claim, complete, fail,
 *   cancel, retry), group-committed, and its parts: runs (a workflow run's lifecycle), logs,
 *   queues, leaders, cursors.
 * - Run: one execution of a workflow; its row and its whole graph are written in one transaction.
 * - Worker: claims tasks under a lease and runs handlers; many workers may share a store.
 * - Maintenance: the leader's chores (expired leases, retention).
 * - Bus: bridges to NATS, RabbitMQ, Redis Streams or files (tasks in, done messages out).
 * - Autoscaler: turns backlog and latency into a worker count, asked of a provider (local, command, KEDA).
 * - Config: one schema of every setting (src/config/); the CLI builds its options from it, and
 *   loadConfig() gives a program the same file < environment < flags configuration.
 */
export * from './model/index.js';
export { Engine } from './engine/engine.js';
export { decideFailure, toTaskError } from './engine/retry-policy.js';
export { Worker } from './worker/worker.js';
export { batch, BATCH_SIZE_MAX } from './worker/batch.js';
export { Maintenance } from './scheduler/maintenance.js';
export { openStore, DEFAULT_STORE_URL } from './store/open.js';
// Type-only use of pg inside: importing this does not load the pg package.
export { enqueueInTransaction } from './store/transactional.js';
export { Taskframe } from './taskframe.js';
export { createLogger } from './logger.js';
export { loadConfig, ConfigReloader, ConfigSchema, storeOptions, workerOptions, loggerOptions, } from './config/index.js';
export { TaskframeClient, ApiError } from './client/client.js';
export { taskJson, claimedTaskJson, eventJson, runJson, logLineJson } from './model/json.js';
export { RemoteWorker } from './client/remote-worker.js';
export { submitWorkflow, parseInputArgs, resolveInputs } from './workflow/submit.js';
export { parseWorkflow, WorkflowError } from './workflow/parse.js';
export { workflowHandlers } from './workflow/handlers.js';
export { renderRun } from './workflow/render.js';
export { TriggerScheduler } from './scheduler/triggers.js';
export { scheduleUnits, unitWorkflow } from './scheduler/unit-triggers.js';
export { sig, chain, group, chord, submitCanvas, compileCanvas, CanvasFailedError } from './workflow/canvas.js';
export { loadUnitDir, loadUnitFile, parseUnit, runOrder } from './units/index.js';
export { loadUnitHandlers, unitHandlers } from './worker/runners/unit-handlers.js';
export { RunnerPool } from './worker/runners/long-lived/pool.js';
export * from './bus/index.js';
export * from './autoscale/index.js';
//# sourceMappingURL=index.js.map