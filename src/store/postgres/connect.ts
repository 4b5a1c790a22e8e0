/**
 * Connections: a pool and one-off clients for a parsed URL (url.ts), which server of several
 * hosts they go to (hosts.ts), and PostgreSQL's failures turned into errors that say what is
 * wrong — at start (wrong URL, unknown database, missing privileges: StoreOpenError) or at any
 * time (refused, cut off, restarting, failing over: StoreUnavailableError, retryable).
 * `pg` is imported lazily here so a SQLite user never loads it.
 */
import type { Client, Pool, PoolConfig } from 'pg';
import { redactUrl, StoreOpenError, StoreUnavailableError, TaskframeError } from '../../model/errors.js';
import { HostSelector, targetClientClass } from './hosts.js';
import { hostList, type PgTarget } from './url.js';

export { DEFAULT_SCHEMA, parsePgUrl, hostList, type PgTarget, type PgHost, type SessionAttrs } from './url.js';
export { HostSelector } from './hosts.js';
export const DEFAULT_POOL_SIZE = 10;

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

/** Settings every connection shares. */
const COMMON = {
  types: RAW_JSON_TYPES as PoolConfig['types'],
  connectionTimeoutMillis: 10_000,
  // A connection whose peer vanished (a host cut off, a server machine gone) is found by the
  // kernel's keepalive probes instead of lingering until the next write.
  keepAlive: true,
  keepAliveInitialDelayMillis: 10_000,
};

/** What the server does about a client that stopped answering (see createPool). */
export const IDLE_IN_TRANSACTION_MS = 10_000;
const VANISHED_CLIENT_SETTINGS = `-c idle_in_transaction_session_timeout=${IDLE_IN_TRANSACTION_MS} -c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3`;

export async function createPool(target: PgTarget, size: number, selector = new HostSelector(target), extra: Partial<PoolConfig> = {}): Promise<Pool> {
  const pg = await loadPg();
  const pool = new pg.Pool({
    ...COMMON,
    Client: targetClientClass(pg.Client, selector),
    connectionString: target.connectionString,
    max: size,
    // Every connection sees the store's schema first; unqualified SQL then works everywhere.
    // The hot statements prepared on these connections (batch.ts) have one right plan whatever
    // their parameters (index walks in key order, primary-key look-ups), yet the server kept
    // re-planning them per call: 0.3 ms of a 0.45 ms claim. Only named statements are affected.
    //
    // JIT compilation is off: our statements are short, yet a generic plan over a large backlog
    // can be estimated above jit_above_cost, and compiling it took 31 ms of a 54 ms claim
    // (measured with 120,000 tasks waiting; without JIT the claim ran in about 2 ms).
    //
    // A host cut off in the middle of one of our transactions leaves its backend idle in that
    // transaction, holding the row locks of the tasks it touched: the lease reaper skips locked
    // rows, so those tasks would stay `running` long after their leases ended (seen: 30 s and
    // counting, with the server's default of waiting forever). Our transactions send their
    // statements back to back, so a gap of 10 s means the client is gone: the server ends the
    // session and frees the locks. The server's keepalives find a vanished peer mid-statement.
    options: `-c search_path=${searchPath(target)} -c plan_cache_mode=force_generic_plan -c jit=off ${VANISHED_CLIENT_SETTINGS}`,
    idleTimeoutMillis: 30_000,
    application_name: 'taskframe',
    ...extra,
  } as PoolConfig);
  // An idle pooled connection that dies (server restart) must not crash the process; the next
  // query opens a fresh one. (A checked-out one: see targetClientClass.)
  pool.on('error', () => undefined);
  return pool;
}

/**
 * The schema quoted, as the migrations create it (quoteIdent): unquoted, PostgreSQL folds it to
 * lower case and a schema named with capitals is not found. url.ts admits only letters, digits
 * and `_`, so the quotes need no escaping inside the startup options.
 */
const searchPath = (target: PgTarget): string => `"${target.schema}"`;

/** A one-off client with the same settings (LISTEN, tests); the caller listens for its errors. */
export async function createClient(target: PgTarget, selector = new HostSelector(target)): Promise<Client> {
  const pg = await loadPg();
  const TargetClient = targetClientClass(pg.Client, selector);
  return new TargetClient({
    ...COMMON,
    connectionString: target.connectionString,
    options: `-c search_path=${searchPath(target)}`,
    application_name: 'taskframe-listen',
  }) as Client;
}

/** SQLSTATEs that mean the server went away or cannot serve now, not that the request was wrong. */
const UNAVAILABLE_STATES = new Set([
  '57P01', // admin_shutdown: restarted, or pg_terminate_backend
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up, shutting down, in recovery
  '25006', // read_only_sql_transaction: connected to a standby (a failover in progress)
  '53300', // too_many_connections
  '53100', // disk_full
  '53200', // out_of_memory
]);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'EPIPE', 'EAI_AGAIN']);
const LOST_MESSAGES = /Connection terminated|connection timeout|timeout exceeded when trying to connect|is not queryable|Client was closed|Connection ended unexpectedly/i;

