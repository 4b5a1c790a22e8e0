import type { FinishedState } from '../../model/state.js';
import type { Task, TaskError, TaskId } from '../../model/task.js';
import { type PgTx, type Row } from './tx.js';
/** Moves a live task to history in a finished state, records the event and carries the consequences. */
export declare function finish(tx: PgTx, id: TaskId, state: FinishedState, error: TaskError | null): Promise<Task>;
/** What a finished task does to others: its dependents (most tasks have none: a flag says so) and a parent waiting on it. */
export declare function afterFinish(tx: PgTx, row: Pick<Row, 'id' | 'name' | 'has_dependents' | 'parent_id'>, state: FinishedState, error: TaskError | null): Promise<void>;
/**
 * Tasks that finished the same way (`cause`): their dependents' counters move in one statement
 * (a dependent waiting on several of them moves once, by how many), then those now decided are
 * unblocked, one statement per target state, or skipped.
 */
export declare function dependentsFinished(tx: PgTx, ids: string[], cause: FinishedState): Promise<void>;
/** A subtask finished: its parent's count of open subtasks goes down, and a waiting parent may finish. */
export declare function subtaskFinished(tx: PgTx, parentId: TaskId, subtask: {
    id: TaskId;
    name: string;
    state: FinishedState;
    error: TaskError | null;
}): Promise<void>;
