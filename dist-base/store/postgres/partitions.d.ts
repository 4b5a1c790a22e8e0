/**
 * Day partitions of history (`tasks_done` by finished_at) and of `events` (by at). A partition
 * is created before the first write that needs it (and a day ahead), and retention drops whole
 * partitions, so purging a day of a billion rows is a catalog change rather than a DELETE that
 * scans, bloats and vacuums.
 *
 * Events of one task can span several days (a long task, a task waiting on subtasks). An
 * event partition is therefore dropped only when no task that is kept can have events in it:
 * its end must be at or before both the retention cut-off and the creation time of every
 * task still kept (live, or finished after the cut-off). Events of purged tasks in partitions
 * that must stay are deleted by task id.
 */
import type { ClientBase, Pool } from 'pg';
export declare const DAY_MS = 86400000;
declare const PARENTS: readonly ["tasks_done", "events"];
export declare const dayOf: (ms: number) => number;
export declare function partitionName(parent: (typeof PARENTS)[number], day: number): string;
/** Creates the day partitions (for both tables) covering `days`; idempotent and safe across processes. */
export declare function ensureDayPartitions(pool: Pool, schema: string, days: number[]): Promise<void>;
/** The day partitions that exist, per parent, with their day numbers. */
export declare function listDayPartitions(c: ClientBase | Pool, schema: string): Promise<Array<{
    parent: string;
    name: string;
    day: number;
}>>;
/**
 * Removes finished tasks with finishedAt before `before`, their events, dependency edges,
 * dedup keys and logs. Whole days go by DROP; the part of the day containing the cut-off goes
 * by DELETE, at most `limit` tasks per call.
 */
export declare function purgeHistory(pool: Pool, schema: string, before: number, limit: number): Promise<{
    tasks: number;
    events: number;
}>;
export {};
