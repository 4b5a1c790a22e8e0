/**
 * The PostgreSQL store: many processes on many machines share one database with no other
 * coordination. A write batch is one transaction on one pooled connection (see batch.ts for
 * its statements); claims use FOR UPDATE SKIP LOCKED; wake-ups travel by LISTEN/NOTIFY.
 *
 *   PostgresStore.open('postgres://user@host:5432/db?schema=taskframe', { poolSize: 10 })
 *   taskframe worker --db 'postgres://user@host:5432/db?schema=taskframe&poolSize=4' …
 *
 * Prepared statements: the hot statements are prepared by name on each pooled connection; add
 * `?prepare=false` behind a pooler that does not keep a client on one server connection
 * (PgBouncer in transaction mode before 1.21).
 *
 * Pool size: each process holds up to `poolSize` connections (default 10; `?poolSize=N` in
 * the URL or the `poolSize` option; the URL wins). The engine's group commit keeps at most
 * `pipelineDepth` (default 2) write transactions in flight per process, so the rest of the pool
 * serves reads; 4–10 is plenty for a worker process. Plus one connection per process for
 * LISTEN, opened only while something listens for wake-ups.
 *
 * Losing the database: a broken connection never takes the process with it (hosts.ts); an
 * operation that cannot reach the server fails with StoreUnavailableError after riding out up
 * to a second of failed connection attempts (acquire()), and a URL with several hosts moves on
 * to the next one after a refusal or a read-only server (url.ts, hosts.ts).
 */
import type { ClientBase, Pool } from 'pg';
import type { TaskState } from '../../model/state.js';
import type { Json, Task, TaskEvent, TaskId } from '../../model/task.js';
import { type FeedEvent, type FeedPosition } from '../../model/feed.js';
import type { EventListParams, LeaderParams, LeaseRef, LogEntry, QueueCounts, RetentionParams, Run, RunPosition, RunState, Store, StoredLogEntry, TaskFinishedGroup, TaskListParams, TaskLiveGroup, WriteBatch, WriteBatchResult, StoredCursor } from '../store.js';
import type { FlowAuditEntry, FlowLimit, FlowPause, FlowPauseKind, FlowUsage } from '../../model/flow.js';
import type { RunSearchParams, RunSearchResult, TaskInsertOp, TaskLabel, TaskSearchParams, TaskSearchResult } from '../store.js';
import { TableVacuum } from './table-vacuum.js';
import { type HistoryMode } from '../../model/history.js';
import { type WakeListener } from './wake.js';
export interface PostgresStoreOptions {
    /** Apply migrations on open (default true). */
    migrate?: boolean;
    /** Connections in the pool (default 10). */
    poolSize?: number;
    /** Schema holding taskframe's tables (default "taskframe"); `?schema=` in the URL wins. */
    schema?: string;
    /** What a finished task leaves behind (model/history.ts); default `full`. */
    history?: HistoryMode;
    /** Write batches in flight at once, each on its own connection (default 2; 1: one at a time). */
    pipelineDepth?: number;
}
/**
 * Write batches in flight at once per process, each on a pooled connection of its own, and so
 * claims in flight per worker (claimDepth). Two keep the database busy while a worker handles
 * the answer of its previous batch: measured 1.29x the drain rate of one (bench/RESULTS-history.md).
 * Batches in flight commit in no particular order; nothing the engine sends depends on an order
 * between batches it has not awaited (a worker's claims each ask only for their share of its
 * room; a heartbeat that lands after its task's completion is refused and changes nothing).
 */
