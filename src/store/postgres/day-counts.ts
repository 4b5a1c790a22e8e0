/**
 * Finished tasks are counted per day, queue and state in slots of their writers (statements.ts
 * countHistory), so completions from many connections seldom wait on one row. Once no completion
 * writes a day any more, its slots only cost the readers: the queue overview and every metrics
 * scrape sum them all, and kept for a year at ten queues that is 87,600 rows (24 ms a read
 * here) where 10,950 say the same. The maintenance leader folds each such day into slot 0.
 */
import type { Pool } from 'pg';
import { dayOf } from './days.js';

/**
 * The last day folded is the day before yesterday: a completion computes its day before it
 * commits, so one begun just before midnight may still write yesterday's slots; retention
 * that takes rows away one by one writes old days' slots too, and is folded a day later.
 */
export const lastFoldableDay = (now: number): number => dayOf(now) - 2;

const FOLD_SQL = `
  WITH spread AS (
    DELETE FROM history_day_counts WHERE day <= $1 AND slot <> 0 RETURNING day, queue, state, n
  ), folded AS (
    INSERT INTO history_day_counts AS h (day, queue, state, slot, n)
      SELECT day, queue, state, 0, sum(n) FROM spread GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (day, queue, state, slot) DO UPDATE SET n = h.n + excluded.n
  )
  SELECT count(*) AS spread FROM spread`;

/** Folds the counts of every day up to `lastDay` into slot 0; how many rows of other slots it folded. */
export async function foldDayCounts(pool: Pool, lastDay: number): Promise<number> {
  const { rows } = await pool.query<{ spread: string }>(FOLD_SQL, [lastDay]);
  return Number(rows[0]!.spread);
}
