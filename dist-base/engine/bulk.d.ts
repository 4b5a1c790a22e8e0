import type { TaskState } from '../model/state.js';
import type { Task, TaskId } from '../model/task.js';
import type { Inspect, TaskFilter } from './inspect.js';
export declare const BULK_MAX = 1000;
export type BulkItemResult = {
    id: TaskId;
    ok: true;
    state: TaskState;
} | {
    id: TaskId;
    ok: false;
    code: string;
    message: string;
};
export interface BulkTarget {
    /** These tasks… */
    ids?: TaskId[];
    /** …or the newest ones matching this (up to `limit`). */
    filter?: TaskFilter;
    /** With a filter: act on at most this many (default and most: BULK_MAX). */
    limit?: number;
}
export interface BulkResult {
    results: BulkItemResult[];
    /** With a filter: more tasks match than were acted on (run it again for the next ones). */
    more: boolean;
}
export interface BulkTaskOps {
    retry(id: TaskId): Promise<Task>;
    cancel(id: TaskId, reason: string): Promise<Task>;
}
export declare class Bulk {
    private readonly ops;
    private readonly inspect;
    constructor(ops: BulkTaskOps, inspect: Inspect);
    retry(target: BulkTarget): Promise<BulkResult>;
    cancel(target: BulkTarget, reason?: string): Promise<BulkResult>;
    private each;
    private resolve;
}
