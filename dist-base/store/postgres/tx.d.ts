/**
 * One write transaction of the PostgreSQL driver: its connection, the time every change in it
 * takes, and the queues where something became claimable (`wake`: the driver notifies them once
 * per transaction). Events are written as they happen, one statement each, or inside the set
 * statements themselves (claim, completion, insert).
 *
 * The same shape as sqlite/tx.ts; the operations (insert.ts, lease.ts, operator.ts, finish.ts)
 * are written against it, one function for one function in both drivers.
 */
import type { ClientBase } from 'pg';
import type { TaskState } from '../../model/state.js';
import type { EventType, TaskId } from '../../model/task.js';
import type { TaskRow } from '../rows.js';
import type { TaskOpResult } from '../store.js';
import { type HotStatements } from './statements.js';
import { type HistoryMode } from '../../model/history.js';
export type Row = TaskRow & {
    has_dependents: boolean;
};
export declare const j: (v: unknown) => string | null;
export declare class PgTx {
    readonly c: ClientBase;
    /** The time of every change in the batch. */
    readonly now: number;
    /** The wake-up channel: a plain insert notifies in its own statement (no extra round trip). */
    readonly channel: string;
    /** A connection of the store's own pool (not a caller's): hot statements may be prepared on it. */
    private readonly prepared;
    /** What a finished task leaves behind (model/history.ts). */
    readonly history: HistoryMode;
    /** The driver's note of claimed tasks whose completion has consequences (claimed.ts), or null. */
    readonly consequential: Set<string> | null;
    /** Queues in which a task became claimable during this transaction. */
    readonly wake: Set<string>;
    constructor(c: ClientBase, 
    /** The time of every change in the batch. */
    now: number, 
    /** The wake-up channel: a plain insert notifies in its own statement (no extra round trip). */
    channel: string, 
    /** A connection of the store's own pool (not a caller's): hot statements may be prepared on it. */
    prepared: boolean, 
    /** What a finished task leaves behind (model/history.ts). */
    history?: HistoryMode, 
    /** The driver's note of claimed tasks whose completion has consequences (claimed.ts), or null. */
    consequential?: Set<string> | null);
    /** The hot statements of this history mode. */
    readonly hot: HotStatements;
    /** Whether the routine events a row shows (created pending, claimed, succeeded) are written. */
    get routine(): boolean;
    /**
     * compact/none: the row is about to stop showing its attempt, or an event of that attempt is
     * about to be written, so the attempt's claim is written first, at its own time (model/history.ts).
     */
    recordClaim(row: Pick<Row, 'id' | 'attempt' | 'started_at' | 'worker_id'>): Promise<void>;
    q(text: string, values: unknown[], rowMode?: 'array'): Promise<import("pg").QueryResult<any>>;
    /** Rows as arrays of their columns, in the statement's order (no object per row). */
    arrays(sql: string, params: unknown[]): Promise<unknown[][]>;
    rows<R = Row>(sql: string, params: unknown[]): Promise<R[]>;
    one<R = Row>(sql: string, params: unknown[]): Promise<R | undefined>;
    event(taskId: TaskId | number, type: EventType, attempt: number, workerId: string | null, detail: unknown): Promise<void>;
    /** Several events in one statement, in the order given. */
    events(list: ReadonlyArray<{
        task_id: TaskId;
        type: EventType;
        attempt: number;
        worker_id: string | null;
        detail: unknown;
    }>): Promise<void>;
    /** Why lease holders' calls changed nothing, in one read: each task moved on (or is gone). */
    guardFailures(ids: TaskId[]): Promise<Map<string, TaskOpResult>>;
    guardFailure(id: TaskId): Promise<TaskOpResult>;
    /** Where a task is now, live or finished. */
    stateOf(id: TaskId): Promise<TaskState | null>;
}
