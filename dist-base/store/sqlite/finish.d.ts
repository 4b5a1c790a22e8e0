import type { FinishedState } from '../../model/state.js';
import type { Task, TaskError, TaskId } from '../../model/task.js';
import { type TaskRow } from '../rows.js';
import { type SqliteTx } from './tx.js';
/** Moves a live task to history in a finished state, records the event and carries the consequences. */
export declare function finish(tx: SqliteTx, id: TaskId | number, state: FinishedState, error: TaskError | null): Task;
/**
 * What a finished task does to others: its dependents (SQLite keeps no has-dependents flag; the
 * look-up is one index probe) and a parent waiting on it.
 */
export declare function afterFinish(tx: SqliteTx, row: Pick<TaskRow, 'id' | 'name' | 'parent_id'>, state: FinishedState, error: TaskError | null): void;
/**
 * Tasks that finished the same way (`cause`): their dependents' counters move (a dependent
 * waiting on several of them moves once, by how many), then those now decided are unblocked,
 * one statement per target state, or skipped.
 */
export declare function dependentsFinished(tx: SqliteTx, ids: number[], cause: FinishedState): void;
/** A subtask finished: its parent's count of open subtasks goes down, and a waiting parent may finish. */
export declare function subtaskFinished(tx: SqliteTx, parentId: TaskId, subtask: {
    id: TaskId;
    name: string;
    state: FinishedState;
    error: TaskError | null;
}): void;
/**
 * history `none`: of tasks that just moved to history as succeeded, the ones kept
 * (model/history.ts keepsSucceeded); the others leave history at once with their events and logs.
 */
export declare function keptSucceeded<R extends {
    id: number | string | bigint;
    queue: string;
    state: string;
    parent_id: unknown;
    run_id: unknown;
    dedup_key: unknown;
}>(tx: SqliteTx, rows: R[]): R[];
