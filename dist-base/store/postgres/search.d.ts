/**
 * PostgreSQL read queries for the operator's console: tasks by id in bulk, their labels, and the
 * search over tasks and runs (contract in store.ts: TaskSearchParams, RunSearchParams).
 *
 * Payloads are not indexed for search: a GIN index on every task's payload would be paid on the
 * hot path (each insert, and again as the task moves into history) for a question operators ask
 * now and then. Instead a bounded search reads the ids of the `scanLimit` newest candidates
 * through the indexes the selecting filters can use, then checks the payload (`#>`, jsonb
 * equality), tag (`@>`), name prefix and time range on that window's rows only.
 */
import type { Task, TaskId } from '../../model/task.js';
import type { RunSearchParams, RunSearchResult, TaskLabel, TaskSearchParams, TaskSearchResult } from '../store.js';
export type Query = <R>(sql: string, params?: unknown[]) => Promise<R[]>;
export declare function taskGetMany(rows: Query, ids: TaskId[]): Promise<Task[]>;
export declare function taskLabelList(rows: Query, ids: TaskId[]): Promise<TaskLabel[]>;
export declare function taskSearch(rows: Query, p: TaskSearchParams): Promise<TaskSearchResult>;
export declare function runSearch(rows: Query, p: RunSearchParams): Promise<RunSearchResult>;
