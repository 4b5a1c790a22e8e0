/**
 * Batch handlers: one call takes up to `size` claimed tasks of one name (those that arrived
 * within `wait` of the first) and settles each task's outcome on its own. The worker collects
 * tasks per name (Collector), runs the handler in one slot, and records each task's result or
 * error separately (BatchRun); each task keeps its own lease, heartbeats, timeout and retries.
 *
 * A handler says how each task ended by returning an array (one entry per task, in order), a
 * Map from task id, or by calling ctx.succeed / ctx.fail as it goes; an entry that is an Error
 * fails that task. A task left without an outcome fails with BATCH_OUTCOME_MISSING; a throw fails
 * every task not settled yet (each retried by its own policy).
 */
import type { Logger } from '../logger.js';
import type { ClaimedTask, TaskId } from '../model/task.js';
export interface BatchOptions {
    /** Tasks per call at most. */
    size: number;
    /** How long to wait for more tasks after the first arrived ("200ms", 200); default 0: what one claim brings. */
    wait?: string | number;
}
export interface BatchContext {
    tasks: ClaimedTask[];
    /** Fires when the worker shuts down past its grace period, or every task of the batch ended (timed out, cancelled, lost). */
    signal: AbortSignal;
    /** One task's own abort signal (its timeout, cancel or lost lease). */
    signalFor(task: ClaimedTask | TaskId): AbortSignal;
    /** Records one task's result now (later outcomes for it are ignored). */
    succeed(task: ClaimedTask | TaskId, result?: unknown): void;
    /** Records one task's failure now; it retries by its own policy (SkipTask, RetryLater and NonRetryableError work as in a handler). */
    fail(task: ClaimedTask | TaskId, error: unknown): void;
    /** Extends every held task's lease now (the worker also does this on its own). */
    heartbeat(): Promise<void>;
    log: Logger;
}
export type BatchHandler = (tasks: ClaimedTask[], ctx: BatchContext) => unknown | Promise<unknown>;
export interface BatchHandlerSpec {
    batch: BatchOptions;
    handler: BatchHandler;
}
export interface ResolvedBatch {
    size: number;
    waitMs: number;
    handler: BatchHandler;
}
/** Tasks per batch at most: far above any sensible batch, low enough that one claim can bring it. */
export declare const BATCH_SIZE_MAX = 10000;
/** A batch handler for a HandlerMap: `handlers: { 'send-email': batch({ size: 100, wait: '200ms' }, async (tasks, ctx) => …) }`. */
export declare function batch(options: BatchOptions, handler: BatchHandler): BatchHandlerSpec;
export declare function isBatchSpec(v: unknown): v is BatchHandlerSpec;
export declare function resolveBatch(spec: BatchHandlerSpec, field: string): ResolvedBatch;
/**
 * What a batch handler returned, as one outcome per task: `{ ok, value }` or `{ ok: false, error }`;
 * undefined for a task the return value says nothing about.
 */
export declare function outcomesOf(tasks: ClaimedTask[], out: unknown): Array<{
    ok: true;
    value: unknown;
} | {
    ok: false;
    error: unknown;
} | undefined>;
