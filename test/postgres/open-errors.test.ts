/**
 * Bad input at start: each a clear error naming the problem, and nothing half-made — a wrong
 * URL, a refused connection, an unknown database, a user without privileges, a schema from a
 * newer taskframe, and a migration that fails halfway.
 */
import net from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SchemaTooNewError, StoreError, StoreOpenError, StoreUnavailableError } from '../../src/model/errors.js';
import { openStore } from '../../src/store/open.js';
import { PG_SCHEMA_VERSION } from '../../src/store/postgres/migrate.js';
import { freshPgSchema } from '../helpers/stores.js';
import { PG_URL } from '../helpers/services.js';
import { PG_UP } from './pg-available.js';

const NOPRIV_ROLE = 'taskframe_test_nopriv';

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const schemaExists = (schema: string) =>
  admin(async (c) => (await c.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rowCount === 1);

/** A port nothing listens on: bind one, note it, close it. */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

function withUser(url: string, user: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = '';
  return u.toString();
}

describe('postgres: a malformed URL is refused before any connection', () => {
  it.each([
    ['postgres://', /not a valid URL|no host/],
    ['postgres://127.0.0.1:5432', /no database name/],
    ['postgres://127.0.0.1:99999/test', /not a valid URL|invalid port/],
    ['postgres://127.0.0.1/test?schema=bad-name', /schema "bad-name" is not a plain identifier/],
    ['postgres://127.0.0.1/test?poolSize=zero', /poolSize must be a positive integer/],
    ['postgres://127.0.0.1/test?prepare=maybe', /prepare must be true or false, got "maybe"/],
  ])('%s', async (url, message) => {
    const err = await openStore(url).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreOpenError);
    expect((err as Error).message).toMatch(message);
  });

  it('hides the password in the message', async () => {
    const err = await openStore('postgres://bob:s3cret@127.0.0.1:5432').catch((e: unknown) => e);
    expect((err as Error).message).not.toContain('s3cret');
    expect((err as Error).message).toContain('bob:***@');
  });
});

