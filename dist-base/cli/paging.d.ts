/**
 * Read commands never cut their output silently. A list shows one page and says how many more
 * there are and how to see them (--cursor for the next page, --all for every one; as NDJSON with
 * --json); an audit trail is read page by page to its end, however long.
 */
import type { TaskEvent, TaskId, Task } from '../model/task.js';
import type { Run } from '../model/run.js';
import type { Taskframe } from '../taskframe.js';
import type { TaskListParams } from '../engine/engine.js';
export interface Page<T> {
    items: T[];
    /** Cursor of the next page, or null when this was the last. */
    next: string | null;
}
type TaskFilter = Omit<TaskListParams, 'limit' | 'beforeId'>;
/** Newest first; `cursor` continues after the page that gave it. */
export declare function taskPage(tf: Taskframe, filter: TaskFilter, limit: number, cursor?: string): Promise<Page<Task>>;
/** Every matching task, newest first, a page at a time. */
export declare function allTasks(tf: Taskframe, filter: TaskFilter, pageSize?: number): AsyncGenerator<Task[]>;
/**
 * How many tasks match, from the per-queue counts the store keeps (cheap), or null when a
 * filter they cannot answer (a name) is given.
 */
export declare function countTasks(tf: Taskframe, filter: TaskFilter): Promise<number | null>;
/** Runs, newest first; `cursor` continues after the page that gave it (runs created in the same millisecond are neither skipped nor shown twice). */
export declare function runPage(tf: Taskframe, filter: {
    name?: string;
    states?: Run['state'][];
}, limit: number, cursor?: string): Promise<Page<Run>>;
export declare function allEvents(tf: Taskframe, taskIds: TaskId[]): AsyncGenerator<TaskEvent[]>;
/**
 * A table printed as rows arrive: column widths come from the header and the first batch, and a
 * longer cell later pushes its row out rather than holding the whole output back.
 */
export declare class StreamTable {
    private readonly header;
    private readonly write;
    private widths;
    constructor(header: string[], write: (line: string) => void);
    rows(rows: string[][]): void;
    private line;
}
export {};