/**
 * Whether an error means the connection or the server failed (the request may be fine and may
 * work again in a moment), as opposed to a request the server refused.
 */
export function isConnectionFailure(err: unknown): boolean {
  if (err instanceof StoreUnavailableError) return true;
  if (err instanceof TaskframeError) return false;
  const e = err as { code?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (code !== undefined && (UNAVAILABLE_STATES.has(code) || code.startsWith('08') || NETWORK_CODES.has(code))) return true;
  return typeof e.message === 'string' && LOST_MESSAGES.test(e.message);
}

/** The StoreUnavailableError for a connection failure, naming where and what. */
export function unavailableError(target: PgTarget, err: unknown, prefix = 'store unavailable'): StoreUnavailableError {
  if (err instanceof StoreUnavailableError) return err;
  const e = err as { code?: string; message?: string; endpoint?: string };
  const why = describeFailure(e, e.endpoint ?? hostList(target));
  const tried = target.hosts.length > 1 ? ` (hosts tried in turn: ${hostList(target)})` : '';
  return new StoreUnavailableError(`${prefix}: ${why}${tried}`, { hosts: hostList(target), ...(e.code ? { reason: e.code } : {}) }, { cause: err });
}

function describeFailure(e: { code?: string; message?: string }, where: string): string {
  switch (e.code) {
    case 'ECONNREFUSED':
      return `connection refused at ${where}: is PostgreSQL running and listening there?`;
    case 'ETIMEDOUT':
      return `connection to ${where} timed out`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `the connection to ${where} was closed unexpectedly (${e.code})`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
    case 'ENETDOWN':
      return `${where} is unreachable (${e.code})`;
    case 'EAI_AGAIN':
      return `the name of ${where} could not be resolved right now (EAI_AGAIN)`;
    case '57P01':
    case '57P02':
      return `the server at ${where} closed the connection (${e.message})`;
    case '57P03':
      return `the server at ${where} is starting up, shutting down or in recovery`;
    case '25006':
      return `the server at ${where} is read-only (a standby): no writable primary right now`;
    case '53300':
      return `the server at ${where} has no free connections (too many clients)`;
    case '53100':
      return `the server at ${where} is out of disk space (${e.message})`;
  }
  if (/timeout/i.test(e.message ?? '')) return `connection to ${where} timed out`;
  if (/Connection terminated unexpectedly/i.test(e.message ?? '')) return `the connection to ${where} was closed unexpectedly`;
  return `the connection to ${where} failed: ${e.message ?? String(e)}`;
}

/**
 * Maps a failure while opening or migrating: a StoreOpenError when the URL or the database is
 * wrong (the same again will fail again), a StoreUnavailableError when it could not be reached
 * (it may work in a moment), both naming host and port.
 */
export function openError(target: PgTarget, err: unknown): Error {
  if (err instanceof TaskframeError) return err;
  const e = err as { code?: string; message?: string; endpoint?: string };
  const where = e.endpoint ?? hostList(target);
  const msg = e.message ?? String(err);
  switch (e.code) {
    case 'ENOTFOUND':
      return new StoreOpenError(target.url, `host "${e.endpoint?.replace(/:\d+$/, '') ?? target.host}" not found`, { cause: err });
    case '3D000':
      return new StoreOpenError(target.url, `database "${target.database}" does not exist on ${where}`, { cause: err });
    case '28P01':
    case '28000':
      return new StoreOpenError(target.url, `authentication failed for user "${target.user}" at ${where}: ${msg}`, { cause: err });
    case '08P01':
      // A pooler refusing a startup parameter: the same again fails again. PgBouncer before 1.20
      // refuses `options`, which carries search_path (seen with Debian 12's PgBouncer 1.18).
      if (/unsupported startup parameter/i.test(msg)) {
        return new StoreOpenError(
          target.url,
          `${where} refused the connection's startup settings (${msg}); taskframe sets search_path through "options": behind PgBouncer see docs/postgres.md (PgBouncer and other poolers)`,
          { cause: err },
        );
      }
      break;
    case '42501':
      return new StoreOpenError(
        target.url,
        `user "${target.user}" lacks the privileges taskframe needs on schema "${target.schema}" in database "${target.database}" (${msg}); ` +
          `grant CREATE on the database (or create the schema for the user and grant it ownership)`,
        { cause: err },
      );
  }
  if (isConnectionFailure(err)) return unavailableError(target, err, `cannot reach store ${redactUrl(target.url)}`);
  return err instanceof Error ? err : new Error(msg);
}
