/**
 * Captured output of executable tasks (stdout, stderr and taskframe's own notes), per attempt:
 * what runners append and what `taskframe logs`, the API and the dashboard read.
 */
import type { LogEntry, StoredLogEntry } from '../model/log.js';
import type { TaskId } from '../model/task.js';
import type { Store } from '../store/store.js';
export interface LogListParams {
    taskId: TaskId;
    /** One attempt only (all attempts when absent). */
    attempt?: number;
    /** Only lines after this line id: for following a task's output. */
    afterId?: string;
    limit: number;
}
export declare class Logs {
    private readonly store;
    constructor(store: Store);
    /** Appends lines; they keep their order. Best effort for callers that must not wait on it. */
    append(entries: LogEntry[]): Promise<void>;
    /** A task's lines, oldest first. */
    list(p: LogListParams): Promise<StoredLogEntry[]>;
}
