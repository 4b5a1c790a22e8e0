/**
 * The server dropping the store's connections (a restart, a failover, an admin's
 * pg_terminate_backend) costs nothing but fresh connections: the next writes and reads work.
 */
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import type { PostgresStore } from '../../src/store/postgres/driver.js';
import { waitFor } from '../helpers/processes.js';
import { freshStore, type TestStore } from '../helpers/stores.js';
import { PG_URL } from '../helpers/services.js';
import { PG_UP } from './pg-available.js';

describe.skipIf(!PG_UP)('postgres: lost connections', () => {
  let ts: TestStore;
  let store: PostgresStore;
  let engine: Engine;

  beforeEach(async () => {
    ts = await freshStore('postgres');
    store = ts.store as PostgresStore;
    engine = new Engine({ store });
  });
  afterEach(async () => {
    await engine.flush();
    await ts.cleanup();
  });

  it('writes and reads carry on after every pooled connection is killed', async () => {
    const before = await engine.enqueue('a');
    // Hold three connections at once so three distinct backends exist, then kill them all.
    const clients = await Promise.all([0, 1, 2].map(() => store.pool.connect()));
    const pids = await Promise.all(clients.map(async (c) => (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid));
    clients.forEach((c) => c.release());
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    try {
      const killed = await admin.query('SELECT count(*)::int AS n FROM (SELECT pg_terminate_backend(p) FROM unnest($1::int[]) p) k', [pids]);
      expect(killed.rows[0].n).toBe(3);
    } finally {
      await admin.end();
    }
    // The pool notices dead idle connections; whatever it hands out next is alive.
    const after = await engine.enqueue('b');
    expect((await engine.get(before.id)).state).toBe('pending');
    expect((await engine.get(after.id)).state).toBe('pending');
    const claimed = await engine.claim({ queues: ['default'], workerId: 'w', limit: 10, leaseMs: 1000 });
    expect(claimed.map((t) => t.name)).toEqual(['a', 'b']);
  });

  it('a write whose connection the server ends mid-statement is made on another connection, once', async () => {
    await engine.enqueue('warm'); // today's partitions exist: the next write is the insert alone
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    try {
      // Hold the table so the insert waits inside the server, then end its session as an admin
      // (or a failover) would: the insert gets FATAL 57P01 and has committed nothing.
      await admin.query('BEGIN');
      await admin.query(`LOCK TABLE "${store.schema}".tasks IN ACCESS EXCLUSIVE MODE`);
      const write = engine.enqueue('cut');
      const self = (await admin.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      const blocked = await waitFor(async () => (await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [self])).rows[0]?.pid, 'the insert to wait on the lock');
      await admin.query('SELECT pg_terminate_backend($1)', [blocked]);
      await admin.query('ROLLBACK');
      const t = await write;
      expect((await engine.list({ name: 'cut' })).map((x) => x.id)).toEqual([t.id]);
    } finally {
      await admin.end();
    }
  });
});