describe.skipIf(!PG_UP)('postgres: errors at start', () => {
  beforeAll(async () => {
    await admin((c) => c.query(`DO $$ BEGIN CREATE ROLE ${NOPRIV_ROLE} LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`));
  });
  afterAll(async () => {
    // The role stays for the next run (roles are cluster-wide and other runs may use it).
  });

  it('a refused connection names the address, as unavailable (retryable), not as a bad URL', async () => {
    const port = await closedPort();
    const err = await openStore(`postgres://postgres@127.0.0.1:${port}/test`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect((err as Error).message).toMatch(new RegExp(`cannot reach store .*: connection refused at 127\\.0\\.0\\.1:${port}`));
  });

  it('a server that drops the connection at once is named by host and port, not a bare "Connection terminated unexpectedly"', async () => {
    // Something listening that is not PostgreSQL and hangs up (a wrong port, a proxy whose backend is down).
    const srv = net.createServer((sock) => sock.destroy());
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as net.AddressInfo).port;
    try {
      const err = await openStore(`postgres://postgres@127.0.0.1:${port}/test`).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreUnavailableError);
      expect((err as Error).message).toMatch(new RegExp(`cannot reach store postgres://postgres@127\\.0\\.0\\.1:${port}/test: .*127\\.0\\.0\\.1:${port}`));
    } finally {
      srv.close();
    }
  });

  it('every host of a multi-host URL refusing is unavailable, naming the hosts', async () => {
    const [a, b] = [await closedPort(), await closedPort()];
    const err = await openStore(`postgres://postgres@127.0.0.1:${a},127.0.0.1:${b}/test?target_session_attrs=read-write`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect((err as Error).message).toMatch(new RegExp(`connection refused at 127\\.0\\.0\\.1:(${a}|${b})`));
    expect((err as StoreUnavailableError).context.hosts).toBe(`127.0.0.1:${a}, 127.0.0.1:${b}`);
  });

  it('a multi-host URL whose first host is down opens on the next', async () => {
    const s = await freshPgSchema();
    const u = new URL(s.url);
    const port = await closedPort();
    const multi = `postgres://postgres@127.0.0.1:${port},${u.host}/test?schema=${s.schema}&target_session_attrs=read-write`;
    try {
      const store = await openStore(multi);
      expect(await store.schemaVersion()).toBe(PG_SCHEMA_VERSION);
      await store.close();
    } finally {
      await s.drop();
    }
  });

  it('an unknown database is named', async () => {
    const u = new URL(PG_URL);
    u.pathname = '/taskframe_no_such_db';
    const err = await openStore(u.toString()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreOpenError);
    expect((err as Error).message).toMatch(/database "taskframe_no_such_db" does not exist/);
  });

  it('a user without privileges gets an error naming user, schema and database, and no schema is created', async () => {
    const s = await freshPgSchema();
    const err = await openStore(withUser(s.url, NOPRIV_ROLE)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreOpenError);
    expect((err as Error).message).toMatch(new RegExp(`user "${NOPRIV_ROLE}" lacks the privileges .* schema "${s.schema}" in database "test"`));
    expect(await schemaExists(s.schema)).toBe(false);
  });

  it('a user without privileges on an existing schema is refused too, and the schema is left alone', async () => {
    const s = await freshPgSchema();
    await admin((c) => c.query(`CREATE SCHEMA "${s.schema}"`));
    try {
      const err = await openStore(withUser(s.url, NOPRIV_ROLE)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreOpenError);
      expect((err as Error).message).toMatch(/lacks the privileges/);
      const tables = await admin((c) => c.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = $1`, [s.schema]));
      expect(tables.rows[0].n).toBe(0);
    } finally {
      await s.drop();
    }
  });

  it('a schema from a newer taskframe is refused, with or without migrating, and left as it is', async () => {
    const s = await freshPgSchema();
    const store = await openStore(s.url);
    await store.close();
    await admin((c) => c.query(`UPDATE "${s.schema}".taskframe_schema SET version = $1`, [PG_SCHEMA_VERSION + 5]));
    try {
      for (const migrate of [true, false]) {
        const err = await openStore(s.url, { migrate }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(SchemaTooNewError);
        expect((err as Error).message).toMatch(new RegExp(`version ${PG_SCHEMA_VERSION + 5} but this taskframe supports up to ${PG_SCHEMA_VERSION}`));
      }
      const v = await admin((c) => c.query(`SELECT version FROM "${s.schema}".taskframe_schema`));
      expect(v.rows[0].version).toBe(PG_SCHEMA_VERSION + 5);
    } finally {
      await s.drop();
    }
  });

  it('a migration that fails halfway is rolled back whole: nothing half-migrated', async () => {
    const s = await freshPgSchema();
    // A table in the way of one created late in migration 1.
    await admin(async (c) => {
      await c.query(`CREATE SCHEMA "${s.schema}"`);
      await c.query(`CREATE TABLE "${s.schema}".cursors (x int)`);
    });
    try {
      const err = await openStore(s.url).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreError);
      expect((err as Error).message).toMatch(/migration to version 1 .* failed and was rolled back .*"cursors" already exists/);
      const tables = await admin((c) => c.query(`SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY 1`, [s.schema]));
      expect(tables.rows.map((r) => r.tablename)).toEqual(['cursors']);
      const seqs = await admin((c) => c.query(`SELECT count(*)::int AS n FROM pg_sequences WHERE schemaname = $1`, [s.schema]));
      expect(seqs.rows[0].n).toBe(0);
    } finally {
      await s.drop();
    }
  });

  it('an unmigrated schema opened without migrating says so on use', async () => {
    const s = await freshPgSchema();
    const store = await openStore(s.url, { migrate: false });
    try {
      expect(await store.schemaVersion()).toBe(0);
      await expect(store.taskGet({ id: '1' })).rejects.toThrow(/not migrated; run `taskframe migrate`/);
      expect(await store.migrate()).toEqual({ from: 0, to: PG_SCHEMA_VERSION });
      expect(await store.taskGet({ id: '1' })).toBeNull();
    } finally {
      await store.close();
      await s.drop();
    }
  });
});
