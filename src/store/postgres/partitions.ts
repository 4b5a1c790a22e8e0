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
import { CREATED_BEFORE_FINISH_DAY_SQL, DAY_MS, dayOf } from './days.js';

const PARENTS = ['tasks_done', 'events'] as const;

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

/** Counted exactly up to here; a larger day of events is not read to be counted. */
const EVENTS_COUNTED_UP_TO = 100_000;

/**
 * Rows in a partition about to be dropped: its planner estimate when that is large (counting a
 * day of a busy store's events would read billions of rows, holding a snapshot all the while), a
 * count otherwise.
 */
async function rowsIn(client: ClientBase, table: string): Promise<number> {
  const est = await client.query<{ n: string }>(`SELECT reltuples::bigint AS n FROM pg_class WHERE oid = $1::regclass`, [table]);
  const estimate = Number(est.rows[0]?.n ?? -1);
  if (estimate > EVENTS_COUNTED_UP_TO) return estimate;
  const n = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
  return Number(n.rows[0]?.n ?? 0);
}

/**
 * How long dropping a day waits for its locks (ACCESS EXCLUSIVE on the partition and on its
 * parent): meanwhile every write to that table queues behind the drop, completions included.
 */
const DROP_LOCK_WAIT_MS = 250;
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * Does `before` (what goes with the day) and drops `table`, under a savepoint: when the drop
 * cannot have its locks within DROP_LOCK_WAIT_MS (a reader of history holds them), none of it
 * happens and the answer is false; the next call tries again.
 */
async function dropWhenFree(client: ClientBase, table: string, before: () => Promise<void>): Promise<boolean> {
  await client.query('SAVEPOINT drop_day');
  try {
    await before();
    await client.query(`SET LOCAL lock_timeout = ${DROP_LOCK_WAIT_MS}`);
    await client.query(`DROP TABLE ${table}`);
    await client.query('SET LOCAL lock_timeout TO DEFAULT');
    await client.query('RELEASE SAVEPOINT drop_day');
    return true;
  } catch (err) {
    if ((err as { code?: unknown }).code !== LOCK_NOT_AVAILABLE) throw err;
    await client.query('ROLLBACK TO SAVEPOINT drop_day'); // the lock_timeout too
    return false;
  }
}

/** What one retention call removes (see purgeHistory). */
export interface PurgeParams {
  /** Finished tasks with finishedAt before this go. */
  before: number;
  /** The most tasks deleted row by row in one call (days dropped whole are not counted). */
  limit: number;
  /**
   * Delete the rows of the day holding the cut-off as the cut-off passes them (retention under a
   * day, whose cut-off lies in the day being written). Otherwise a day goes whole once the cut-off
   * has passed all of it, and its tasks cost nothing to remove one by one.
   */
  exact: boolean;
}

/**
 * Removes finished tasks with finishedAt before `before`, their events, dependency edges,
 * dedup keys and logs. Days wholly before the cut-off go by DROP, their count taken from
 * history_day_counts rather than read from the day. Rows go by DELETE, at most `limit` tasks per
 * call, oldest first: those of the cut-off's day when `exact`, and any before the cut-off while an
 * event day they have events in must stay for a task that is kept (a task created days ago and
 * still live). Then a day is dropped only once emptied, so its events go a batch at a time by
 * task id, never as one statement over a whole day of events.
 */
