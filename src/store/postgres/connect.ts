/**
 * Turning a postgres:// URL into a pool, and PostgreSQL's failures at start into errors that
 * say what is wrong (wrong URL, refused connection, unknown database, missing privileges).
 * `pg` is imported lazily here so a SQLite user never loads it.
 */
import type { Pool, PoolConfig } from 'pg';
import { StoreOpenError } from '../../model/errors.js';

export const DEFAULT_SCHEMA = 'taskframe';
export const DEFAULT_POOL_SIZE = 10;
const IDENT_RE = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export interface PgTarget {
  /** The URL as given (for messages; redacted by StoreOpenError). */
  url: string;
  /** The URL without taskframe's own query parameters, handed to `pg`. */
  connectionString: string;
  schema: string;
  host: string;
  port: number;
  database: string;
  user: string;
  /** From `?poolSize=N` in the URL (lets the CLI size its pool without a flag). */
  poolSize: number | undefined;
  /**
   * `?prepare=false`: no named prepared statements, for a connection pooler that hands each
   * transaction a different server connection (PgBouncer in transaction mode before 1.21).
   */
  prepare: boolean;
}

/** Parses and checks the URL; `?schema=NAME`, `?poolSize=N` and `?prepare=false` are taskframe's own. */
export function parsePgUrl(url: string, schemaOption?: string): PgTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new StoreOpenError(url, 'not a valid URL (expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?schema=NAME])');
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') throw new StoreOpenError(url, `unsupported scheme "${u.protocol}" (use postgres://)`);
  if (!u.hostname) throw new StoreOpenError(url, 'no host in URL (expected postgres://USER@HOST[:PORT]/DATABASE)');
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!database) throw new StoreOpenError(url, 'no database name in URL (expected postgres://USER@HOST[:PORT]/DATABASE)');
  if (u.port && !(Number(u.port) > 0 && Number(u.port) < 65536)) throw new StoreOpenError(url, `invalid port "${u.port}"`);
  const schema = u.searchParams.get('schema') ?? schemaOption ?? DEFAULT_SCHEMA;
  if (!IDENT_RE.test(schema)) {
    throw new StoreOpenError(url, `schema "${schema}" is not a plain identifier (letters, digits and _, at most 63, not starting with a digit)`);
  }
  const poolParam = u.searchParams.get('poolSize');
  const poolSize = poolParam === null ? undefined : Number(poolParam);
  if (poolSize !== undefined && !(Number.isInteger(poolSize) && poolSize > 0)) {
    throw new StoreOpenError(url, `poolSize must be a positive integer, got "${poolParam}"`);
  }
  const prepareParam = u.searchParams.get('prepare');
  if (prepareParam !== null && prepareParam !== 'true' && prepareParam !== 'false') {
    throw new StoreOpenError(url, `prepare must be true or false, got "${prepareParam}"`);
  }
  u.searchParams.delete('schema');
  u.searchParams.delete('poolSize');
  u.searchParams.delete('prepare');
  return {
    url,
    connectionString: u.toString(),
    schema,
    host: u.hostname,
    port: Number(u.port || 5432),
    database,
    user: decodeURIComponent(u.username) || process.env.PGUSER || process.env.USER || 'postgres',
    poolSize,
    prepare: prepareParam !== 'false',
  };
}

/**
 * json and jsonb come back as text: rows.ts parses JSON text, and a jsonb string value (say
 * "low") parsed by pg would be indistinguishable from JSON text. Everything else as pg does.
 */
const JSON_OIDS = new Set([114, 3802]);
export const RAW_JSON_TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (JSON_OIDS.has(oid)) return (v: string) => v;
    return pgTypes!.getTypeParser(oid, format);
  },
};
let pgTypes: { getTypeParser(oid: number, format?: 'text' | 'binary'): (v: string) => unknown } | null = null;

async function loadPg() {
  const pg = (await import('pg')).default;
  pgTypes ??= pg.types as unknown as typeof pgTypes;
  return pg;
}

export async function createPool(target: PgTarget, size: number, extra: Partial<PoolConfig> = {}): Promise<Pool> {
  const pg = await loadPg();
  return new pg.Pool({
    types: RAW_JSON_TYPES as PoolConfig['types'],
    connectionString: target.connectionString,
    max: size,
    // Every connection sees the store's schema first; unqualified SQL then works everywhere.
    // The hot statements prepared on these connections (batch.ts) have one right plan whatever
    // their parameters (index walks in key order, primary-key look-ups), yet the server kept
    // re-planning them per call: 0.3 ms of a 0.45 ms claim. Only named statements are affected.
    options: `-c search_path=${target.schema} -c plan_cache_mode=force_generic_plan`,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    application_name: 'taskframe',
    ...extra,
  });
}

/** A one-off client with the same settings (LISTEN, tests). */
export async function createClient(target: PgTarget) {
  const pg = await loadPg();
  return new pg.Client({
    types: RAW_JSON_TYPES as PoolConfig['types'],
    connectionString: target.connectionString,
    options: `-c search_path=${target.schema}`,
    connectionTimeoutMillis: 10_000,
    application_name: 'taskframe-listen',
  });
}

/** Maps a failure while opening or migrating to a StoreOpenError naming the cause. */
export function openError(target: PgTarget, err: unknown): Error {
  const e = err as { code?: string; message?: string };
  const where = `${target.host}:${target.port}`;
  const msg = e.message ?? String(err);
  switch (e.code) {
    case 'ECONNREFUSED':
      return new StoreOpenError(target.url, `connection refused at ${where}: is PostgreSQL running and listening there?`, { cause: err });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new StoreOpenError(target.url, `host "${target.host}" not found`, { cause: err });
    case 'ETIMEDOUT':
      return new StoreOpenError(target.url, `connection to ${where} timed out`, { cause: err });
    case '3D000':
      return new StoreOpenError(target.url, `database "${target.database}" does not exist on ${where}`, { cause: err });
    case '28P01':
    case '28000':
      return new StoreOpenError(target.url, `authentication failed for user "${target.user}": ${msg}`, { cause: err });
    case '42501':
      return new StoreOpenError(
        target.url,
        `user "${target.user}" lacks the privileges taskframe needs on schema "${target.schema}" in database "${target.database}" (${msg}); ` +
          `grant CREATE on the database (or create the schema for the user and grant it ownership)`,
        { cause: err },
      );
    case '57P03':
      return new StoreOpenError(target.url, `the server at ${where} is starting up or shutting down`, { cause: err });
    case '53300':
      return new StoreOpenError(target.url, `the server at ${where} has no free connections (too many clients)`, { cause: err });
  }
  if (/timeout expired/i.test(msg)) return new StoreOpenError(target.url, `connection to ${where} timed out`, { cause: err });
  return err instanceof Error ? err : new Error(msg);
}
