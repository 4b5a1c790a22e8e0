import { EventEmitter } from 'node:events';
import type { Engine, TaskOutcome } from '../engine/engine.js';
import type { ClaimedTask, Json, Task, TaskId } from '../model/task.js';
import { type BatchSpec, type EnqueueOptions } from '../model/spec.js';
import { type Logger } from '../logger.js';
import { type BatchHandler, type BatchHandlerSpec, type BatchOptions } from './batch.js';
export interface TaskContext {
    task: ClaimedTask;
    attempt: number;
    /** Fires when the task times out, is cancelled, loses its lease or the worker shuts down. */
    signal: AbortSignal;
    /** Extends the lease now (the worker also does this on its own). */
    heartbeat(): Promise<void>;
    /** Records progress (any JSON) and extends the lease. */
    progress(value: Json): Promise<void>;
    /**
     * Creates a subtask of this task. When the handler returns, the task waits (holding no worker
     * slot) until every subtask has finished; a subtask that fails for good fails it.
     */
    spawn(name: string, payload?: unknown, options?: EnqueueOptions): Promise<Task>;
    /**
     * Creates several subtasks at once, all or none (as `enqueueMany`): `after` on a spec names
     * earlier specs of the call by index, so a chain or a DAG of subtasks goes in one call.
     */
    spawnMany(specs: BatchSpec[]): Promise<Task[]>;
    log: Logger;
}
export type Handler = (payload: any, ctx: TaskContext) => unknown | Promise<unknown>;
/** A task name's handler: a function for one task at a time, or a batch handler (worker/batch.ts). */
export type HandlerMap = Record<string, Handler | BatchHandlerSpec>;
export interface WorkerOptions {
    handlers: HandlerMap;
    queues?: string[];
    /** Handlers running at once. */
    concurrency?: number;
    /** Tasks claimed ahead of free slots (default: equal to concurrency). */
    prefetch?: number;
    /** Lease length; heartbeats renew it every third of it. */
    leaseMs?: number;
    /**
     * Idle poll interval: the fallback when no wake-up signal arrives (other processes). Default
     * 200 ms, or 5 s when the store pushes wake-ups across processes (PostgreSQL), where the
     * idle worker also sleeps exactly until the next delayed task is due.
     */
    pollIntervalMs?: number;
    /** On stop, how long in-flight handlers may take before they are aborted and given back. */
    shutdownGraceMs?: number;
    /**
     * How often the worker asks the store whether a task it has held since the previous time was
     * cancelled by another process (`taskframe cancel`, `runs RUN --cancel`, the API), so its
     * handler is aborted (and its process killed) within twice this time, not at the next
     * heartbeat. Default 500 ms; 0: only at heartbeats. A cancel in this process is seen at once.
     */
    cancelCheckMs?: number;
    /** Resolve `drained` once nothing runnable is left in the worker's queues. */
    drain?: boolean;
    workerId?: string;
    logger?: Logger;
}
export interface WorkerEvents {
    'task:start': [task: ClaimedTask];
    'task:end': [task: ClaimedTask, outcome: 'succeeded' | 'failed' | 'retrying' | 'skipped' | 'lost' | 'given_back', detail?: Task | TaskOutcome | Error];
    idle: [];
    /** Concurrency, prefetch or queues changed while running (reconfigure). */
    reconfigured: [settings: {
        concurrency: number;
        prefetch: number;
        queues: string[];
    }];
    error: [err: Error];
}
export declare function defaultWorkerId(): string;
export declare class Worker extends EventEmitter<WorkerEvents> {
    private readonly engine;
    readonly id: string;
    private queueList;
    private slots;
    private prefetch;
    /** Prefetch follows concurrency unless it was given. */
    private prefetchGiven;
    private readonly leaseMs;
    private readonly pollIntervalMs;
    private readonly graceMs;
    private readonly cancelCheckMs;
    private readonly handlers;
    private readonly log;
    private readonly drainMode;
    private readonly running;
    /** Of `running`, the tasks inside batches, and the batches: slots used = singles + batches. */
    private inBatches;
    private batchesRunning;
    private readonly batchSpecs;
    private readonly collectors;
    private buffer;
    /** Claims in flight, and the tasks they may bring (counted against the room for more). */
    private claimsOut;
    private claimedAhead;
    /** The last claim answered brought as many tasks as it asked for: a backlog is likely. */
    private claimsFull;
    private started;
    private stopping;
    private wakeRequested;
    private idleTimer;
    private heartbeatTimer;
    private cancelTimer;
    private checkingCancels;
    private drainCheck;
    /** Claims wait until then after a failure (backoff), whatever wakes the worker. */
    private claimPausedUntil;
    private claimFailures;
    private readonly outage;
    /**
     * A claim unanswered this long is reported (once): a lease, at most 10 s. Only claims are
     * watched (a timer per result would cost every task); a result that hangs holds up the next
     * claim in the same write queue, which then reports it.
     */
    private readonly stallMs;
    /** Results waiting to be recorded again after the store failed them, and the round that will. */
    private resultRetries;
    private resultRetryTimer;
    /** Rounds of result retries in a row that met a failure (sets the next round's pause). */
    private resultFailedRounds;
    /** Results being recorded right now. */
    private readonly delivering;
    private resolveDrained;
    /** Resolves when drain mode finds nothing left to run. */
    readonly drained: Promise<void>;
    private readonly onWake;
    private readonly onCancelled;
    constructor(engine: Engine, options: WorkerOptions);
    /** Tasks held by handlers right now (every task of a running batch counts). */
    get inFlight(): number;
    /**
     * Whether a handler holds this task right now: from its start until the handler returns. Its
     * slot is free from then on, while its result is still being recorded (`task:end` follows that).
     */
    holds(id: TaskId): boolean;
    /** Slots in use: a batch takes one, whatever its number of tasks. */
    private get slotsUsed();
    /**
     * Adds (or replaces) the handler of a task name, before or after start:
     * `register('send-email', async (payload, ctx) => …)` or, for batches,
     * `register('send-email', { batch: { size: 100, wait: '200ms' } }, async (tasks, ctx) => …)`.
     */
    register(name: string, handler: Handler): this;
    register(name: string, options: {
        batch: BatchOptions;
    }, handler: BatchHandler): this;
    /** Queues served. */
    get queues(): string[];
    /** Handlers running at once. */
    get concurrency(): number;
    /**
     * Changes concurrency, prefetch or queues while running (a config reload). More slots are
     * filled at once; with fewer, running handlers finish and no new one starts until there is room.
     * Tasks already claimed from a queue no longer served still run.
     */
    reconfigure(o: {
        concurrency?: number;
        prefetch?: number;
        queues?: string[];
    }): void;
    start(): this;
    /** Stops claiming, waits up to the grace period for in-flight handlers, then gives the rest back. */
    stop(graceMs?: number): Promise<void>;
    /** Something may be claimable: claim now if there is room. */
    wake(): void;
    /**
     * Claims while there is room. A store that takes several batches in flight (claimDepth > 1)
     * gets that many claims at once, each for its share of the room: one worker then keeps a
     * statement running on the database while it handles the answer of another.
     */
    private fill;
    /** Sends one claim; false when there is no room (or claims are backing off). */
    private claimOnce;
    private retryClaimIn;
    private becomeIdle;
    /** With pushed wake-ups the poll is slow; a delayed or retrying task due sooner shortens it. */
    private sleepUntilNextRunAt;
    private checkDrained;
    private startFromBuffer;
    /**
     * Moves buffered tasks of batch names into their collectors (no slot needed to wait there) and
     * hands over the full or due ones while slots are free.
     */
    private collect;
    /** Every collected task, out of its collector (on stop: they are given back). */
    private takeCollected;
    private runBatch;
    /** Frees a batch's slot (once): its handler returned, or every one of its tasks ended. */
    private releaseBatch;
    /** A task leaves `running`; a batch whose last task this was gives its slot back. */
    private dropRunning;
    /** The task's timeout: its attempt fails then, and frees its slot, even if the handler ignores its signal. */
    private armTimeout;
    private run;
    private settle;
    /**
     * Records a task's result. When the store cannot take it, it is tried again with backoff:
     * while the store is unavailable, until it answers (a late result is refused with LEASE_LOST
     * if the task moved on, and changes nothing); after any other failure of the store, while the
     * lease lasts.
     */
    private deliver;
    /**
     * Results that failed are tried again together, in rounds (so one write per round, not one
     * per result): 100 ms after the first failure, doubling to 2 s while rounds keep failing.
     */
    private retryResult;
    /**
     * After a result was refused with LEASE_LOST: whether the task ended under this very lease (same
     * worker, same fencing token) in a state only this worker's result could have put it in.
     * Throws StoreUnavailableError when the store cannot be read.
     */
    private recordedEarlier;
    /** 'error' is only emitted to listeners: an unobserved worker error is logged, never a crash. */
    private emitError;
    /**
     * Cancels made by other processes reach this worker only through the store. Only tasks already
     * running at the previous check are asked about, so short tasks cost nothing (not even a
     * timestamp), and a long one (a command running for minutes) one read by id per check; a
     * cancel is seen within two intervals.
     */
    private checkCancelled;
    private heartbeatAll;
}
