/**
 * The event feed on PostgreSQL misses nothing a follower reads on from its last position, though
 * concurrent transactions commit in any order: an event whose transaction took a lower id and
 * commits later is held back until it has, never stepped past (model/feed.ts). Bus outboxes,
 * taskmaster rules and the server's metrics all follow this feed.
 */
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { FEED_START } from '../../src/model/feed.js';
import { openStore } from '../../src/store/open.js';
import type { PostgresStore } from '../../src/store/postgres/driver.js';
import { PG_MIGRATIONS } from '../../src/store/postgres/schema.js';
import { enqueueInTransaction } from '../../src/store/transactional.js';
import { Taskframe } from '../../src/taskframe.js';
import { feedSettled, freshPgSchema, freshStore, PG_UNDO_FROM_10, readFeedOn, type TestStore } from '../helpers/stores.js';
import { PG_URL } from '../helpers/services.js';
import { PG_UP } from './pg-available.js';

describe.skipIf(!PG_UP)('postgres: the event feed under concurrent writers', () => {
  let ts: TestStore;
  let client: pg.Client;

  beforeEach(async () => {
    ts = await freshStore('postgres');
    client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
  });
  afterEach(async () => {
    await client.end();
    await ts.cleanup();
  });

  it('holds back an event committed after it until the earlier transaction ends, then gives both in order', async () => {
    const engine = new Engine({ store: ts.store });
    // A transaction takes the lower event id and stays open...
    await client.query('BEGIN');
    const [slow] = await enqueueInTransaction(ts.store, client, [{ name: 'slow' }]);
    // ...while another enqueue takes a higher one and commits.
    const quick = await engine.enqueue('quick');
    const byId = (await ts.store.eventList({ taskIds: [slow!.id, quick.id], limit: 10 })).map((e) => e.taskId);
    expect(byId).toEqual([quick.id]); // only the committed one is visible at all
    // A follower reading now must not step past the open transaction's event.
    let read = await readFeedOn(ts.store, FEED_START);
    expect(read.events).toEqual([]);
    expect(await ts.store.eventFeedEnd()).toBe(FEED_START);
    await client.query('COMMIT');
    await feedSettled(ts.store); // other tests' transactions on the server hold the feed too
    read = await readFeedOn(ts.store, read.after);
    expect(read.events.map((e) => [e.taskId, e.type])).toEqual([
      [slow!.id, 'created'],
      [quick.id, 'created'],
    ]);
    expect(Number(read.events[0]!.id)).toBeLessThan(Number(read.events[1]!.id));
    expect(await ts.store.eventFeedEnd()).toBe(read.after);
  });

  it('an aborted transaction holds the feed only while it is open, and leaves nothing', async () => {
    const engine = new Engine({ store: ts.store });
    await client.query('BEGIN');
    await enqueueInTransaction(ts.store, client, [{ name: 'gone' }]);
    const kept = await engine.enqueue('kept');
    expect((await readFeedOn(ts.store, FEED_START)).events).toEqual([]);
    await client.query('ROLLBACK');
    await feedSettled(ts.store);
    expect((await readFeedOn(ts.store, FEED_START)).events.map((e) => e.taskId)).toEqual([kept.id]);
  });

  it('a follower polling throughout reads every event of three producers and their workers exactly once', async () => {
    const tfs = await Promise.all([0, 1, 2].map(() => Taskframe.open({ db: ts.url })));
    const seen = new Map<string, number>();
    let after = FEED_START;
    let stop = false;
    const follower = (async () => {
      while (!stop) {
        const page = await ts.store.eventFeed({ after, limit: 500 });
        for (const e of page) seen.set(e.id, (seen.get(e.id) ?? 0) + 1);
        if (page.length > 0) after = page.at(-1)!.position;
        else await new Promise((r) => setTimeout(r, 1));
      }
    })();
    const workers = tfs.map((tf) => tf.worker({ handlers: { t: () => null }, concurrency: 20, maintenance: false }).start());
    await Promise.all(
      tfs.map(async (tf) => {
        for (let i = 0; i < 10; i++) {
          await tf.enqueueMany(Array.from({ length: 50 }, () => ({ name: 't' })));
          await Promise.all(Array.from({ length: 10 }, () => tf.enqueue('t')));
        }
      }),
    );
    const total = 3 * 10 * 60;
    const deadline = Date.now() + 30_000;
    while ((await ts.store.queueCounts()).find((q) => q.queue === 'default')?.counts.succeeded !== total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await Promise.all(workers.map((w) => w.stop()));
    stop = true;
    await follower;
    await feedSettled(ts.store);
    for (const e of (await readFeedOn(ts.store, after)).events) seen.set(e.id, (seen.get(e.id) ?? 0) + 1);
    const stored = (await (ts.store as PostgresStore).pool.query<{ id: string }>('SELECT id::text AS id FROM events')).rows.map((r) => r.id);
    expect(stored.length).toBe(total * 3); // created, claimed, succeeded
    expect(stored.filter((id) => seen.get(id) !== 1)).toEqual([]);
    expect(seen.size).toBe(stored.length);
    await Promise.all(tfs.map((tf) => tf.close()));
  }, 60_000);
});

describe.skipIf(!PG_UP)('postgres: the event feed after upgrading from schema version 7', () => {
  it('events restored from another cluster\'s dump (its transaction ids) are followed from the beginning, before new ones; their old positions are refused', async () => {
    const s = await freshPgSchema();
    try {
      const first = await openStore(s.url);
      const restored = await new Engine({ store: first }).enqueueMany([{ name: 'a' }, { name: 'b' }]);
      await first.close();
      // What pg_dump and a restore into another cluster leave: the rows keep transaction ids
      // this cluster has not reached.
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      let oldPosition: string;
      try {
        await c.query(`SET search_path = "${s.schema}"`);
        await c.query(`UPDATE events SET xid = (pg_snapshot_xmax(pg_current_snapshot())::text::bigint + 5000000 + id)::text::xid8`);
        oldPosition = (await c.query<{ p: string }>(`SELECT xid::text || ':' || id AS p FROM events ORDER BY xid DESC, id DESC LIMIT 1`)).rows[0]!.p;
      } finally {
        await c.end();
      }
      const store = await openStore(s.url);
      try {
        const later = await new Engine({ store }).enqueue('c');
        await feedSettled(store);
        const { events } = await readFeedOn(store, FEED_START);
        expect(events.map((e) => e.taskId)).toEqual([restored[0]!.id, restored[1]!.id, later.id]);
        // A follower's cursor from the old cluster is no place in this feed: refused, not a silent wait.
        await expect(store.eventFeed({ after: oldPosition, limit: 10 })).rejects.toMatchObject({ code: 'VALIDATION', field: 'after' });
      } finally {
        await store.close();
      }
    } finally {
      await s.drop();
    }
  });

  it('a cursor saved as an event id resumes where it was, and new events follow the old ones', async () => {
    const s = await freshPgSchema();
    try {
      const first = await openStore(s.url);
      const engine = new Engine({ store: first });
      const old = await engine.enqueueMany([{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
      await first.close();
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      let oldIds: string[];
      try {
        // Back to version 7: the events as it wrote them, ordered by id alone.
        await c.query(`SET search_path = "${s.schema}"`);
        await c.query(`ALTER TABLE events DROP COLUMN xid; CREATE INDEX events_id ON events (id); ${PG_UNDO_FROM_10} UPDATE taskframe_schema SET version = 7`);
        oldIds = (await c.query<{ id: string }>('SELECT id::text AS id FROM events ORDER BY id')).rows.map((r) => r.id);
      } finally {
        await c.end();
      }
      expect(PG_MIGRATIONS.length).toBeGreaterThan(7);
      const store = await openStore(s.url);
      try {
        expect(await store.schemaVersion()).toBe(PG_MIGRATIONS.length);
        const later = await new Engine({ store }).enqueue('d');
        await feedSettled(store);
        // A follower of version 7 had read up to the first event and saved its id.
        const { events } = await readFeedOn(store, oldIds[0]!);
        expect(events.map((e) => e.taskId)).toEqual([old[1]!.id, old[2]!.id, later.id]);
        expect(events.slice(0, 2).map((e) => e.position)).toEqual(oldIds.slice(1));
      } finally {
        await store.close();
      }
    } finally {
      await s.drop();
    }
  });
});
