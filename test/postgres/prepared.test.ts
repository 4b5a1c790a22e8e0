/**
 * The hot statements are prepared by name on the store's own connections; `?prepare=false`
 * (for a pooler that moves a client between server connections) turns that off and the store
 * works the same.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import type { PostgresStore } from '../../src/store/postgres/driver.js';
import { openStore } from '../../src/store/open.js';
import { freshPgSchema } from '../helpers/stores.js';
import { PG_UP } from './pg-available.js';

describe.skipIf(!PG_UP)('postgres: prepared hot statements', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  /** Runs a few tasks through one pooled connection; returns the statements prepared on it. */
  async function preparedAfterWork(extra: string): Promise<string[]> {
    const s = await freshPgSchema();
    const store = (await openStore(`${s.url}&poolSize=1${extra}`)) as PostgresStore;
    const engine = new Engine({ store });
    cleanups.push(async () => {
      await store.close();
      await s.drop();
    });
    await engine.enqueueMany([{ name: 'a' }, { name: 'a' }, { name: 'a' }]);
    const claimed = await engine.claim({ queues: ['default'], workerId: 'w', limit: 2, leaseMs: 10_000 });
    expect(claimed).toHaveLength(2);
    // Completions and a claim in one batch: the one-statement path.
    const r = await store.writeBatch({
      now: Date.now(),
      taskComplete: claimed.map((t) => ({ id: t.id, leaseToken: t.leaseToken, result: { ok: true } })),
      taskClaim: [{ queues: ['default'], workerId: 'w', limit: 5, leaseMs: 10_000 }],
    });
    expect(r.taskComplete.every((c) => c.ok)).toBe(true);
    expect(r.taskClaim[0]).toHaveLength(1);
    expect(await engine.get(claimed[0]!.id)).toMatchObject({ state: 'succeeded', result: { ok: true } });
    const rows = await store.pool.query<{ name: string }>('SELECT name FROM pg_prepared_statements ORDER BY name');
    return rows.rows.map((x) => x.name);
  }

  it('prepares the insert, claim and completion statements once per connection', async () => {
    expect(await preparedAfterWork('')).toEqual(expect.arrayContaining(['tf_taskInsertPlain', 'tf_claim', 'tf_completeAndClaim']));
  });

  it('?prepare=false prepares nothing and behaves the same', async () => {
    expect(await preparedAfterWork('&prepare=false')).toEqual([]);
  });
});
