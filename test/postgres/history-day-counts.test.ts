/**
 * Finished tasks are counted by the day they finished (migration 10, history_day_counts), so
 * retention can drop a day whole and take its count with it. A schema of version 9 is counted
 * by day on upgrade, and counts an older process still writes to history_counts are added in.
 * Days no completion writes any more are folded into one row per queue and state.
 */
import type pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { ManualClock } from '../../src/model/clock.js';
import { Maintenance } from '../../src/scheduler/maintenance.js';
import { openStore } from '../../src/store/open.js';
import { PG_MIGRATIONS } from '../../src/store/postgres/schema.js';
import { freshPgSchemaWithClient, PG_UNDO_FROM_10 } from '../helpers/stores.js';
import { PG_UP } from './pg-available.js';

const DAY = 86_400_000;
const DAY1 = Date.UTC(2026, 0, 1) / DAY;

describe.skipIf(!PG_UP)('postgres: history counted by day', () => {
  let s: Awaited<ReturnType<typeof freshPgSchemaWithClient>>;
  let c: pg.Client;

  beforeEach(async () => {
    s = await freshPgSchemaWithClient();
    c = s.client;
  });
  afterEach(() => s.drop());

  /** Two tasks succeed on day 1, one fails on day 2, one is left pending. */
  async function writeHistory(): Promise<void> {
    const store = await openStore(s.url);
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
    const engine = new Engine({ store, clock });
    try {
      const run = async (fail: boolean) => {
        await engine.enqueue('t', null, { maxAttempts: 1 });
        const [t] = await engine.claim({ queues: ['default'], workerId: 'w', limit: 1, leaseMs: DAY });
        if (fail) await engine.fail({ task: t!, error: new Error('no') });
        else await engine.complete({ id: t!.id, leaseToken: t!.leaseToken });
      };
      await run(false);
      await run(false);
      clock.advance(DAY);
      await run(true);
      await engine.enqueue('t');
      await engine.flush();
    } finally {
      await store.close();
    }
  }

  const dayCounts = async () =>
    (await c.query<{ day: number; state: string; n: string }>(`SELECT day, state, sum(n) AS n FROM "${s.schema}".history_day_counts GROUP BY 1, 2 ORDER BY 1, 2`)).rows.map((r) => [
      r.day - DAY1,
      r.state,
      Number(r.n),
    ]);

  async function queueCounts(): Promise<unknown> {
    const store = await openStore(s.url);
    try {
      return await store.queueCounts();
    } finally {
      await store.close();
    }
  }

  it('counts each finished task under the day it finished', async () => {
    await writeHistory();
    expect(await dayCounts()).toEqual([
      [0, 'succeeded', 2],
      [1, 'failed', 1],
    ]);
    expect(await queueCounts()).toEqual([{ queue: 'default', counts: { succeeded: 2, failed: 1, pending: 1 } }]);
  });

  describe('folding the days no completion writes any more', () => {
    const NOW = Date.UTC(2026, 0, 10, 9);
    const TODAY = Math.floor(NOW / DAY);
    /** [days before today, queue, state, slot, n] */
    const SPREAD: Array<[number, string, string, number, number]> = [
      ...[0, 1, 2, 3, 4, 5, 6, 7].map((slot): [number, string, string, number, number] => [5, 'a', 'succeeded', slot, slot + 1]),
      [5, 'a', 'failed', 3, 2],
      [5, 'b', 'succeeded', 6, 4],
      [2, 'a', 'succeeded', 2, 10],
      [2, 'a', 'succeeded', 5, 20],
      // Yesterday and today: a completion begun before midnight may still write yesterday.
      [1, 'a', 'succeeded', 1, 100],
      [1, 'a', 'succeeded', 4, 200],
      [0, 'a', 'succeeded', 0, 1000],
      [0, 'a', 'succeeded', 7, 2000],
    ];
    const put = (rows: Array<[number, string, string, number, number]>) =>
      c.query(
        `INSERT INTO "${s.schema}".history_day_counts (day, queue, state, slot, n) SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::bigint[])`,
        [rows.map((r) => TODAY - r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]), rows.map((r) => r[3]), rows.map((r) => r[4])],
      );
    const rows = async () =>
      (await c.query<{ day: number; queue: string; state: string; slot: number; n: string }>(`SELECT * FROM "${s.schema}".history_day_counts ORDER BY day, queue, state, slot`)).rows.map(
        (r) => [TODAY - r.day, r.queue, r.state, r.slot, Number(r.n)],
      );

    it('each past day becomes one row per queue and state, the last two days keep their slots, and every total stays', async () => {
      const store = await openStore(s.url);
      await put(SPREAD);
      try {
        const before = await store.queueCounts();
        expect(before).toEqual([
          { queue: 'a', counts: { succeeded: 36 + 30 + 300 + 3000, failed: 2 } },
          { queue: 'b', counts: { succeeded: 4 } },
        ]);
        expect((await store.historyDayTurn!({ now: NOW })).countsFolded).toBe(11);
        expect(await rows()).toEqual([
          [5, 'a', 'failed', 0, 2],
          [5, 'a', 'succeeded', 0, 36],
          [5, 'b', 'succeeded', 0, 4],
          [2, 'a', 'succeeded', 0, 30],
          [1, 'a', 'succeeded', 1, 100],
          [1, 'a', 'succeeded', 4, 200],
          [0, 'a', 'succeeded', 0, 1000],
          [0, 'a', 'succeeded', 7, 2000],
        ]);
        expect(await store.queueCounts()).toEqual(before);

        // Once a day: a slot written into a folded day later (retention taking rows away one by
        // one) waits for the next day's fold, which adds it to the day's row.
        await put([[5, 'a', 'succeeded', 3, -6]]);
        expect((await store.historyDayTurn!({ now: NOW + 3_600_000 })).countsFolded).toBe(0);
        expect(await rows()).toContainEqual([5, 'a', 'succeeded', 3, -6]);
        expect((await store.historyDayTurn!({ now: NOW + DAY })).countsFolded).toBe(3);
        expect(await rows()).toEqual([
          [5, 'a', 'failed', 0, 2],
          [5, 'a', 'succeeded', 0, 30],
          [5, 'b', 'succeeded', 0, 4],
          [2, 'a', 'succeeded', 0, 30],
          [1, 'a', 'succeeded', 0, 300],
          [0, 'a', 'succeeded', 0, 1000],
          [0, 'a', 'succeeded', 7, 2000],
        ]);
      } finally {
        await store.close();
      }
    });

    it('the maintenance leader folds them, with no retention set', async () => {
      const store = await openStore(s.url);
      await put(SPREAD);
      const m = new Maintenance(new Engine({ store, clock: new ManualClock(NOW) }), { holderId: 'm', intervalMs: 60_000 });
      try {
        await m.runOnce();
        expect(m.isLeader).toBe(true);
        expect((await rows()).filter((r) => (r[0] as number) >= 2)).toEqual([
          [5, 'a', 'failed', 0, 2],
          [5, 'a', 'succeeded', 0, 36],
          [5, 'b', 'succeeded', 0, 4],
          [2, 'a', 'succeeded', 0, 30],
        ]);
      } finally {
        await m.stop();
        await store.close();
      }
    });
  });

  it('migrating a schema of version 9 counts its history by day, and adds what older processes still count', async () => {
    await writeHistory();
    // Version 9 as it was: counts by queue and state only, every task in the creation index.
    await c.query(`SET search_path = "${s.schema}"`);
    await c.query(PG_UNDO_FROM_10);
    await c.query(`INSERT INTO history_counts (queue, state, slot, n) VALUES ('default', 'succeeded', 3, 2), ('default', 'failed', 5, 1)`);
    await c.query('UPDATE taskframe_schema SET version = 9');

    const upgraded = await openStore(s.url);
    try {
      expect(await upgraded.schemaVersion()).toBe(PG_MIGRATIONS.length);
    } finally {
      await upgraded.close();
    }
    expect(await dayCounts()).toEqual([
      [0, 'succeeded', 2],
      [1, 'failed', 1],
    ]);
    expect((await c.query('SELECT * FROM history_counts')).rows).toEqual([]);
    expect(await queueCounts()).toEqual([{ queue: 'default', counts: { succeeded: 2, failed: 1, pending: 1 } }]);

    // A process started before the migration finishes a task the old way: it is counted too.
    await c.query(`INSERT INTO history_counts (queue, state, slot, n) VALUES ('default', 'succeeded', 2, 1)`);
    expect(await queueCounts()).toEqual([{ queue: 'default', counts: { succeeded: 3, failed: 1, pending: 1 } }]);
  });
});
