/**
 * The LISTEN connection dying (server restart, a killed backend) must not silence wake-ups:
 * the store says '*' (anything may have been missed), listens again, and later notifications
 * arrive as before.
 */
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveSpec } from '../../src/model/spec.js';
import type { PostgresStore } from '../../src/store/postgres/driver.js';
import { freshStore, type TestStore } from '../helpers/stores.js';
import { PG_URL } from '../helpers/services.js';
import { PG_UP } from './pg-available.js';

describe.skipIf(!PG_UP)('postgres: wake-ups survive a lost LISTEN connection', () => {
  let ts: TestStore;
  let store: PostgresStore;
  let admin: pg.Client;

  beforeEach(async () => {
    ts = await freshStore('postgres');
    store = ts.store as PostgresStore;
    admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
  });
  afterEach(async () => {
    await admin.end();
    await ts.cleanup();
  });

  const listenerPids = async () =>
    (
      await admin.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = 'taskframe-listen' AND query = $1`, [
        `LISTEN "tfw_${store.schema}"`,
      ])
    ).rows.map((r) => r.pid);

  function next(heard: string[], want: string): Promise<void> {
    return new Promise((resolve) => {
      const check = setInterval(() => {
        if (heard.includes(want)) {
          clearInterval(check);
          resolve();
        }
      }, 5);
    });
  }

  it('hears "*" after the connection is killed, then hears queues again', async () => {
    const heard: string[] = [];
    const unsubscribe = await store.subscribeWake((q) => heard.push(q));
    const enqueue = (queue: string) =>
      store.writeBatch({ now: Date.now(), taskInsert: [{ task: resolveSpec({ name: 'x', queue }, Date.now()) }] });

    await enqueue('before');
    await next(heard, 'before');

    const [pid] = await listenerPids();
    expect(pid).toBeDefined();
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    await next(heard, '*');
    // Listening again on a new backend.
    while ((await listenerPids()).filter((p) => p !== pid).length === 0) await new Promise((r) => setTimeout(r, 20));

    await enqueue('after');
    await next(heard, 'after');
    await unsubscribe();
    expect(await listenerPids()).toEqual([]);
  });
});
