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
import { countHistory, LOCK } from './statements.js';
import { sampleHistoryLightlySql } from './history-sampling.js';
import { quoteIdent } from './migrate.js';

export const DAY_MS = 86_400_000;
const PARENTS = ['tasks_done', 'events'] as const;

export const dayOf = (ms: number): number => Math.floor(ms / DAY_MS);

export function partitionName(parent: (typeof PARENTS)[number], day: number): string {
  const d = new Date(day * DAY_MS);
  const ymd = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
  return `${parent}_${ymd}`;
}

/** Creates the day partitions (for both tables) covering `days`; idempotent and safe across processes. */
export async function ensureDayPartitions(pool: Pool, schema: string, days: number[]): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK.partitions, schema]);
    for (const day of days) {
      for (const parent of PARENTS) {
        const name = quoteIdent(partitionName(parent, day));
        const exists = await client.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [name]);
        if (exists.rows[0]?.t != null) continue;
        await client.query(`CREATE TABLE ${name} PARTITION OF ${parent} FOR VALUES FROM (${day * DAY_MS}) TO (${(day + 1) * DAY_MS})`);
        // A partition does not take its parent's statistics targets.
        await client.query(sampleHistoryLightlySql(name));
      }
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** The day partitions that exist, per parent, with their day numbers. */
export async function listDayPartitions(c: ClientBase | Pool, schema: string): Promise<Array<{ parent: string; name: string; day: number }>> {
  const r = await c.query<{ parent: string; name: string; lower: string }>(
    `SELECT p.relname AS parent, c.relname AS name,
            substring(pg_get_expr(c.relpartbound, c.oid) from 'FROM \\(''?(-?[0-9]+)') AS lower
     FROM pg_inherits i
     JOIN pg_class c ON c.oid = i.inhrelid
     JOIN pg_class p ON p.oid = i.inhparent
     JOIN pg_namespace n ON n.oid = p.relnamespace
     WHERE n.nspname = $1 AND p.relname = ANY($2::text[])`,
    [schema, PARENTS],
  );
  return r.rows.map((row) => ({ parent: row.parent, name: row.name, day: dayOf(Number(row.lower)) }));
}

/**
 * Removes finished tasks with finishedAt before `before`, their events, dependency edges,
 * dedup keys and logs. Whole days go by DROP; the part of the day containing the cut-off goes
 * by DELETE, at most `limit` tasks per call.
 */
export async function purgeHistory(pool: Pool, schema: string, before: number, limit: number): Promise<{ tasks: number; events: number }> {
  const client = await pool.connect();
  let tasks = 0;
  let events = 0;
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK.partitions, schema]);
    const parts = await listDayPartitions(client, schema);
    const firstKeptDay = dayOf(before); // the day holding the cut-off stays (partially purged)

    // The oldest creation time among tasks that may survive this call (live, or in a history
    // day not dropped whole): event partitions ending before it are free to go.
    const keptFloor = await client.query<{ t: string | null }>(
      `SELECT least((SELECT min(created_at) FROM tasks), (SELECT min(created_at) FROM tasks_done WHERE finished_at >= $1)) AS t`,
      [firstKeptDay * DAY_MS],
    );
    const oldestKept = keptFloor.rows[0]?.t == null ? before : Math.min(before, Number(keptFloor.rows[0].t));
    const eventDropBefore = dayOf(oldestKept); // event partitions with day < this are dropped whole
    const eventKeepFrom = eventDropBefore * DAY_MS;

    for (const p of parts.filter((x) => x.parent === 'tasks_done' && x.day < firstKeptDay)) {
      const t = quoteIdent(p.name);
      // Its rows leave the history counts with it.
      const n = await client.query<{ n: string }>(`WITH counted AS (${countHistory(t, '-')}) SELECT count(*) AS n FROM ${t}`);
      tasks += Number(n.rows[0]?.n ?? 0);
      // Side tables hold rows only for tasks that used the feature; probe them from their side.
      await client.query(`DELETE FROM task_dedup d WHERE EXISTS (SELECT 1 FROM ${t} x WHERE x.id = d.task_id)`);
      await client.query(`DELETE FROM task_collapse d WHERE EXISTS (SELECT 1 FROM ${t} x WHERE x.id = d.task_id)`);
      await client.query(`DELETE FROM task_logs l WHERE EXISTS (SELECT 1 FROM ${t} x WHERE x.id = l.task_id)`);
      await client.query(`DELETE FROM task_deps d WHERE EXISTS (SELECT 1 FROM ${t} x WHERE x.id = d.task_id OR x.id = d.dep_id)`);
      // Their events in partitions that must stay (only the recent window: at >= eventKeepFrom).
      const ev = await client.query(
        `DELETE FROM events e WHERE e.at >= $1 AND e.at < $2 AND EXISTS (SELECT 1 FROM ${t} x WHERE x.id = e.task_id)`,
        [eventKeepFrom, (p.day + 1) * DAY_MS],
      );
      events += ev.rowCount ?? 0;
      await client.query(`DROP TABLE ${t}`);
    }

    // The day holding the cut-off: row by row, bounded.
    const ids = (
      await client.query<{ id: string }>(`SELECT id FROM tasks_done WHERE finished_at < $1 ORDER BY finished_at LIMIT $2`, [before, limit])
    ).rows.map((r) => r.id);
    if (ids.length) {
      const ev = await client.query(`DELETE FROM events WHERE task_id = ANY($1::bigint[]) AND at >= $2`, [ids, eventKeepFrom]);
      events += ev.rowCount ?? 0;
      await client.query(`DELETE FROM task_dedup WHERE task_id = ANY($1::bigint[])`, [ids]);
      await client.query(`DELETE FROM task_collapse WHERE task_id = ANY($1::bigint[])`, [ids]);
      await client.query(`DELETE FROM task_logs WHERE task_id = ANY($1::bigint[])`, [ids]);
      await client.query(`DELETE FROM task_deps WHERE task_id = ANY($1::bigint[]) OR dep_id = ANY($1::bigint[])`, [ids]);
      const d = await client.query<{ n: string }>(
        `WITH gone AS (DELETE FROM tasks_done WHERE id = ANY($1::bigint[]) AND finished_at < $2 RETURNING queue, state),
         counted AS (${countHistory('gone', '-')})
         SELECT count(*) AS n FROM gone`,
        [ids, before],
      );
      tasks += Number(d.rows[0]?.n ?? 0);
    }

    for (const p of parts.filter((x) => x.parent === 'events' && x.day < eventDropBefore)) {
      const t = quoteIdent(p.name);
      const n = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${t}`);
      events += Number(n.rows[0]?.n ?? 0);
      await client.query(`DROP TABLE ${t}`);
    }
    await client.query('COMMIT');
    return { tasks, events };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
