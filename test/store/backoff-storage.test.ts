/**
 * The default retry policy is stored as NULL (a third of a plain task's row on PostgreSQL was its
 * copy of it) and read back as the default; any other policy is stored as given. Every insert
 * path, live and in history, on both stores; and a PostgreSQL store from before (migration 13),
 * whose rows carry the default written out, reads the same after the upgrade.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { DEFAULT_BACKOFF, type BackoffPolicy } from '../../src/model/backoff.js';
import type { TaskId } from '../../src/model/task.js';
import { openStore } from '../../src/store/open.js';
import type { PostgresStore } from '../../src/store/postgres/driver.js';
import { PG_MIGRATIONS } from '../../src/store/postgres/schema.js';
import { freshPgSchema, freshStore, PG_UNDO_13, type TestStore } from '../helpers/stores.js';
import { PG_URL } from '../helpers/services.js';
import { PG_UP } from '../postgres/pg-available.js';

const CUSTOM: BackoffPolicy = { kind: 'fixed', baseMs: 250, capMs: 250, jitter: 0 };

/** What the store holds in the backoff column of each task, live or finished (null: NULL). */
async function storedBackoffs(ts: TestStore, ids: TaskId[]): Promise<Array<unknown>> {
  if (ts.store.driver === 'sqlite') {
    const db = new Database(ts.url.slice('sqlite:'.length), { readonly: true });
    try {
      const at = db.prepare('SELECT backoff FROM tasks WHERE id = ? UNION ALL SELECT backoff FROM tasks_done WHERE id = ?');
      return ids.map((id) => {
        const r = at.get(id, id) as { backoff: string | null };
        return r.backoff === null ? null : JSON.parse(r.backoff);
      });
    } finally {
      db.close();
    }
  }
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    await c.query(`SET search_path = "${(ts.store as PostgresStore).schema}"`);
    const r = await c.query<{ id: string; backoff: unknown }>('SELECT id::text, backoff FROM tasks WHERE id = ANY($1) UNION ALL SELECT id::text, backoff FROM tasks_done WHERE id = ANY($1)', [ids]);
    const byId = new Map(r.rows.map((x) => [x.id, x.backoff]));
    return ids.map((id) => byId.get(String(id)));
  } finally {
    await c.end();
  }
}

describe.each(['sqlite', 'postgres'] as const)('%s: the retry policy as stored', (driver) => {
  let ts: TestStore | null = null;
  afterEach(async () => {
    await ts?.cleanup();
    ts = null;
  });

  it.skipIf(driver === 'postgres' && !PG_UP)('the default is stored as NULL and read as the default, any other as given, live and in history', async () => {
    ts = await freshStore(driver);
    const engine = new Engine({ store: ts.store });
    // A plain batch, a batch linked inside itself (a chain), and single inserts with a key.
    const plain = await engine.enqueueMany([{ name: 'p' }, { name: 'p', backoff: CUSTOM }]);
    const linked = await engine.enqueueMany([{ name: 'l' }, { name: 'l', backoff: CUSTOM, after: [0] }]);
    const single = [await engine.enqueue('s', null, { key: 's1' }), await engine.enqueue('s', null, { key: 's2', backoff: CUSTOM })];
    const ids = [plain, linked, single].flatMap(([d, c]) => [d!.id, c!.id]);
    const expected = [null, CUSTOM, null, CUSTOM, null, CUSTOM];

    expect(await storedBackoffs(ts, ids)).toEqual(expected);
    const read = async () => (await Promise.all(ids.map((id) => engine.get(id)))).map((t) => t?.backoff);
    const policies = [DEFAULT_BACKOFF, CUSTOM, DEFAULT_BACKOFF, CUSTOM, DEFAULT_BACKOFF, CUSTOM];
    expect(await read()).toEqual(policies);

    // Claimed tasks carry it (a failure's retry delay comes from it); finished ones keep it.
    for (let n = 0; n < 3; n++) {
      const claimed = await engine.claim({ queues: ['default'], workerId: 'w', limit: 10, leaseMs: 10_000 });
      for (const t of claimed) {
        expect(t.backoff).toEqual(policies[ids.indexOf(t.id)]);
        await engine.complete({ id: t.id, leaseToken: t.leaseToken });
      }
      await engine.flush();
    }
    expect((await Promise.all(ids.map((id) => engine.get(id)))).map((t) => t?.state)).toEqual(ids.map(() => 'succeeded'));
    expect(await storedBackoffs(ts, ids)).toEqual(expected);
    expect(await read()).toEqual(policies);
  });
});

describe.skipIf(!PG_UP)('postgres: a store from before migration 13', () => {
  it('reads tasks whose rows carry the default written out as before, and writes new ones as NULL', async () => {
    const s = await freshPgSchema();
    try {
      const first = await openStore(s.url);
      const engine = new Engine({ store: first });
      const old = await engine.enqueue('old', null);
      await engine.flush();
      await first.close();
      // Back to version 12: the default written out, the column NOT NULL again.
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      try {
        await c.query(`SET search_path = "${s.schema}"`);
        await c.query(`${PG_UNDO_13} UPDATE taskframe_schema SET version = 12`);
        await expect(c.query(`INSERT INTO tasks (name, queue, state, run_at, max_attempts, created_at, updated_at) VALUES ('x', 'q', 'pending', 0, 1, 0, 0)`)).rejects.toThrow(/backoff/);

        const store = await openStore(s.url);
        try {
          expect(await store.schemaVersion()).toBe(PG_MIGRATIONS.length);
          const upgraded = new Engine({ store });
          const fresh = await upgraded.enqueue('new', null);
          await upgraded.flush();
          expect((await upgraded.get(old.id))?.backoff).toEqual(DEFAULT_BACKOFF);
          expect((await upgraded.get(fresh.id))?.backoff).toEqual(DEFAULT_BACKOFF);
          const r = await c.query<{ name: string; backoff: unknown }>('SELECT name, backoff FROM tasks ORDER BY id');
          expect(r.rows).toEqual([
            { name: 'old', backoff: DEFAULT_BACKOFF },
            { name: 'new', backoff: null },
          ]);
        } finally {
          await store.close();
        }
      } finally {
        await c.end();
      }
    } finally {
      await s.drop();
    }
  });
});
