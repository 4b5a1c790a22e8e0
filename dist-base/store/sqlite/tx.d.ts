/**
 * One write transaction of the SQLite driver: the connection's statements, the time every change
 * in it takes, and the events it records. Events are buffered and written at the end of the
 * batch in multi-row inserts, in the order the changes happened, so per-task order holds.
 *
 * The same shape as postgres/tx.ts; the operations (insert.ts, lease.ts, operator.ts, finish.ts)
 * are written against it, one function for one function in both drivers.
 */
import type Database from 'better-sqlite3';
import { type HistoryMode } from '../../model/history.js';
import type { TaskState } from '../../model/state.js';
import type { EventType, TaskId } from '../../model/task.js';
import type { TaskRow } from '../rows.js';
import type { TaskOpResult } from '../store.js';
import type { FlowStatements } from './flow.js';
import { SIZED_SQL, type Statements } from './statements.js';
type Statement = Database.Statement<unknown[], unknown>;
/** Rows per multi-row statement: large enough to amortise the call, small enough for the parameter limit. */
export declare const CHUNK = 64;
export declare const j: (v: unknown) => string | null;
/** The SIZED_SQL statements, prepared once per shape and size for the connection's life. */
export declare class SizedStatements {
    private readonly db;
    private readonly prepared;
    constructor(db: Database.Database);
    get(kind: keyof typeof SIZED_SQL, n: number): Statement;
}
export declare class SqliteTx {
    readonly s: Statements;
    readonly sized: SizedStatements;
    /** The time of every change in the batch. */
    readonly now: number;
    /** Flow control's statements (flow.ts), for the claim. */
    readonly flow: FlowStatements;
    /** What a finished task leaves behind (model/history.ts). */
    readonly history: HistoryMode;
    /** Events of this batch, six parameters each. */
    private events;
    constructor(s: Statements, sized: SizedStatements, 
    /** The time of every change in the batch. */
    now: number, 
    /** Flow control's statements (flow.ts), for the claim. */
    flow: FlowStatements, 
    /** What a finished task leaves behind (model/history.ts). */
    history?: HistoryMode);
    /** Whether the routine events a row shows (created pending, claimed, succeeded) are written. */
    get routine(): boolean;
    event(taskId: number | string, type: EventType, attempt: number, workerId: string | null, detail: unknown, at?: number): void;
    /** Forgets this batch's events of a task that leaves no history (history `none`). */
    dropEvents(taskId: number | string | bigint): void;
    /** Claims already recorded in this batch (its events are written at the end). */
    private recorded;
    /**
     * compact/none: the row is about to stop showing its attempt, or an event of that attempt is
     * about to be written, so the attempt's claim is written first, at its own time (model/history.ts).
     */
    recordClaim(row: Pick<TaskRow, 'id' | 'attempt' | 'started_at' | 'worker_id'>): void;
    /** Writes the buffered events, in order, CHUNK per statement. */
    flushEvents(): void;
    /** Why a lease holder's call changed nothing: the task moved on (or is gone). */
    guardFailure(id: TaskId): TaskOpResult;
    /** Where a task is now, live or finished. */
    stateOf(id: TaskId | number): TaskState | null;
}
/**
 * Adds rows that entered history (`sign` 1) or left it (-1) to the history counts: one update
 * per queue and state, however many rows.
 */
export declare function countHistory(s: Pick<Statements, 'historyCount'>, rows: ReadonlyArray<{
    queue: string;
    state: string;
}>, sign: 1 | -1): void;
export {};