export async function purgeHistory(pool: Pool, schema: string, p: PurgeParams): Promise<{ tasks: number; events: number }> {
  const { before, limit } = p;
  const client = await pool.connect();
  let tasks = 0;
  let events = 0;
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK.partitions, schema]);
    const parts = await listDayPartitions(client, schema);
    const firstKeptDay = dayOf(before); // the day holding the cut-off stays (partially purged)
    const firstKeptAt = firstKeptDay * DAY_MS;

    // The oldest creation time among tasks that may survive this call (live, or in a history
    // day not dropped whole): event partitions ending before it are free to go. Only its day
    // matters, and a kept task created on the day it finished was created on the cut-off's day
    // or later: history is asked only for tasks created on an earlier day (a small index).
    const keptFloor = await client.query<{ t: string | null }>(
      `SELECT least((SELECT min(created_at) FROM tasks),
                    (SELECT min(created_at) FROM tasks_done WHERE finished_at >= $1 AND ${CREATED_BEFORE_FINISH_DAY_SQL})) AS t`,
      [firstKeptAt],
    );
    const oldestKept = keptFloor.rows[0]?.t == null ? before : Math.min(before, Number(keptFloor.rows[0].t));
    const eventDropBefore = dayOf(oldestKept); // event partitions with day < this are dropped whole
    const eventKeepFrom = eventDropBefore * DAY_MS;
    // Event days before the cut-off's day must stay: the days dropped whole may have events there.
    const pinned = eventDropBefore < firstKeptDay;

    if (p.exact || pinned) {
      const ids = (
        await client.query<{ id: string }>(`SELECT id FROM tasks_done WHERE finished_at >= $1 AND finished_at < $2 ORDER BY finished_at LIMIT $3`, [
          pinned ? 0 : firstKeptAt,
          before,
          limit,
        ])
      ).rows.map((r) => r.id);
      if (ids.length) {
        const ev = await client.query(`DELETE FROM events WHERE task_id = ANY($1::bigint[]) AND at >= $2`, [ids, eventKeepFrom]);
        events += ev.rowCount ?? 0;
        await client.query(`DELETE FROM task_dedup WHERE task_id = ANY($1::bigint[])`, [ids]);
        await client.query(`DELETE FROM task_collapse WHERE task_id = ANY($1::bigint[])`, [ids]);
        await client.query(`DELETE FROM task_logs WHERE task_id = ANY($1::bigint[])`, [ids]);
        await client.query(`DELETE FROM task_deps WHERE task_id = ANY($1::bigint[]) OR dep_id = ANY($1::bigint[])`, [ids]);
        const d = await client.query<{ n: string }>(
          `WITH gone AS (DELETE FROM tasks_done WHERE id = ANY($1::bigint[]) AND finished_at < $2 RETURNING queue, state, finished_at),
           counted AS (${countHistory('gone', '-')})
           SELECT count(*) AS n FROM gone`,
          [ids, before],
        );
        tasks += Number(d.rows[0]?.n ?? 0);
      }
    }

    // A day whose drop must wait (readers hold it) stays with its events for the next call.
    let heldFrom = Infinity;
    for (const part of parts.filter((x) => x.parent === 'tasks_done' && x.day < firstKeptDay)) {
      const counted = await client.query<{ n: string | null }>(`SELECT sum(n) AS n FROM history_day_counts WHERE day = $1`, [part.day]);
      const n = Number(counted.rows[0]?.n ?? 0);
      if (pinned && n > 0) {
        heldFrom = Math.min(heldFrom, part.day);
        continue; // still being emptied row by row, above
      }
      const t = quoteIdent(part.name);
      let sideEvents = 0;
      const dropped = await dropWhenFree(client, t, async () => {
        // Side tables hold rows only for tasks that used the feature; probe them from their side,
        // within the day's range of task ids (a day's tasks were mostly created close together).
        const range = await client.query<{ lo: string | null; hi: string | null }>(`SELECT min(id) AS lo, max(id) AS hi FROM ${t}`);
        const lo = range.rows[0]?.lo;
        const hi = range.rows[0]?.hi;
        if (lo != null && hi != null) {
          const inDay = (col: string) => `${col} BETWEEN $1 AND $2 AND EXISTS (SELECT 1 FROM ${t} x WHERE x.id = ${col})`;
          await client.query(`DELETE FROM task_dedup d WHERE ${inDay('d.task_id')}`, [lo, hi]);
          await client.query(`DELETE FROM task_collapse d WHERE ${inDay('d.task_id')}`, [lo, hi]);
          await client.query(`DELETE FROM task_logs l WHERE ${inDay('l.task_id')}`, [lo, hi]);
          await client.query(`DELETE FROM task_deps d WHERE (${inDay('d.task_id')}) OR (${inDay('d.dep_id')})`, [lo, hi]);
          // Their events in partitions that must stay (only the recent window: at >= eventKeepFrom).
          const ev = await client.query(
            `DELETE FROM events e WHERE e.at >= $3 AND e.at < $4 AND ${inDay('e.task_id')}`,
            [lo, hi, eventKeepFrom, (part.day + 1) * DAY_MS],
          );
          sideEvents = ev.rowCount ?? 0;
        }
        // Its rows leave the history counts with it.
        await client.query(`DELETE FROM history_day_counts WHERE day = $1`, [part.day]);
      });
      if (dropped) {
        tasks += n;
        events += sideEvents;
      } else {
        heldFrom = Math.min(heldFrom, part.day);
      }
    }

    for (const part of parts.filter((x) => x.parent === 'events' && x.day < Math.min(eventDropBefore, heldFrom))) {
      const t = quoteIdent(part.name);
      let n = 0;
      if (await dropWhenFree(client, t, async () => void (n = await rowsIn(client, t)))) events += n;
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
