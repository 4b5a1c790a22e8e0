/**
 * SQLite read queries for the operator's console: tasks by id in bulk, their labels, and the
 * search over tasks and runs (contract in store.ts: TaskSearchParams, RunSearchParams).
 *
 * A bounded search is two statements. The first reads only ids (through the indexes the selecting
 * filters can use) to find the window of the `scanLimit` newest candidates; the second checks the
 * unindexed filters on the rows of that window alone. So a payload search costs at most
 * `scanLimit` rows whatever the size of history, and the caller learns where it stopped.
 */
import type Database from 'better-sqlite3';
import type { Task, TaskId } from '../../model/task.js';
import type { JsonFieldMatch, RunSearchParams, RunSearchResult, TaskLabel, TaskSearchParams, TaskSearchResult } from '../store.js';
export declare function taskGetMany(db: Database.Database, ids: TaskId[]): Task[];
export declare function taskLabelList(db: Database.Database, ids: TaskId[]): TaskLabel[];
/** `$."a"[0]."b"`: a JSON path SQLite reads, every key quoted (keys may hold dashes). */
export declare function sqlitePath(path: JsonFieldMatch['path']): string;
export declare function taskSearch(db: Database.Database, p: TaskSearchParams): TaskSearchResult;
export declare function runSearch(db: Database.Database, p: RunSearchParams): RunSearchResult;
