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
import { SQLITE_MIGRATIONS } from '../../src/store/sqlite/schema.js';
import { PG_MIGRATIONS } from '../../src/store/postgres/schema.js';
import { freshPgSchema, freshSqlite, PG_UNDO_FROM_10 } from '../helpers/stores.js';
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

/** What later migrations add, undone with migration 2's table so a version 1 store is rebuilt exactly. */
const LATER_TABLES = 'DROP TABLE task_collapse; DROP TABLE flow_limits; DROP TABLE flow_pauses; DROP TABLE flow_rate; DROP TABLE flow_cursors; DROP TABLE flow_audit;';
/** SQLite keeps concurrency slots as rows (migration 4). */
const SQLITE_LATER = `${LATER_TABLES} DROP TABLE flow_slots;`;
/** PostgreSQL's migration 5 keeps them in a column instead; 6 sets a storage parameter; 8 orders the event feed by transaction; 10 on (PG_UNDO_FROM_10). */
const PG_LATER = `${LATER_TABLES} ALTER TABLE tasks DROP COLUMN flow_buckets; ALTER TABLE tasks_done DROP COLUMN flow_buckets; ALTER TABLE tasks RESET (vacuum_truncate);
  ALTER TABLE events DROP COLUMN xid; CREATE INDEX events_id ON events (id); ${PG_UNDO_FROM_10}`;

/** Opening migrates to the latest version; the counts are what the history and live table hold. */
async function expectUpgradedCounts(url: string, latest: number): Promise<void> {
  const store = await openStore(url);
  try {
    expect(await store.schemaVersion()).toBe(latest);
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
      db.exec(`DROP TABLE history_counts; ${SQLITE_LATER} PRAGMA user_version = 1`);
      db.close();
      await expectUpgradedCounts(ts.url, SQLITE_MIGRATIONS.length);
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
        await c.query(`DROP TABLE history_counts; ${PG_LATER} UPDATE taskframe_schema SET version = 1`);
      } finally {
        await c.end();
      }
      await expectUpgradedCounts(s.url, PG_MIGRATIONS.length);
    } finally {
      await s.drop();
    }
  });
});
