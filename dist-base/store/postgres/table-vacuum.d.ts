/**
 * Keeps the live table small under churn. Every task is inserted, updated at least once and
 * deleted from `tasks`; autovacuum visits a table only once per naptime (a minute by
 * default), by which time a busy queue has left hundreds of thousands of dead row versions
 * that every claim's index walk steps over. So the store vacuums the live table itself after
 * every so many row changes, in the background, one process at a time (a try-lock: the others
 * skip their turn). The table is small by design, so each pass is short; it takes no lock
 * that blocks claims or writes.
 *
 * The same pass serves retention shorter than a day: the day partitions of history and events
 * that new rows go into are then purged row by row, and their dead rows must be reclaimed
 * before a minute's worth of new ones piles up beside them (see PostgresStore.retentionPurge).
 */
import type { Pool } from 'pg';
export interface TableVacuumOptions {
    /** Row changes (claims, completions, …) between passes. */
    everyChanges?: number;
    /** Never more often than this (ms). */
    minIntervalMs?: number;
    /** What is vacuumed (tables of the store's schema); default the live table. */
    tables?: string[];
    /** Names the try-lock, so passes over other tables do not take the live table's turn. */
    lockName?: string;
    /**
     * ANALYZE on every this many passes (0: never). Statistics of a table this small and this
     * busy hardly change between passes, and sampling it tripled a pass's time (measured: 220 ms
     * against 80 ms, with every write of the store slowed meanwhile).
     */
    analyzeEvery?: number;
}
export declare class TableVacuum {
    private readonly pool;
    private readonly schema;
    private changes;
    private lastAt;
    private running;
    private readonly everyChanges;
    private readonly minIntervalMs;
    private readonly analyzeEvery;
    private readonly lockName;
    private tables;
    passes: number;
    constructor(pool: Pool, schema: string, options?: TableVacuumOptions);
    /**
     * Counts row changes just committed; starts a pass when enough have piled up. `tables`
     * replaces the tables to vacuum (a new day's partitions) from this pass on.
     */
    note(changes: number, tables?: string[]): void;
    private vacuum;
    close(): Promise<void>;
}
