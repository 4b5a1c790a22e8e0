/**
 * A fresh store per test: a temp SQLite file, or a fresh PostgreSQL schema (dropped after).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { openStore, type OpenStoreOptions } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import type { FeedEvent, FeedPosition } from '../../src/model/feed.js';
import { DEFAULT_BACKOFF } from '../../src/model/backoff.js';
import type { PostgresStore } from '../../src/store/postgres/driver.js';
import type { Client } from 'pg';
import { PG_URL } from './services.js';

export type DriverName = 'sqlite' | 'sqlite-threaded' | 'postgres';

/** The compiled writer-thread script (npm test builds first), for testing the threaded SQLite store. */
export const WRITER_THREAD_SCRIPT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../dist/store/sqlite/writer-thread.js');
/** The compiled background checkpoint thread (tests run the sources, where it does not exist). */
export const CHECKPOINT_THREAD_SCRIPT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../dist/store/sqlite/checkpoint-thread.js');

export interface TestStore {
  store: Store;
  /** URL another process can open to reach the same data. */
  url: string;
  cleanup(): Promise<void>;
}

export function tempDir(prefix = 'taskframe-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function freshSqlite(options: { threaded?: boolean; history?: OpenStoreOptions['history'] } = {}): Promise<TestStore> {
  const dir = tempDir();
  const url = `sqlite:${path.join(dir, 'test.db')}`;
  const store = await openStore(url, { writerThread: options.threaded ? WRITER_THREAD_SCRIPT : false, ...(options.history ? { history: options.history } : {}) });
  return {
    store,
    url,
    cleanup: async () => {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A PostgreSQL URL pointing at a brand-new schema; `drop` removes it. */
export async function freshPgSchema(): Promise<{ url: string; schema: string; drop(): Promise<void> }> {
  const schema = `tf_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const u = new URL(PG_URL);
  u.searchParams.set('schema', schema);
  return {
    url: u.toString(),
    schema,
    drop: async () => {
      const pg = await import('pg');
      const client = new pg.default.Client({ connectionString: PG_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Undoes PostgreSQL's migration 13: the default retry policy written out again, as the versions before did. */
export const PG_UNDO_13 = ['tasks', 'tasks_done']
  .map((t) => `UPDATE ${t} SET backoff = '${JSON.stringify(DEFAULT_BACKOFF)}' WHERE backoff IS NULL; ALTER TABLE ${t} ALTER COLUMN backoff SET NOT NULL;`)
  .join(' ');

/**
 * Undoes PostgreSQL's migrations 10 on (history counted by day, the partial creation index, the
 * task id marks, the default retry policy stored as NULL), for upgrade tests that rebuild an
 * older schema: one place to add the next.
 */
export const PG_UNDO_FROM_10 =
  `${PG_UNDO_13} ` +
  'DROP TABLE task_id_marks; DROP TABLE history_day_counts; DROP INDEX tasks_done_created_earlier; CREATE INDEX tasks_done_created ON tasks_done (created_at);';

/** A fresh PostgreSQL schema and a plain client on its database (search path not set); drop() ends both. */
export async function freshPgSchemaWithClient(): Promise<Awaited<ReturnType<typeof freshPgSchema>> & { client: Client }> {
  const s = await freshPgSchema();
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  return {
    ...s,
    client,
    drop: async () => {
      await client.end();
      await s.drop();
    },
  };
}

export async function freshPostgres(options: Pick<OpenStoreOptions, 'history'> = {}): Promise<TestStore> {
  const s = await freshPgSchema();
  const store = await openStore(s.url, options);
  return {
    store,
    url: s.url,
    cleanup: async () => {
      await store.close();
      await s.drop();
    },
  };
}

export function freshStore(driver: DriverName, options: Pick<OpenStoreOptions, 'history'> = {}): Promise<TestStore> {
  if (driver === 'postgres') return freshPostgres(options);
  return freshSqlite({ threaded: driver === 'sqlite-threaded', ...options });
}

/**
 * Waits until every transaction on the server that began before this call has ended. PostgreSQL's
 * event feed holds back what a transaction still running might precede (model/feed.ts), and other
 * tests write to the same server at the same time: a test that reads the whole feed right after
 * writing calls this first. SQLite's feed has nothing held back.
 */
export async function feedSettled(store: Store, timeoutMs = 15_000): Promise<void> {
  if (store.driver !== 'postgres') return;
  const pool = (store as PostgresStore).pool;
  const [{ next }] = (await pool.query<{ next: string }>('SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS next')).rows as [{ next: string }];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [{ ended }] = (await pool.query<{ ended: boolean }>('SELECT pg_snapshot_xmin(pg_current_snapshot()) >= $1::xid8 AS ended', [next])).rows as [{ ended: boolean }];
    if (ended) return;
    if (Date.now() > deadline) throw new Error(`a transaction begun before transaction ${next} was still running after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Reads the event feed on from `after` to its current end, a page of `limit` at a time. */
export async function readFeedOn(store: Store, after: FeedPosition, limit = 1000): Promise<{ events: FeedEvent[]; after: FeedPosition }> {
  const events: FeedEvent[] = [];
  for (;;) {
    const page = await store.eventFeed({ after, limit });
    if (page.length === 0) return { events, after };
    events.push(...page);
    after = page.at(-1)!.position;
  }
}