export declare const DEFAULT_PIPELINE_DEPTH = 2;
export declare class PostgresStore implements Store {
    readonly pool: Pool;
    private readonly target;
    private readonly hosts;
    readonly driver: "postgres";
    readonly schema: string;
    private readonly channel;
    private readonly knownDays;
    /** The highest event id and transaction id this process knows to be places in the feed (eventFeed). */
    private feedBound;
    private wake;
    /** Keeps the live table small under churn (see table-vacuum.ts). */
    readonly liveVacuum: TableVacuum;
    /** Reclaims today's history partitions when retention purges them row by row. */
    readonly historyVacuum: TableVacuum;
    private ready;
    /** The rule the one-round-trip flow claim serves (flow-fast.ts), as the last flow snapshot read it. */
    private fast;
    /** The one-round-trip claim statements each pooled connection has prepared. */
    private readonly fastPrepared;
    /** Flow claims left to the general path after the one-round-trip claim could not serve a whole claim. */
    private fastSkip;
    /** How many flow claims go by the general path after the one-round-trip claim missed (tests set 0 to run it on every claim). */
    fastSkipAfterMiss: number;
    /** Flow rules existed at the last flow-aware claim: claims skip the plain statement (see flowClaim). */
    private flowOn;
    /**
     * Ids of tasks this store claimed whose completion has consequences (dependents, a parent):
     * a batch completing only such tasks goes straight to a transaction (claimed.ts). A hint:
     * forgotten when the task is completed or failed here, and all at once past HINTS_MAX (tasks
     * whose lease was lost, or finished elsewhere).
     */
    private readonly consequential;
    private closed;
    /** What a finished task leaves behind (model/history.ts). */
    history: HistoryMode;
    /** Write batches in flight at once, each on a connection of its own (DEFAULT_PIPELINE_DEPTH). */
    pipelineDepth: number;
    get claimDepth(): number;
    private constructor();
    static open(url: string, options?: PostgresStoreOptions): Promise<PostgresStore>;
    schemaVersion(): Promise<number>;
    databaseTime(): Promise<number | null>;
    migrate(): Promise<{
        from: number;
        to: number;
    }>;
    private ensureDays;
    writeBatch(batch: WriteBatch): Promise<WriteBatchResult>;
    private writeBatchNow;
    /**
     * A batch on `client` with this store's settings. `prepared`: false on a caller's connection
     * (hot statements are prepared only on the store's own).
     */
    private batchOn;
    /** `leftovers`: completions the one-statement path could not take (or would not), for a transaction. */
    private writeBatchOnce;
    /**
     * The claim made by the flow-aware path, in a transaction of its own, when a flow rule exists:
     * the plain statement claims nothing at all then, and says so when it comes back empty. Whether
     * rules exist is remembered (flowOn) so busy workers skip the plain statement; every flow-aware
     * claim reads it afresh, so a removed rule brings the plain path back at the next claim.
     */
    private flowClaim;
    /**
     * flow-fast.ts: the one-rule claim in one round trip, its statement prepared once per connection
     * (by SQL PREPARE, inside the claim's own transaction). Behind a pooler that moves a client
     * between server sessions the statement may be missing, or there already: the claim is sent
     * again with or without the PREPARE (once each), and so each server session comes to have it.
     */
    private fastFlowClaim;
    private generalFlowClaim;
    /**
     * `begin`: the statement(s) opening the transaction; `fn` gets what they returned, and
     * `commitWith`, which sends its last statement and the COMMIT in one round trip.
     */
    private inTransaction;
    private notify;
    /**
     * Enqueues inside the caller's own transaction on their connection: the tasks exist if and
     * only if that transaction commits. The caller's search_path is restored before returning.
     */
    enqueueInTransaction(client: ClientBase, inserts: TaskInsertOp[], now: number): Promise<Task[]>;
    /** Wake-ups from other processes (LISTEN/NOTIFY). Resolves once listening. */
    subscribeWake(listener: WakeListener): Promise<() => Promise<void>>;
    private rows;
    /**
     * One statement on a pooled connection. Like pool.query, but through acquire() (so it rides
     * out a restart while connecting), and a connection is dropped only when it failed, not when
     * the server refused the statement.
     */
    private query;
    /**
     * A pooled connection. Failing to get one sends nothing, so it is tried again: each host of
     * the URL once at once (the selector moves on after a failure), then with a short backoff
     * for up to CONNECT_RETRY_MS.
     */
    private acquire;
    /** A connection found its server read-only (demoted in a failover): new ones go elsewhere. */
    private failedOver;
    /** Runs fn; a connection failure becomes a StoreUnavailableError (typed, retryable). */
    private guard;
    taskGet({ id }: {
        id: TaskId;
    }): Promise<Task | null>;
    taskList(p: TaskListParams): Promise<Task[]>;
    taskDepsList({ taskIds }: {
        taskIds: TaskId[];
    }): Promise<Array<{
        taskId: TaskId;
        depId: TaskId;
    }>>;
    taskCountLive({ queues }: {
        queues?: string[];
    }): Promise<Partial<Record<TaskState, number>>>;
    queueCounts(): Promise<QueueCounts[]>;
    taskLiveSummary(p: {
        queues: string[];
        now: number;
        soonBy: number;
    }): Promise<TaskLiveGroup[]>;
    taskFinishedSummary(p: {
        queues: string[];
        since: number;
        limit: number;
    }): Promise<TaskFinishedGroup[]>;
    taskNextRunAt({ queues }: {
        queues: string[];
    }): Promise<number | null>;
    taskGetMany(p: {
        ids: TaskId[];
    }): Promise<Task[]>;
    taskLabelList(p: {
        ids: TaskId[];
    }): Promise<TaskLabel[]>;
    taskSearch(p: TaskSearchParams): Promise<TaskSearchResult>;
    runSearch(p: RunSearchParams): Promise<RunSearchResult>;
    eventList(p: EventListParams): Promise<TaskEvent[]>;
    eventFeed(p: {
        after?: FeedPosition;
        limit: number;
    }): Promise<FeedEvent[]>;
    eventFeedEnd(): Promise<FeedPosition>;
    logAppend(p: {
        entries: LogEntry[];
    }): Promise<void>;
    logList(p: {
        taskId: TaskId;
        attempt?: number;
        afterId?: string;
        limit: number;
    }): Promise<StoredLogEntry[]>;
    runInsert(p: {
        run: Omit<Run, 'updatedAt' | 'finishedAt'>;
    }): Promise<Run>;
    runGet(p: {
        id: string;
    }): Promise<Run | null>;
    runList(p: {
        name?: string;
        states?: RunState[];
        before?: RunPosition;
        limit: number;
    }): Promise<Run[]>;
    taskSetMaxAttempts(p: LeaseRef & {
        maxAttempts: number;
        now: number;
    }): Promise<boolean>;
    runUpdate(p: {
        id: string;
        fromStates: RunState[];
        state: RunState;
        outputs?: Json | null;
        error?: Json | null;
        now: number;
    }): Promise<Run | null>;
    queueSetPaused(p: {
        queue: string;
        paused: boolean;
        now: number;
    }): Promise<void>;
    flowLimitSet(p: {
        limit: FlowLimit;
        actor: string | null;
        now: number;
    }): Promise<void>;
    flowLimitRemove(p: {
        id: string;
        actor: string | null;
        now: number;
    }): Promise<boolean>;
    flowLimitList(): Promise<FlowLimit[]>;
    flowPauseSet(p: {
        kind: FlowPauseKind | 'queue';
        target: string;
        paused: boolean;
        actor: string | null;
        now: number;
    }): Promise<boolean>;
    flowPauseList(): Promise<FlowPause[]>;
    flowAuditList(p: {
        limit: number;
        beforeId?: string;
    }): Promise<FlowAuditEntry[]>;
    flowUsage(p: {
        now: number;
    }): Promise<FlowUsage[]>;
    /** Reads of the flow tables, one pooled statement each. */
    private reader;
    /** A flow-control change and its audit line, in one transaction. */
    private adminTx;
    queuePausedList(): Promise<string[]>;
    cursorList(p: {
        prefix: string;
    }): Promise<StoredCursor[]>;
    cursorGet(p: {
        name: string;
    }): Promise<string | null>;
    cursorSet(p: {
        name: string;
        value: string;
        expect?: string | null;
        now: number;
    }): Promise<boolean>;
    retentionPurge(p: RetentionParams & {
        now: number;
    }): Promise<{
        tasks: number;
        events: number;
    }>;
    leaderElect(p: LeaderParams): Promise<boolean>;
    leaderResign(p: {
        name: string;
        holder: string;
    }): Promise<void>;
    leaderGet(p: {
        name: string;
        now: number;
    }): Promise<{
        holder: string;
        expiresAt: number;
    } | null>;
    close(): Promise<void>;
    private assertOpen;
}
