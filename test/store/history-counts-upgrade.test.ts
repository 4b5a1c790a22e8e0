/**
 * Schema version 2 counts finished tasks as history changes. A store made by version 1 already
 * holds history: upgrading must count it, so the queue counts stay what they were.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { freshPgSchema, freshSqlite } from '../helpers/stores.js';
import { PG_URL } from '../helpers/services.js';
import { PG_UP } from '../postgres/pg-available.js';

/** Three tasks through history (two succeeded, one failed) and one left pending. */
async function someHistory(store: Store): Promise<void> {
  const engine = new Engine({ store });
  await engine.enqueueMany([{ name: 'a' }, { name: 'a' }, { name: 'b', maxAttempts: 1 }, { name: 'c' }]);
  const [a1, a2, b] = await engine.claim({ queues: ['default'], workerId: 'w', limit: 3, leaseMs: 10_000 });
  await Promise.all([a1, a2].map((t) => engine.complete({ id: t!.id, leaseToken: t!.leaseToken })));
  await engine.fail({ task: b!, error: new Error('no') });
  await engine.flush();
}

/** Opening migrates to version 2 (and on); the counts are what the history and live table hold. */
async function expectUpgradedCounts(url: string): Promise<void> {
  const store = await openStore(url);
  try {
    // Migrations after 2 run too (they are undone below along with 2).
    expect(await store.schemaVersion()).toBeGreaterThanOrEqual(2);
    expect(await store.queueCounts()).toEqual([{ queue: 'default', counts: { succeeded: 2, failed: 1, pending: 1 } }]);
  } finally {
    await store.close();
  }
}

describe('history counts: upgrading a version 1 store', () => {
  it('sqlite: counts the history already there', async () => {
    const ts = await freshSqlite();
    const file = ts.url.slice('sqlite:'.length);
    try {
      await someHistory(ts.store);
      await ts.store.close();
      // Back to version 1: what migration 2 adds is gone, the history stays.
      const db = new Database(file);
      db.exec('DROP TABLE history_counts; DROP TABLE task_collapse; PRAGMA user_version = 1');
      db.close();
      await expectUpgradedCounts(ts.url);
    } finally {
      await ts.cleanup().catch(() => undefined);
    }
  });

  it.skipIf(!PG_UP)('postgres: counts the history already there', async () => {
    const s = await freshPgSchema();
    try {
      const first = await openStore(s.url);
      await someHistory(first);
      await first.close();
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      try {
        await c.query(`SET search_path = "${s.schema}"`);
        await c.query('DROP TABLE history_counts; DROP TABLE task_collapse; UPDATE taskframe_schema SET version = 1');
      } finally {
        await c.end();
      }
      await expectUpgradedCounts(s.url);
    } finally {
      await s.drop();
    }
  });
});
