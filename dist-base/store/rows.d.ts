import type { TaskState } from '../model/state.js';
import type { ClaimedTask, NewTask, Task, TaskEvent } from '../model/task.js';
import type { Run, StoredCursor } from './store.js';
import type { DependentCounters } from '../model/decisions.js';
export interface TaskRow {
    id: number | string | bigint;
    name: string;
    queue: string;
    state: string;
    payload: unknown;
    result: unknown;
    error: unknown;
    progress: unknown;
    priority: number;
    run_at: number | string;
    attempt: number;
    max_attempts: number;
    backoff: unknown;
    timeout_ms: number | string | null;
    lease_token: number | string;
    lease_expires_at: number | string | null;
    worker_id: string | null;
    parent_id: number | string | bigint | null;
    run_id: string | null;
    key: string | null;
    tags: unknown;
    deps_pending: number;
    deps_failed: number;
    trigger_rule: string;
    dedup_key: string | null;
    children_pending: number;
    created_at: number | string;
    started_at: number | string | null;
    finished_at: number | string | null;
    updated_at: number | string;
}
/** Columns a claim reads back, in this order; everything else it has just set itself. */
export declare const CLAIMED_COLUMNS: readonly ["id", "name", "queue", "payload", "error", "progress", "priority", "run_at", "attempt", "max_attempts", "backoff", "timeout_ms", "lease_token", "parent_id", "run_id", "key", "tags", "deps_pending", "deps_failed", "trigger_rule", "dedup_key", "children_pending", "created_at"];
/** The task a claim returns, from CLAIMED_COLUMNS (raw) plus what the claim set. */
export declare function claimedRowToTask(a: unknown[], workerId: string, now: number, leaseMs: number): ClaimedTask;
/** A task row read in raw (array) mode, columns in table order (schema TASK_COLUMN_NAMES). */
export declare function arrayToTaskRow(a: unknown[]): TaskRow;
export interface EventRow {
    id: number | string | bigint;
    task_id: number | string | bigint;
    type: string;
    at: number | string;
    attempt: number;
    worker_id: string | null;
    detail: unknown;
}
export declare function rowToTask(r: TaskRow): Task;
export declare function rowToEvent(r: EventRow): TaskEvent;
export interface LogRow {
    id: number | string;
    task_id: number | string;
    attempt: number;
    at: number;
    stream: string;
    text: string;
}
export interface RunRow {
    id: string;
    name: string;
    state: string;
    spec: unknown;
    inputs: unknown;
    outputs: unknown;
    error: unknown;
    trigger: string | null;
    created_at: number | string;
    finished_at: number | string | null;
    updated_at: number | string;
}
export declare function rowToRun(r: RunRow): Run;
/** The record of a task just inserted, built from what was written (cheaper than reading it back). */
export declare function newTaskRecord(id: number | string, t: NewTask, state: TaskState, depsPending: number, depsFailed: number, now: number): Task;
export declare function policyText(policy: object): string;
/** A dependent's counters as the statements that move them return them (id, state, trigger_rule, deps_*, run_at). */
export interface DependentRow<Id> {
    id: Id;
    state: string;
    trigger_rule: string;
    deps_pending: number;
    deps_failed: number;
    run_at: number | string;
}
export declare function dependentCounters<Id extends number | string>(r: DependentRow<Id>): DependentCounters<Id>;
export interface CursorRow {
    name: string;
    value: string;
    updated_at: number | string;
}
export declare const rowToCursor: (r: CursorRow) => StoredCursor;
