import type { RunState } from '../model/run.js';
import type { EventType, Task, TaskId } from '../model/task.js';
import type { Run } from '../model/run.js';
import type { JsonFieldMatch, RunPosition, Store, TaskLabel, TaskSearchParams } from '../store/store.js';
/** What names a task in metrics and live views (surfaces take the store's types from the engine). */
export type { JsonFieldMatch, TaskLabel };
/** Rows a search with unindexed filters examines by default, and at most (see TaskSearchParams). */
export declare const SCAN_DEFAULT = 10000;
export declare const SCAN_MAX = 100000;
export declare const PAGE_MAX = 1000;
/** What a search matches on: the store's search without its paging. */
export type TaskFilter = Omit<TaskSearchParams, 'beforeId' | 'limit' | 'scanLimit'>;
export interface RunFilter {
    name?: string;
    namePrefix?: string;
    states?: RunState[];
    createdAfter?: number;
    createdBefore?: number;
    inputs?: JsonFieldMatch;
}
export interface Page {
    limit?: number;
    /** Rows examined at most by a search with unindexed filters (default 10,000, at most 100,000). */
    scanLimit?: number;
}
export interface SearchPage<T, C> {
    items: T[];
    /** Where the next page starts (pass back as the cursor), or null: nothing more. */
    next: C | null;
    /** Rows examined one by one (unindexed filters), or null when indexes answered. */
    scanned: number | null;
    /** True when the page stopped because the examined window was full, not because it had `limit` rows. */
    partial: boolean;
}
/** One attempt of a task: claim to outcome. */
export interface AttemptSpan {
    attempt: number;
    startedAt: number;
    /** When the attempt ended (null: still running). */
    endedAt: number | null;
    /** How it ended: succeeded, failed, retry_scheduled, timed_out, lease_expired, cancelled, waiting, … */
    outcome: EventType | null;
    workerId: string | null;
}
export interface TimelineEntry {
    task: Task;
    attempts: AttemptSpan[];
}
export declare class Inspect {
    private readonly store;
    constructor(store: Store);
    /** Tasks matching every filter, newest first; workflow bookkeeping tasks are left out. */
    tasks(f: TaskFilter, page?: Page & {
        beforeId?: TaskId;
    }): Promise<SearchPage<Task, TaskId>>;
    /** Runs matching every filter, newest first. */
    runs(f: RunFilter, page?: Page & {
        before?: RunPosition;
    }): Promise<SearchPage<Run, RunPosition>>;
    /** The tasks with these ids that exist, in the order asked. */
    getMany(ids: TaskId[]): Promise<Task[]>;
    /** Name, queue and run of the tasks with these ids that exist. */
    labels(ids: TaskId[]): Promise<TaskLabel[]>;
    /** The tasks that are steps (bookkeeping left out), oldest first. */
    steps(tasks: Task[]): Task[];
    /**
     * Every task of the run (bookkeeping left out) with its attempts, read from the audit trail: a
     * claim opens an attempt, the first outcome after it closes it. Oldest task first.
     */
    timeline(tasks: Task[]): Promise<TimelineEntry[]>;
}
