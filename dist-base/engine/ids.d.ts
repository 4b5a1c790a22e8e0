import type { TaskId } from '../model/task.js';
/** A task id is decimal digits (SQLite integer, PostgreSQL bigint); anything else is refused before the store sees it. */
export declare function checkId(id: TaskId): TaskId;
