/**
 * How much of history ANALYZE reads. A day partition of `tasks_done` or `events` holds millions
 * of rows, and ANALYZE of one holds a snapshot from start to end, like any query: meanwhile
 * VACUUM of the live table can reclaim none of the row versions that claims and completions leave
 * behind, so under churn the live table grows by every such second (measured at 9,000 tasks/s:
 * autovacuum's ANALYZE of the day's partitions held the horizon 1.2-2.1 s at a time, and the
 * live table grew from 13 to 24 MB in four minutes).
 *
 * History's columns are looked up by index (id, name, state, times, parent, run), where a sample
 * of 3,000 rows estimates as well as 30,000; the jsonb bodies (payload, result, error, …) are
 * only filtered within a bounded window (search.ts) and get no statistics at all. ANALYZE of a
 * partition of a million tasks: 650 -> 50 ms; of its three million events: 470 -> 45 ms.
 */

/** Statistics target of history's columns: ANALYZE samples 300 rows per unit (3,000 rows). */
export const HISTORY_STATISTICS_TARGET = 10;

/**
 * A DO block that sets every column's statistics target of `table` (a quoted identifier, in the
 * search path): none for jsonb, HISTORY_STATISTICS_TARGET for the rest. On a partitioned table
 * it reaches the partitions that exist; a partition created later needs its own (partitions.ts).
 * Takes a SHARE UPDATE EXCLUSIVE lock: writes go on, a concurrent VACUUM or ANALYZE waits.
 */
export function sampleHistoryLightlySql(table: string): string {
  const literal = `'${table.replace(/'/g, "''")}'`;
  return `DO $sample$
  DECLARE alters text;
  BEGIN
    SELECT string_agg(format('ALTER COLUMN %I SET STATISTICS %s', attname,
             CASE WHEN atttypid = 'jsonb'::regtype THEN 0 ELSE ${HISTORY_STATISTICS_TARGET} END), ', ' ORDER BY attnum)
      INTO alters
      FROM pg_attribute WHERE attrelid = ${literal}::regclass AND attnum > 0 AND NOT attisdropped;
    EXECUTE format('ALTER TABLE %s %s', ${literal}, alters);
  END $sample$`;
}
