/**
 * Retention on day partitions: whole days of history (and of events) go by DROP, the day
 * holding the cut-off row by row, and events of a task that is kept are never dropped with an
 * old event day (a long task created days ago still has its whole audit trail).
 */
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { ManualClock } from '../../src/model/clock.js';
import type { PostgresStore } from '../../src/store/postgres/driver.js';
import type { Store } from '../../src/store/store.js';
import { freshStore, type TestStore } from '../helpers/stores.js';
import { PG_URL } from '../helpers/services.js';
import { PG_UP } from './pg-available.js';

const DAY = 86_400_000;

describe.skipIf(!PG_UP)('postgres: retention by day partitions', () => {
  let ts: TestStore;
  let store: Store;
  let clock: ManualClock;
  let engine: Engine;
  let schema: string;

  beforeEach(async () => {
    ts = await freshStore('postgres');
    store = ts.store;
    schema = new URL(ts.url).searchParams.get('schema')!;
    clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
    engine = new Engine({ store, clock });
  });
  afterEach(async () => {
    await engine.flush();
    await ts.cleanup();
  });

  async function partitions(): Promise<string[]> {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    try {
      const r = await c.query(
        `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = $1 ORDER BY 1`,
        [schema],
      );
      return r.rows.map((x) => x.relname).filter((n: string) => n.includes('_2026'));
    } finally {
      await c.end();
    }
  }

  async function runOne(name: string): Promise<string> {
    const t = await engine.enqueue(name);
    const [c] = await engine.claim({ queues: ['default'], workerId: 'w', limit: 1, leaseMs: 10 * DAY });
    expect(c!.id).toBe(t.id);
    await engine.complete({ id: c!.id, leaseToken: c!.leaseToken });
    return t.id;
  }

  it('drops whole old days, deletes the part of the day before the cut-off, and keeps every event of a kept task', async () => {
    // Day 1: a task that finishes, and a long one that starts and is still running on day 3.
    const d1 = await runOne('d1');
    const long = await engine.enqueue('long');
    const [lc] = await engine.claim({ queues: ['default'], workerId: 'w', limit: 1, leaseMs: 10 * DAY });
    expect(lc!.id).toBe(long.id);
    clock.advance(DAY); // day 2
    const d2 = await runOne('d2');
    clock.advance(DAY); // day 3, 12:00
    const d3early = await runOne('d3-early');
    clock.advance(3_600_000); // 13:00
    const d3late = await runOne('d3-late');
    expect(await partitions()).toEqual(expect.arrayContaining(['events_20260101', 'events_20260102', 'events_20260103', 'tasks_done_20260101', 'tasks_done_20260102', 'tasks_done_20260103']));

    // Keep what finished in the last 30 minutes: d1, d2 (whole days) and d3-early (row) go.
    const purged = await engine.purgeFinished(1_800_000);
    expect(purged).toEqual({ tasks: 3, events: 9 });
    for (const id of [d1, d2, d3early]) {
      expect(await store.taskGet({ id })).toBeNull();
      expect(await store.eventList({ taskIds: [id], limit: 10 })).toEqual([]);
    }
    expect((await store.taskGet({ id: d3late }))?.state).toBe('succeeded');
    // Whole days dropped fire no trigger; the counts still lose them.
    expect(await store.queueCounts()).toEqual([{ queue: 'default', counts: { succeeded: 1, running: 1 } }]);
    const parts = await partitions();
    expect(parts).not.toContain('tasks_done_20260101');
    expect(parts).not.toContain('tasks_done_20260102');
    // The long task was created on day 1: its events there must stay, so that day's event partition does.
    expect(parts).toContain('events_20260101');
    expect((await store.eventList({ taskIds: [long.id], limit: 10 })).map((e) => e.type)).toEqual(['created', 'claimed']);

    // Once the long task is finished and past retention too, the old event days go whole.
    await engine.complete({ id: lc!.id, leaseToken: lc!.leaseToken });
    clock.advance(2 * DAY);
    const again = await engine.purgeFinished(1_800_000);
    expect(again).toEqual({ tasks: 2, events: 6 });
    expect(await store.taskList({ limit: 10 })).toEqual([]);
    expect(await store.queueCounts()).toEqual([]);
    expect((await partitions()).filter((p) => p.endsWith('20260101') || p.endsWith('20260102'))).toEqual([]);
  });

  it('keeps an old event day for a kept task that finished days after it was created', async () => {
    // Day 1: one task finishes, one starts and runs until day 3; plenty finish on day 3 itself.
    const d1 = await runOne('d1');
    const long = await engine.enqueue('long');
    const [lc] = await engine.claim({ queues: ['default'], workerId: 'w', limit: 1, leaseMs: 10 * DAY });
    expect(lc!.id).toBe(long.id);
    clock.advance(2 * DAY); // day 3, 12:00
    for (let i = 0; i < 5; i++) await runOne(`d3-${i}`);
    clock.advance(50 * 60_000); // 12:50
    await engine.complete({ id: lc!.id, leaseToken: lc!.leaseToken });
    clock.advance(10 * 60_000); // 13:00

    // Keep the last 30 minutes: only the long task. Nothing live is older than it, so the
    // day-1 events stay for history alone.
    expect(await engine.purgeFinished(1_800_000)).toEqual({ tasks: 6, events: 18 });
    expect(await store.taskGet({ id: d1 })).toBeNull();
    expect(await store.taskList({ limit: 10 })).toEqual([expect.objectContaining({ id: long.id, state: 'succeeded' })]);
    expect(await partitions()).toContain('events_20260101');
    expect((await store.eventList({ taskIds: [long.id], limit: 10 })).map((e) => e.type)).toEqual(['created', 'claimed', 'succeeded']);

    // Past retention, it goes, and day 1's events with it.
    clock.advance(DAY);
    expect(await engine.purgeFinished(1_800_000)).toEqual({ tasks: 1, events: 3 });
    expect((await partitions()).filter((p) => p.endsWith('20260101'))).toEqual([]);
  });

  it('history written on a day whose partition was dropped is recreated on demand', async () => {
    await runOne('a');
    clock.advance(3 * DAY);
    await engine.purgeFinished(DAY);
    // Back to day 1 (a clock that went backwards): the write still lands.
    clock.set(Date.UTC(2026, 0, 1, 13));
    const id = await runOne('b');
    expect((await store.taskGet({ id }))?.state).toBe('succeeded');
  });

  it('retention shorter than a day deletes today\'s rows and has the partitions vacuumed soon after; a day or more leaves them for the day to go whole', async () => {
    const noted = vi.spyOn((store as PostgresStore).historyVacuum, 'note');
    await runOne('yesterday');
    clock.advance(DAY); // 2026-01-02, 12:00
    await runOne('early');
    clock.advance(60_000);
    // Cut-off a day back, in yesterday: its rows wait for yesterday to pass the cut-off whole.
    expect(await engine.purgeFinished(DAY)).toEqual({ tasks: 0, events: 0 });
    expect(await store.taskList({ limit: 10 })).toHaveLength(2);
    expect(noted).not.toHaveBeenCalled();
    // Cut-off 30 s back: today's rows are deleted one by one (today's partitions are named for a
    // pass, at least half the window after the last), and yesterday goes whole.
    expect(await engine.purgeFinished(30_000)).toEqual({ tasks: 2, events: 6 });
    expect(noted).toHaveBeenCalledWith(8, ['tasks_done_20260102', 'events_20260102'], 15_000);
    expect((await partitions()).filter((p) => p.endsWith('20260101'))).toEqual([]);
  });

  it('retention of a day or more drops a day whole once the cut-off has passed all of it, its count and side rows with it', async () => {
    const counts = async () => (await store.queueCounts()).find((q) => q.queue === 'default')?.counts ?? {};
    // Day 1: three tasks, one with a permanent dedup key and a dependent; day 2: two tasks.
    const keyed = await engine.enqueue('keyed', null, { dedupKey: 'msg-1' });
    const after = await engine.enqueue('after', null, { dependsOn: [keyed.id] });
    for (const want of [keyed.id, after.id]) {
      const [c] = await engine.claim({ queues: ['default'], workerId: 'w', limit: 1, leaseMs: DAY });
      expect(c!.id).toBe(want);
      await engine.complete({ id: c!.id, leaseToken: c!.leaseToken });
    }
    const d1 = await runOne('d1');
    clock.advance(DAY); // day 2, 12:00
    const d2 = [await runOne('d2a'), await runOne('d2b')];
    expect(await counts()).toEqual({ succeeded: 5 });

    // Day 3, 13:00: day 2's tasks are past a day's retention, but day 2 is not wholly past the
    // cut-off (day 2, 13:00): they stay. Day 1 goes whole.
    clock.advance(DAY + 3_600_000);
    expect(await engine.purgeFinished(DAY)).toEqual({ tasks: 3, events: 10 });
    for (const id of [keyed.id, after.id, d1]) expect(await store.taskGet({ id })).toBeNull();
    for (const id of d2) expect((await store.taskGet({ id }))?.state).toBe('succeeded');
    expect(await counts()).toEqual({ succeeded: 2 });
    expect((await partitions()).filter((p) => p.endsWith('20260101'))).toEqual([]);
    // The dedup key went with its task: the same key makes a new task.
    const again = await engine.enqueueOne({ name: 'keyed', dedupKey: 'msg-1' });
    expect(again.created).toBe(true);
    await engine.cancel(again.task.id);

    // Just past midnight after day 3: day 2 is wholly before the cut-off and goes.
    clock.set(Date.UTC(2026, 0, 4, 0, 0, 1));
    expect(await engine.purgeFinished(DAY)).toEqual({ tasks: 2, events: 6 });
    expect(await counts()).toEqual({ cancelled: 1 });
    expect((await partitions()).filter((p) => p.endsWith('20260102'))).toEqual([]);
  });

  it('with a day or more of retention, a live task created days ago keeps its event day, and finished tasks go row by row', async () => {
    const d1 = await runOne('d1');
    const long = await engine.enqueue('long');
    const [lc] = await engine.claim({ queues: ['default'], workerId: 'w', limit: 1, leaseMs: 10 * DAY });
    expect(lc!.id).toBe(long.id);
    clock.advance(DAY - 6 * 3_600_000); // day 2, 06:00
    const d2 = await runOne('d2');
    clock.advance(DAY + 6 * 3_600_000); // day 3, 12:00
    const d3 = await runOne('d3');
    // Cut-off day 2, 12:00. Day 1's events must stay for the long task, so nothing goes whole:
    // d1 and d2 (before the cut-off, in its day) go by id with their events, and day 1's emptied
    // partition after them.
    expect(await engine.purgeFinished(DAY)).toEqual({ tasks: 2, events: 6 });
    for (const id of [d1, d2]) {
      expect(await store.taskGet({ id })).toBeNull();
      expect(await store.eventList({ taskIds: [id], limit: 10 })).toEqual([]);
    }
    expect((await store.taskGet({ id: d3 }))?.state).toBe('succeeded');
    const parts = await partitions();
    expect(parts).not.toContain('tasks_done_20260101');
    expect(parts).toContain('events_20260101');
    expect((await store.eventList({ taskIds: [long.id], limit: 10 })).map((e) => e.type)).toEqual(['created', 'claimed']);
  });

  it('does not wait for a day that readers hold: it leaves the day, with its events, to the next call', async () => {
    const d1 = await runOne('d1');
    clock.advance(2 * DAY); // day 3, 12:00
    const reader = new pg.Client({ connectionString: PG_URL });
    await reader.connect();
    try {
      // A long read of history holds every day of it (ACCESS SHARE) until its transaction ends.
      await reader.query('BEGIN');
      await reader.query(`SELECT count(*) FROM "${schema}".tasks_done`);
      let timer: NodeJS.Timeout | undefined;
      const stuck = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('retention waited for the reader')), 5_000);
      });
      try {
        expect(await Promise.race([engine.purgeFinished(DAY), stuck])).toEqual({ tasks: 0, events: 0 });
      } finally {
        clearTimeout(timer);
      }
      expect(await partitions()).toEqual(expect.arrayContaining(['tasks_done_20260101', 'events_20260101']));
      expect((await store.eventList({ taskIds: [d1], limit: 10 })).map((e) => e.type)).toEqual(['created', 'claimed', 'succeeded']);
      expect(await store.queueCounts()).toEqual([{ queue: 'default', counts: { succeeded: 1 } }]);
    } finally {
      await reader.query('COMMIT');
      await reader.end();
    }
    expect(await engine.purgeFinished(DAY)).toEqual({ tasks: 1, events: 3 });
    expect((await partitions()).filter((p) => p.endsWith('20260101'))).toEqual([]);
  });
});
