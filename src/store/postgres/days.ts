/**
 * History's day: the unit its tables are partitioned by (partitions.ts), its finished tasks are
 * counted by (history_day_counts) and retention of a day or more drops at once.
 */
export const DAY_MS = 86_400_000;

export const dayOf = (ms: number): number => Math.floor(ms / DAY_MS);

/** The day of a row's `finished_at`, in SQL (times are positive, so integer division floors). */
export const FINISH_DAY_SQL = `(finished_at / ${DAY_MS})::integer`;

/**
 * A history row created on a day before the one it finished on: the only rows whose creation
 * day differs from their finish day (the partial index tasks_done_created_earlier, migration 11).
 */
export const CREATED_BEFORE_FINISH_DAY_SQL = `created_at < finished_at / ${DAY_MS} * ${DAY_MS}`;
