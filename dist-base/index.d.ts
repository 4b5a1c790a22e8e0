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
export { Engine, type EngineOptions, type ClaimParams } from './engine/engine.js';
export type { Runs, RunOutcome, RunSubmission, RunListParams } from './engine/runs.js';
export type { GraphNode } from './engine/graph.js';
export type { Logs, LogListParams } from './engine/logs.js';
export type { Flow, FlowTarget, FlowActor, FlowPausedState } from './engine/flow.js';
export type { Leaders, Cursors } from './engine/coordination.js';
export type { Queues } from './engine/queues.js';
export { decideFailure, toTaskError } from './engine/retry-policy.js';
export { Worker, type WorkerOptions, type TaskContext, type Handler, type HandlerMap } from './worker/worker.js';
export { batch, BATCH_SIZE_MAX, type BatchOptions, type BatchContext, type BatchHandler, type BatchHandlerSpec } from './worker/batch.js';
export { Maintenance, type MaintenanceOptions } from './scheduler/maintenance.js';
export { openStore, DEFAULT_STORE_URL, type OpenStoreOptions } from './store/open.js';
export type * from './store/store.js';
export { enqueueInTransaction } from './store/transactional.js';
export { Taskframe, type TaskframeOptions } from './taskframe.js';
export { createLogger, type Logger, type LogFn, type TaskframeLogger, type CreateLoggerOptions, type LogLevel, type LogFormat } from './logger.js';
export { loadConfig, ConfigReloader, ConfigSchema, storeOptions, workerOptions, loggerOptions, type TaskframeConfig, type LoadConfigOptions, type LoadedConfig, type SettingSource, type ReloadReport, } from './config/index.js';
export { TaskframeClient, ApiError, type ClientOptions } from './client/client.js';
export { taskJson, claimedTaskJson, eventJson, runJson, logLineJson, type TaskJson, type ClaimedTaskJson, type EventJson, type RunJson, type LogLineJson } from './model/json.js';
export { RemoteWorker, type RemoteWorkerOptions, type RemoteHandler, type RemoteTaskContext } from './client/remote-worker.js';
export { submitWorkflow, parseInputArgs, resolveInputs, type SubmitOptions } from './workflow/submit.js';
export { parseWorkflow, WorkflowError, type ParseOptions } from './workflow/parse.js';
export { workflowHandlers } from './workflow/handlers.js';
export { renderRun } from './workflow/render.js';
export type { Workflow, TaskDef, TriggerDef } from './workflow/format.js';
export { TriggerScheduler, type TriggerSchedulerOptions } from './scheduler/triggers.js';
export { scheduleUnits, unitWorkflow, type ScheduleUnitsOptions } from './scheduler/unit-triggers.js';
export { sig, chain, group, chord, submitCanvas, compileCanvas, CanvasFailedError, type CanvasHandle, type CanvasNode } from './workflow/canvas.js';
export { loadUnitDir, loadUnitFile, parseUnit, runOrder, type UnitSpec } from './units/index.js';
export { loadUnitHandlers, unitHandlers, type UnitHandlers, type UnitHandlerOptions } from './worker/runners/unit-handlers.js';
export { RunnerPool } from './worker/runners/long-lived/pool.js';
export * from './bus/index.js';
export * from './autoscale/index.js';
