/**
 * The engine: the one way into the store for every surface (CLI, server, bus, scheduler,
 * workflow, worker). This class holds the operations on tasks; the rest are its parts, one file
 * each: `runs` (the run lifecycle, runs.ts), `logs` (captured output, logs.ts), `leaders` and
 * `cursors` (coordination between processes, coordination.ts), `queues` (counts, pause,
 * queues.ts), `inspect` (searches and timelines for consoles, inspect.ts), `bulk` (operator
 * actions on many tasks, bulk.ts); wake-ups the store pushes are relayed into `signals` (wakeups.ts). Task writes go
 * through the group-commit write queue; validation happens here, before anything reaches the
 * store, so an invalid request changes nothing.
 */
import { EventEmitter } from 'node:events';
import { type Clock, type ClockSkew } from '../model/clock.js';
import { type BatchSpec, type EnqueueOptions, type EnqueueSpec } from '../model/spec.js';
import type { TaskState } from '../model/state.js';
import type { FeedEvent, FeedPosition } from '../model/feed.js';
import type { ClaimedTask, Json, Task, TaskEvent, TaskId } from '../model/task.js';
import type { Store, TaskListParams, TaskOutcome } from '../store/store.js';
import { Bulk } from './bulk.js';
import { Cursors, Leaders } from './coordination.js';
import { Flow } from './flow.js';
import { type GraphNode } from './graph.js';
import { Inspect } from './inspect.js';
import { Logs } from './logs.js';
import { Queues } from './queues.js';
import { Runs } from './runs.js';
/** What a completion reports back (the worker's view of a finished attempt). */
export type { TaskOutcome };
/** The filter of list(): surfaces take it from here, since they never import the store. */
export type { TaskListParams };
export interface EngineOptions {
    store: Store;
    clock?: Clock;
    /** Random source for backoff jitter (tests pass a fixed one). */
    random?: () => number;
    /** Operations per group-commit transaction at most. */
    maxBatch?: number;
}
export interface EngineEvents {
    /** Tasks may have become claimable in these queues ('*' = any queue). */
    wake: [queue: string];
    /** A running task was cancelled: the worker holding it should abort its handler. */
    cancelled: [taskId: TaskId];
}
export interface ClaimParams {
    queues: string[];
    workerId: string;
    limit: number;
    leaseMs: number;
}
export declare class Engine {
    readonly clock: Clock;
    readonly signals: EventEmitter<EngineEvents>;
    /** The run lifecycle: submit (run and graph in one transaction), finish, cancel, read, wait. */
    readonly runs: Runs;
    /** Captured output of executable tasks. */
    readonly logs: Logs;
    /** Leader leases shared by every process on the store. */
    readonly leaders: Leaders;
    /** Durable named positions (event feed followers, trigger state), with compare-and-set. */
    readonly cursors: Cursors;
    /** Counts by queue and state; pause and resume. */
    readonly queues: Queues;
    /** Flow control: limits enforced at claim time, pauses by name, run, schedule or queue (flow.ts). */
    readonly flow: Flow;
    /** What an operator's console reads: searches, many tasks at once, a run's timeline. */
    readonly inspect: Inspect;
    /** Retry or cancel many tasks at once, each with its own answer. */
    readonly bulk: Bulk;
    private readonly store;
    private readonly random;
    private readonly wq;
    constructor(options: EngineOptions);
    /** Which store this engine runs on. */
    get driver(): Store['driver'];
    /** True when the store pushes wake-ups across processes, so workers can poll slowly. */
    get pushesWakeups(): boolean;
    /**
     * Files on this machine that hold the store's data: a SQLite database with its WAL,
     * shared-memory and rollback journal; none for a store on a server or in memory. Jails hide
     * them (worker/runners/exec/placement.ts): a jailed task may see their folder, never them.
     */
    get storeFiles(): string[];
    /** Claims one worker may keep in flight at once (the store's claimDepth; default 1). */
    get claimDepth(): number;
    get writeStats(): import("./write-queue.js").WriteQueueStats;
    enqueue(name: string, payload?: unknown, options?: EnqueueOptions): Promise<Task>;
    /**
     * Like enqueue, and says whether the task was created or an existing one returned (same key or
     * dedupKey), and `collapsed` when the enqueue joined a task by its debounce or throttle key.
     */
    enqueueOne(spec: EnqueueSpec): Promise<{
        task: Task;
        created: boolean;
        collapsed?: boolean;
    }>;
    /**
     * Enqueues all or none, in one transaction. A spec's `after` names earlier specs of the same
     * call by index: it depends on them (a chain or a DAG submitted at once).
     */
    enqueueMany(specs: BatchSpec[]): Promise<Task[]>;
    /** Like enqueueMany, and says for each whether it was created or an existing one (same key or dedupKey) returned. */
    enqueueManyResults(specs: BatchSpec[]): Promise<Array<{
        task: Task;
        created: boolean;
        collapsed?: boolean;
    }>>;
    /**
     * Enqueues a graph all or none, in one transaction. `after` names dependencies among earlier
     * nodes of the same call by index (their ids do not exist yet); `spec.dependsOn` may still
     * name existing tasks. (A workflow run and its graph: `runs.submit`.)
     */
    enqueueGraph(nodes: GraphNode[]): Promise<Task[]>;
    private wakeFor;
    claim(p: ClaimParams): Promise<ClaimedTask[]>;
    heartbeat(p: {
        id: TaskId;
        leaseToken: number;
        leaseMs: number;
        progress?: Json;
    }): Promise<Task>;
    complete(p: {
        id: TaskId;
        leaseToken: number;
        result?: Json;
    }): Promise<TaskOutcome>;
    /** Records a failed attempt; retries with backoff while attempts remain (the policy is in retry-policy.ts). */
    fail(p: {
        task: Pick<ClaimedTask, 'id' | 'leaseToken' | 'attempt' | 'maxAttempts' | 'backoff'>;
        error: unknown;
    }): Promise<Task>;
    /** Finishes a claimed task as skipped (a run condition said no): no retry, the reason is kept. */
    skip(p: {
        id: TaskId;
        leaseToken: number;
        reason: string;
    }): Promise<Task>;
    /**
     * The lease holder sets how many attempts the task gets in all, this one included: what runs a
     * task may know better than what enqueued it (a unit's `Restart=`). Throws LeaseLostError when
     * the lease is gone.
     */
    setMaxAttempts(p: {
        id: TaskId;
        leaseToken: number;
        maxAttempts: number;
    }): Promise<void>;
    /** Gives a claimed task back without using up an attempt. */
    unclaim(p: {
        id: TaskId;
        leaseToken: number;
    }): Promise<Task>;
    cancel(id: TaskId, reason?: string): Promise<Task>;
    /** Runs a failed, cancelled or skipped task again, with a fresh set of attempts. */
    retry(id: TaskId): Promise<Task>;
    /** Makes tasks whose lease ran out claimable again (or fails them if out of attempts). */
    expireLeases(limit?: number): Promise<Task[]>;
    purgeFinished(olderThanMs: number, limit?: number): Promise<{
        tasks: number;
        events: number;
    }>;
    get(id: TaskId): Promise<Task>;
    /** The task, or null if there is none (never was, or purged by retention). */
    find(id: TaskId): Promise<Task | null>;
    /** Newest first. */
    list(p?: Partial<TaskListParams>): Promise<Task[]>;
    /** Dependency edges among and into the given tasks (for drawing graphs, reading upstream results). */
    deps(taskIds: TaskId[]): Promise<Array<{
        taskId: TaskId;
        depId: TaskId;
    }>>;
    /** Events of the tasks, oldest first: at most `limit`, after the event `afterId` (to page). */
    events(taskIds: TaskId[], limit?: number, afterId?: string): Promise<TaskEvent[]>;
    /** Every event of every task after the feed position `after`, in feed order: what followers of the store (metrics, outboxes, rules) read (model/feed.ts). */
    eventFeed(p: {
        after?: FeedPosition;
        limit: number;
    }): Promise<FeedEvent[]>;
    /** The feed position of the last event: where a follower that skips history starts. */
    eventFeedEnd(): Promise<FeedPosition>;
    countLive(queues?: string[]): Promise<Partial<Record<TaskState, number>>>;
    /** Earliest run-at among claimable tasks in the queues (a delayed or retrying task), or null. */
    nextRunAt(queues: string[]): Promise<number | null>;
    /** The store answers (a read of its schema version) and which driver it is. */
    health(): Promise<{
        driver: Store['driver'];
        schemaVersion: number;
    }>;
    /**
     * This process's clock against the database's (null when the store has no clock of its own:
     * SQLite). Hosts write and judge leases and run-at times by their own clocks.
     */
    clockSkew(): Promise<ClockSkew | null>;
    /** Resolves when every write queued so far is committed. */
    flush(): Promise<void>;
    private expectOk;
}
