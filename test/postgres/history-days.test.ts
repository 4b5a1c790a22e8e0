/**
 * A store that keeps months of history (no retention, or a long one) has a day partition of
 * `tasks_done` and of `events` for each day. What runs all the time must not plan and open every
 * one of them: the event feed's followers read only the days from their place on
 * (postgres/feed-anchors.ts), and a look-up of a live task does not touch history. Proved by
 * holding an exclusive lock on an old day meanwhile: a statement that took that day in would
 * wait for the lock.
 */
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { ManualClock } from '../../src/model/clock.js';
import { FEED_START, type FeedEvent } from '../../src/model/feed.js';
import { openStore } from '../../src/store/open.js';
import type { PostgresStore } from '../../src/store/postgres/driver.js';
import { DAY_MS, dayOf } from '../../src/store/postgres/days.js';
import { ensureDayPartitions, partitionName } from '../../src/store/postgres/partitions.js';
import { feedSettled, freshStore, readFeedOn, type TestStore } from '../helpers/stores.js';
import { PG_URL } from '../helpers/services.js';
import { PG_UP } from './pg-available.js';

const HOUR = 3_600_000;

describe.skipIf(!PG_UP)('postgres: many days of history', () => {
  let ts: TestStore;
  let client: pg.Client;
  let clock: ManualClock;
  let engine: Engine;
  let schema: string;
  const start = Date.UTC(2026, 2, 1, 12);

  beforeEach(async () => {
    ts = await freshStore('postgres');
    schema = new URL(ts.url).searchParams.get('schema')!;
    clock = new ManualClock(start);
    engine = new Engine({ store: ts.store, clock });
    // Forty days kept before today, as a store without retention has after forty days.
    await ensureDayPartitions((ts.store as PostgresStore).pool, schema, Array.from({ length: 40 }, (_, i) => dayOf(start) - 1 - i));
    client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
  });
  afterEach(async () => {
    await client.query('ROLLBACK').catch(() => undefined);
    await client.end();
    await engine.flush();
    await ts.cleanup();
  });

  /** Resolves to 'waited' if `p` has not settled within 3 s. */
  const within = <T>(p: Promise<T>) => Promise.race([p, new Promise<'waited'>((r) => setTimeout(() => r('waited'), 3000))]);
  const lockOldDay = async (parent: 'tasks_done' | 'events') => {
    await client.query('BEGIN');
    await client.query(`LOCK TABLE "${schema}".${partitionName(parent, dayOf(start) - 20)} IN ACCESS EXCLUSIVE MODE`);
  };

  const created = (events: FeedEvent[]) => events.filter((e) => e.type === 'created').map((e) => e.taskId);

  it('a follower reads on across days and past a host whose clock is behind, without opening the old days', async () => {
    const a = await engine.enqueue('a');
    await feedSettled(ts.store);
    const first = await readFeedOn(ts.store, FEED_START, 2);
    expect(created(first.events)).toEqual([a.id]);

    clock.advance(-2 * HOUR); // the next host's clock is two hours behind
    const b = await engine.enqueue('b');
    clock.set(start + 3 * DAY_MS);
    const c = await engine.enqueue('c');
    await feedSettled(ts.store);

    await lockOldDay('events');
    const read = readFeedOn(ts.store, first.after, 2);
    expect(await within(read)).not.toBe('waited');
    const second = await read;
    expect(created(second.events)).toEqual([b.id, c.id]);
    // An idle poll from the end does not wait either.
    expect(await within(ts.store.eventFeed({ after: second.after, limit: 10 }))).toEqual([]);
    await client.query('ROLLBACK');

    // Another process resuming from a stored position reads the same.
    const other = await openStore(ts.url);
    try {
      expect(created((await readFeedOn(other, first.after, 2)).events)).toEqual([b.id, c.id]);
    } finally {
      await other.close();
    }
  });

  it('live tasks, labels of a page of events, a run\'s tasks, the recent finished summary and a live task\'s audit are read without touching old days; a finished task and an unknown id are still found or not', async () => {
    await ts.store.runInsert({ run: { id: 'r1', name: 'wf', state: 'running', spec: {}, inputs: null, outputs: null, error: null, trigger: 't', createdAt: clock.now() } });
    const live = await engine.enqueue('live', null, { runId: 'r1' });
    const done = await engine.enqueue('done', null, { priority: 1 });
    const [c] = await engine.claim({ queues: ['default'], workerId: 'w', limit: 1, leaseMs: 60_000 });
    expect(c!.id).toBe(done.id);
    await engine.complete({ id: c!.id, leaseToken: c!.leaseToken });

    await lockOldDay('tasks_done');
    expect(await within(ts.store.taskGet({ id: live.id }))).toMatchObject({ id: live.id, state: 'pending' });
    expect(await within(ts.store.taskGetMany({ ids: [live.id] }))).toMatchObject([{ id: live.id }]);
    // The server labels a page of events: a finished task's label from the days since its events.
    expect(await within(ts.store.taskLabelList({ ids: [done.id, live.id], finishedSince: start - DAY_MS }))).toHaveLength(2);
    // A run's tasks (the console's run view, a workflow finishing): the days since the run began.
    expect(await within(engine.runs.tasksOf('r1'))).toMatchObject([{ id: live.id }]);
    // What the autoscaler reads every few seconds: the last minutes of history.
    expect(await within(ts.store.taskFinishedSummary({ queues: ['default'], since: start - 60_000, limit: 100 }))).toMatchObject([{ name: 'done', n: 1 }]);
    await client.query('ROLLBACK');
    await lockOldDay('events');
    // The audit of a live task reads the days since its creation.
    expect(await within(engine.events([live.id]))).toMatchObject([{ taskId: live.id, type: 'created' }]);
    await client.query('ROLLBACK');
    expect(await ts.store.taskGet({ id: done.id })).toMatchObject({ id: done.id, state: 'succeeded' });
    expect(await ts.store.taskGet({ id: '987654321' })).toBeNull();
  });
});
