/**
 * SQL on a test store's database through a connection of the test's own, not the store's: to
 * make the state an earlier version (or an operator) would have left. One connection per call.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { PG_URL } from './services.js';
import type { DriverName } from './stores.js';

export interface RawSql {
  /** Runs statements; on PostgreSQL in the store's schema. */
  exec(sql: string): Promise<void>;
  /** The rows of one query. */
  rows<R>(sql: string): Promise<R[]>;
  /** Names of the store's indexes that start with `prefix`, sorted. */
  indexes(prefix: string): Promise<string[]>;
}

export function rawSql(driver: DriverName, url: string): RawSql {
  if (driver === 'postgres') {
    const schema = new URL(url).searchParams.get('schema')!;
    const run = async <R extends pg.QueryResultRow>(sql: string, args: unknown[] = []): Promise<R[]> => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      try {
        await c.query(`SET search_path TO "${schema}"`);
        return (await c.query<R>(sql, args)).rows;
      } finally {
        await c.end();
      }
    };
    return {
      exec: async (sql) => void (await run(sql)),
      rows: <R>(sql: string) => run(sql) as Promise<R[]>,
      indexes: async (prefix) =>
        (await run<{ n: string }>(`SELECT indexname AS n FROM pg_indexes WHERE schemaname = $1 AND starts_with(indexname, $2) ORDER BY 1`, [schema, prefix])).map((r) => r.n),
    };
  }
  const file = url.slice('sqlite:'.length);
  const run = <T>(fn: (db: Database.Database) => T): Promise<T> => {
    const db = new Database(file);
    try {
      return Promise.resolve(fn(db));
    } finally {
      db.close();
    }
  };
  return {
    exec: (sql) => run((db) => void db.exec(sql)),
    rows: <R>(sql: string) => run((db) => db.prepare(sql).all() as R[]),
    indexes: (prefix) => run((db) => (db.prepare(`SELECT name AS n FROM sqlite_master WHERE type = 'index' AND substr(name, 1, length(?)) = ? ORDER BY 1`).all(prefix, prefix) as Array<{ n: string }>).map((r) => r.n)),
  };
}
