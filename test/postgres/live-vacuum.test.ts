/** The live table's own vacuum: runs after enough row changes, one process at a time. */
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TableVacuum, VACUUM_DUTY } from '../../src/store/postgres/table-vacuum.js';
import { dayOf } from '../../src/store/postgres/days.js';
import { partitionName } from '../../src/store/postgres/partitions.js';
import { resolveSpec } from '../../src/model/spec.js';
import type { PostgresStore } from '../../src/store/postgres/driver.js';
import { freshStore, type TestStore } from '../helpers/stores.js';
import { PG_URL } from '../helpers/services.js';
import { PG_UP } from './pg-available.js';

describe.skipIf(!PG_UP)('postgres: live table vacuum', () => {
  let ts: TestStore;
  let store: PostgresStore;

  beforeEach(async () => {
    ts = await freshStore('postgres');
    store = ts.store as PostgresStore;
  });
  afterEach(async () => {
    await ts.cleanup();
  });

  async function analyzeCount(): Promise<number> {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    try {
      await c.query('SELECT pg_stat_clear_snapshot()');
      const r = await c.query(`SELECT analyze_count::int AS n FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = 'tasks'`, [store.schema]);
      return r.rows[0]?.n ?? 0;
    } finally {
      await c.end();
    }
  }

  async function vacuumCount(table = 'tasks'): Promise<number> {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    try {
      // Statistics reach the view asynchronously; ask for a fresh snapshot.
      await c.query('SELECT pg_stat_clear_snapshot()');
      const r = await c.query(`SELECT vacuum_count::int AS n FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = $2`, [store.schema, table]);
      return r.rows[0]?.n ?? 0;
    } finally {
      await c.end();
    }
  }

  it('vacuums once enough changes have piled up, and not before', async () => {
    const v = new TableVacuum(store.pool, store.schema, { everyChanges: 100, minIntervalMs: 0 });
    v.note(99);
    await v.close();
    expect(v.passes).toBe(0);
    v.note(1);
    await v.close();
    expect(v.passes).toBe(1);
    for (let i = 0; i < 50 && (await vacuumCount()) < 1; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await vacuumCount()).toBeGreaterThanOrEqual(1);
  });

  it('a long pass spaces the next ones out: passes take at most a fifth of the time', async () => {
    // The table of a large backlog takes long to vacuum; a second each would keep one running.
    const v = new TableVacuum(store.pool, store.schema, { everyChanges: 1, minIntervalMs: 0 });
    v.note(1);
    await v.close();
    expect(v.passes).toBe(1);
    expect(v.lastPassMs).toBeGreaterThanOrEqual(0);
    // As if that pass had taken 20 s: the next waits 100 s from its start, however many changes come.
    v.lastPassMs = 20_000;
    v.note(1_000_000);
    await v.close();
    expect(v.passes).toBe(1);
    // A short one (the usual small table) is followed at once.
    v.lastPassMs = 0;
    v.note(1);
    await v.close();
    expect(v.passes).toBe(2);
    expect(VACUUM_DUTY).toBe(5);
  });

  it('a note can space passes further apart than the minimum, for that note only', async () => {
    // Retention under a day asks for passes half its window apart (a pass scans every index of
    // what retention keeps): the next note without it goes by the minimum again.
    const v = new TableVacuum(store.pool, store.schema, { everyChanges: 1, minIntervalMs: 0, duty: 0 });
    v.note(1);
    await v.close();
    expect(v.passes).toBe(1);
    v.note(1_000_000, undefined, 60_000);
    await v.close();
    expect(v.passes).toBe(1);
    v.note(1);
    await v.close();
    expect(v.passes).toBe(2);
  });

  it('another process holding the vacuum lock makes this one skip its turn', async () => {
    const other = new pg.Client({ connectionString: PG_URL });
    await other.connect();
    try {
      await other.query(`SELECT pg_advisory_lock($1, hashtext($2))`, [0x7466_7663, store.schema]);
      const v = new TableVacuum(store.pool, store.schema, { everyChanges: 1, minIntervalMs: 0 });
      v.note(5);
      await v.close();
      expect(v.passes).toBe(0);
      await other.query(`SELECT pg_advisory_unlock_all()`);
      v.note(5);
      await v.close();
      expect(v.passes).toBe(1);
    } finally {
      await other.end();
    }
  });

  it('vacuums the tables it is given, under a lock of its own', async () => {
    // A day partition of history, as retention names it; the live table's lock does not block it.
    await store.writeBatch({ now: Date.now(), taskInsert: [{ task: resolveSpec({ name: 'a' }, Date.now()) }] });
    const day = dayOf(Date.now());
    const other = new pg.Client({ connectionString: PG_URL });
    await other.connect();
    try {
      await other.query(`SELECT pg_advisory_lock($1, hashtext($2))`, [0x7466_7663, store.schema]);
      const v = new TableVacuum(store.pool, store.schema, { everyChanges: 1, minIntervalMs: 0, analyzeEvery: 0, lockName: `${store.schema}:history` });
      v.note(5, [partitionName('tasks_done', day), partitionName('events', day)]);
      await v.close();
      expect(v.passes).toBe(1);
    } finally {
      await other.end();
    }
    for (let i = 0; i < 50 && (await vacuumCount(partitionName('events', day))) < 1; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await vacuumCount(partitionName('events', day))).toBeGreaterThanOrEqual(1);
    expect(await vacuumCount(partitionName('tasks_done', day))).toBeGreaterThanOrEqual(1);
  });

  it('a pass over the live table vacuums its indexes without parallel workers', async () => {
    // What the pass sends, recorded on a pool of its own.
    const sent: string[] = [];
    const recording = new pg.Pool({ connectionString: PG_URL, max: 1 });
    recording.on('connect', (client) => {
      const query = client.query.bind(client) as (text: string, values?: unknown[]) => Promise<unknown>;
      Object.assign(client, { query: (text: string, values?: unknown[]) => (sent.push(text), query(text, values)) });
    });
    try {
      const v = new TableVacuum(recording, store.schema, { everyChanges: 1, minIntervalMs: 0, analyzeEvery: 0 });
      v.note(1);
      await v.close();
    } finally {
      await recording.end();
    }
    const pass = sent.find((t) => t.startsWith('VACUUM'));
    expect(pass).toBeDefined();

    // Run it again, verbose, where every index is big enough for a parallel worker and there
    // are dead rows to remove from each: PostgreSQL plans none for it, and some without it.
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    try {
      await c.query(`SET search_path = "${store.schema}"`);
      await c.query('SET min_parallel_index_scan_size = 0');
      await c.query('SET max_parallel_maintenance_workers = 2');
      const planned = async (statement: string): Promise<string> => {
        await c.query(`INSERT INTO tasks (name, queue, state, run_at, max_attempts, backoff, created_at, updated_at, parent_id, run_id)
          SELECT 'x', 'q', 'pending', 0, 1, '{}', 0, 0, g, 'r' FROM generate_series(1, 2000) g`);
        await c.query('DELETE FROM tasks');
        const info: string[] = [];
        const listen = (n: { message?: string }) => info.push(n.message ?? '');
        c.on('notice', listen);
        await c.query(statement.replace('VACUUM (', 'VACUUM (VERBOSE, '));
        c.off('notice', listen);
        return info.filter((m) => /parallel vacuum workers?/.test(m)).join('\n');
      };
      expect(await planned(pass!)).toBe('');
      expect(await planned(pass!.replace(', PARALLEL 0', ''))).toMatch(/planned: [1-9]/);
    } finally {
      await c.end();
    }
  });

  it('samples statistics on the first pass and every tenth, not on each', async () => {
    const v = new TableVacuum(store.pool, store.schema, { everyChanges: 1, minIntervalMs: 0, duty: 0 });
    for (let i = 0; i < 11; i++) {
      v.note(1);
      await v.close();
    }
    expect(v.passes).toBe(11);
    for (let i = 0; i < 50 && (await vacuumCount()) < 11; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await vacuumCount()).toBe(11);
    expect(await analyzeCount()).toBe(2);
  });
});
