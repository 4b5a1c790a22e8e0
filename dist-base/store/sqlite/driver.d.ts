import type { TaskState } from '../../model/state.js';
import type { Json, Task, TaskEvent, TaskId } from '../../model/task.js';
import { type FeedEvent, type FeedPosition } from '../../model/feed.js';
import { type EventListParams, type LeaderParams, type LeaseRef, type QueueCounts, type RetentionParams, type Store, type LogEntry, type Run, type RunPosition, type RunState, type StoredLogEntry, type TaskFinishedGroup, type TaskListParams, type TaskLiveGroup, type WriteBatch, type WriteBatchResult, type RunSearchParams, type RunSearchResult, type TaskLabel, type TaskSearchParams, type TaskSearchResult, type StoredCursor } from '../store.js';
import type { FlowAuditEntry, FlowLimit, FlowPause, FlowPauseKind, FlowUsage } from '../../model/flow.js';
import { Worker } from 'node:worker_threads';
import { type HistoryMode } from '../../model/history.js';
export interface SqliteStoreOptions {
    /** Apply migrations on open (default true). */
    migrate?: boolean;
    /** How long a writer waits for another process's lock (ms). */
    busyTimeoutMs?: number;
    /**
     * Apply every write on a dedicated thread (default: off; the CLI's `store.sqliteWriterThread`).
     * It keeps the event loop free while a transaction runs, which pays when handlers do real
     * work; for no-op tasks the hand-off costs more than it saves (bench/RESULTS.md). A path
     * names the compiled thread script to use.
     */
    writerThread?: boolean | string;
    /**
     * Wait for other processes' locks in 0.25–0.5 ms steps (default) rather than with SQLite's busy
     * handler, which sleeps up to 100 ms at a time. Either way the calling thread waits.
     */
    spinOnBusy?: boolean;
    /**
     * Copy the WAL back into the database file on a background thread (default: on; the CLI's
     * `store.sqliteCheckpointThread`). A path names the compiled thread script to use.
     */
    checkpointThread?: boolean | string;
    /** What a finished task leaves behind (model/history.ts); default `full`. */
    history?: HistoryMode;
}
export declare class SqliteStore implements Store {
    readonly driver: "sqlite";
    readonly file: string;
    private readonly db;
    private s;
    private flowSt;
    private writer;
    private thread;
    private readonly watchers;
    /** Set on the writer thread's own connection: wait for locks in JS, in small steps. */
    private spinOnBusy;
    private busyTimeoutMs;
    private busyOff;
    private busyOn;
    private closed;
    /** What a finished task leaves behind (model/history.ts). */
    history: HistoryMode;
    private constructor();
    static open(file: string, options?: SqliteStoreOptions): Promise<SqliteStore>;
    /**
     * One write transaction (BEGIN IMMEDIATE). On the writer thread, a lock held by another
     * process is waited out in short steps: SQLite's own busy handler sleeps up to 100 ms at a
     * time, which is what multi-process latency would otherwise be made of.
     */
    private immediate;
    /** True when write batches run on the writer thread. */
    get threaded(): boolean;
    /** The writer thread applies batches in order; two in flight keep it busy. */
    get pipelineDepth(): number;
    private prepare;
    schemaVersion(): Promise<number>;
    databaseTime(): Promise<number | null>;
    migrate(): Promise<{
        from: number;
        to: number;
    }>;
    writeBatch(batch: WriteBatch): Promise<WriteBatchResult>;
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
    /**
     * Wake-ups across processes: every commit, from any process, writes to the WAL file, so a
     * watch on it (through its folder, which outlives the WAL being removed and recreated) tells
     * an idle worker that something changed. Bursts are folded into one wake-up per turn of the
     * event loop; tasks that come due by time are found by the worker sleeping until run-at.
     */
    subscribeWake(listener: (queue: string) => void): Promise<() => Promise<void>>;
    /** The background checkpoint thread, once the first write started it. */
    checkpointer: Worker | null;
    private checkpointScript;
    close(): Promise<void>;
    private assertOpen;
}
