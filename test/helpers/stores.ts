/**
 * A fresh store per test: a temp SQLite file, or a fresh PostgreSQL schema (dropped after).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { openStore, type OpenStoreOptions } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
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
