/**
 * The PostgreSQL store: many processes on many machines share one database with no other
 * coordination. A write batch is one transaction on one pooled connection (see batch.ts for
 * its statements); claims use FOR UPDATE SKIP LOCKED; wake-ups travel by LISTEN/NOTIFY.
 *
 *   PostgresStore.open('postgres://user@host:5432/db?schema=taskframe', { poolSize: 10 })
 *   taskframe worker --db 'postgres://user@host:5432/db?schema=taskframe&poolSize=4' …
 *
 * Prepared statements: the hot statements are prepared by name on each pooled connection; add
 * `?prepare=false` behind a pooler that does not keep a client on one server connection
 * (PgBouncer in transaction mode before 1.21).
 *
 * Pool size: each process holds up to `poolSize` connections (default 10; `?poolSize=N` in
 * the URL or the `poolSize` option; the URL wins). The engine's group commit keeps at most
 * `pipelineDepth` (default 2) write transactions in flight per process, so the rest of the pool
 * serves reads; 4–10 is plenty for a worker process. Plus one connection per process for
 * LISTEN, opened only while something listens for wake-ups.
 *
 * Losing the database: a broken connection never takes the process with it (hosts.ts); an
 * operation that cannot reach the server fails with StoreUnavailableError after riding out up
 * to a second of failed connection attempts (acquire()), and a URL with several hosts moves on
 * to the next one after a refusal or a read-only server (url.ts, hosts.ts).
 */
import type { ClientBase, Pool, PoolClient, QueryResult } from 'pg';
import { SchemaTooNewError, StoreError, TaskframeError, ValidationError } from '../../model/errors.js';
import type { TaskState } from '../../model/state.js';
import type { Json, Task, TaskEvent, TaskId } from '../../model/task.js';
import { FEED_START, formatFeedPosition, parseFeedPosition, pastFeedEnd, type FeedEvent, type FeedPosition, type ParsedFeedPosition } from '../../model/feed.js';
import { claimedTasks, PG_CLAIMED_COLUMNS } from './claimed.js';
import { fastRule, WalkCosts } from '../flow-plan.js';
import { rowToCursor, rowToEvent, rowToRun, type CursorRow, type EventRow, type LogRow, type RunRow } from '../rows.js';
import type {
  EventListParams,
  LeaderParams,
  LeaseRef,
  LogEntry,
  LogStream,
  QueueCounts,
  RetentionParams,
  Run,
  RunPosition,
  RunState,
  Store,
  StoredLogEntry,
  TaskDue,
  TaskFinishedGroup,
  TaskListParams,
  TaskLiveGroup,
  TaskClaimOp,
  WriteBatch,
  WriteBatchResult,
  StoredCursor,
} from '../store.js';
import type { ClaimedTask } from '../../model/task.js';
import type { FlowAuditEntry, FlowLimit, FlowPause, FlowPauseKind, FlowUsage } from '../../model/flow.js';
import * as flow from './flow.js';
import { flowBegin, flowClaim as flowClaimIn, snapshotRules, type FlowSnapshot } from './flow.js';
import { fastClaimSql, fastStatement, type FastMode, type FastSignal, type FastStatement } from './flow-fast.js';
import { PgTx, preparedName } from './tx.js';
import { FeedAnchors } from './feed-anchors.js';
import type { RunSearchParams, RunSearchResult, TaskInsertOp, TaskLabel, TaskSearchParams, TaskSearchResult } from '../store.js';
import { emptyBatchResult } from '../store.js';
import * as search from './search.js';
import { isPlainTask, PgBatch, PLAIN_INSERT_CHUNK } from './batch.js';
import { createPool, DEFAULT_POOL_SIZE, HostSelector, isConnectionFailure, openError, parsePgUrl, unavailableError, type PgTarget } from './connect.js';
import { clientHost } from './hosts.js';
import { migrateSchema, PG_SCHEMA_VERSION, readSchemaVersion } from './migrate.js';
import { TableVacuum } from './table-vacuum.js';
import { DAY_MS, dayOf } from './days.js';
import { foldDayCounts, lastFoldableDay } from './day-counts.js';
import { HistoryFloors, MARK_SQL } from './history-floor.js';
import { ensureDayPartitions, partitionName, purgeHistory } from './partitions.js';
import { eventFeedSql, eventListSql, notifyText, SQL } from './statements.js';
import { DEFAULT_HISTORY, writesRoutineEvents, type HistoryMode } from '../../model/history.js';
import { wakeChannel, WakeListenerConnection, type WakeListener } from './wake.js';

/** Flow claims the general path takes after the one-round-trip claim came back short (flow-fast.ts). */
const FAST_SKIP = 8;
/** Claimed tasks remembered as having consequences, at most (driver's `consequential`). */
const HINTS_MAX = 100_000;
/** SQLSTATEs duplicate_prepared_statement and invalid_sql_statement_name (no such prepared statement). */
const DUPLICATE_PREPARED = '42P05';
const UNKNOWN_PREPARED = '26000';

export interface PostgresStoreOptions {
  /** Apply migrations on open (default true). */
  migrate?: boolean;
  /** Connections in the pool (default 10). */
  poolSize?: number;
  /** Schema holding taskframe's tables (default "taskframe"); `?schema=` in the URL wins. */
  schema?: string;
  /** What a finished task leaves behind (model/history.ts); default `full`. */
  history?: HistoryMode;
  /** Write batches in flight at once, each on its own connection (default 2; 1: one at a time). */
  pipelineDepth?: number;
}

const j = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));
/** Serialization failures and deadlocks: the whole batch is simply tried again. */
const RETRYABLE = new Set(['40001', '40P01']);
/**
 * The server ended the session (pg_terminate_backend, a shutdown, a failover): a batch that gets
 * this as its reply committed nothing (a committed statement's reply and ReadyForQuery go out
 * before the FATAL), so it is tried again on another connection. Seen under load: a write taken
 * by a pooled connection whose backend was being terminated.
 */
const SESSION_ENDED = new Set(['57P01', '57P02']);
/** "no partition of relation … found for row": a day partition is missing (dropped or never made). */
const NO_PARTITION = '23514';

/** BEGIN itself failed: nothing of the batch reached the server. */
class BeginFailed extends Error {
  readonly code: string | undefined;
  constructor(cause: unknown) {
    super(`BEGIN failed: ${(cause as Error).message}`, { cause });
    this.code = (cause as { code?: string }).code;
  }
}

/** Rows of the live table a batch wrote (each leaves a dead version or an index entry behind). */
function changesIn(r: WriteBatchResult): number {
  let n = r.taskInsert.length + r.taskComplete.length + r.taskFail.length + r.taskSkip.length + r.taskUnclaim.length + r.taskHeartbeat.length + r.taskCancel.length + r.taskRetry.length;
  for (const c of r.taskClaim) n += c.length;
  for (const e of r.taskExpireLeases) n += e.length;
  return n;
}

/**
 * A worker's usual batch: completions and at most one claim, nothing else. It goes as one
 * statement (no BEGIN/COMMIT round trips); completions with consequences (dependents, a parent)
 * or refused ones follow in a transaction.
 * The two parts are independent operations, so splitting them changes nothing a caller sees.
 */
function isCompleteAndClaim(b: WriteBatch): boolean {
  if ((b.taskComplete?.length ?? 0) === 0 || (b.taskClaim?.length ?? 0) > 1) return false;
  // Listed by what may be there, so an operation group added later never slips past this path.
  for (const [group, ops] of Object.entries(b)) {
    if (group !== 'now' && group !== 'taskComplete' && group !== 'taskClaim' && (ops as unknown[] | undefined)?.length) return false;
  }
  return true;
}

/** A claim and nothing else: an idle worker's poll, or its answer to a wake-up. */
function isClaimAlone(b: WriteBatch): boolean {
  return b.taskClaim?.length === 1 && Object.entries(b).every(([group, ops]) => group === 'now' || group === 'taskClaim' || !(ops as unknown[] | undefined)?.length);
}

/** A batch of plain inserts only is a single SQL statement (see batch.ts); a lone claim is isClaimAlone. */
function isPlainInserts(b: WriteBatch): boolean {
  const inserts = b.taskInsert ?? [];
  if (inserts.length === 0 || inserts.length > PLAIN_INSERT_CHUNK) return false;
  // Listed by what may be there, like isCompleteAndClaim.
  for (const [group, ops] of Object.entries(b)) {
    if (group !== 'now' && group !== 'taskInsert' && (ops as unknown[] | undefined)?.length) return false;
  }
  return inserts.every((op) => isPlainTask(op.task) && !op.dependsOnIndex?.length);
}

/** Completions alone go through the same statement, claiming nothing. */
const NO_CLAIM = { queues: [], workerId: '', limit: 0, leaseMs: 0 };

/**
 * How long an operation keeps trying to get a connection when none can be made (nothing has
 * been sent yet, so trying again is always safe): a restart or a failover often takes about a
 * second, and riding it out here spares every caller an error. Longer outages fail with
 * StoreUnavailableError for the caller to retry (the worker does, with backoff).
 */
const CONNECT_RETRY_MS = 1000;

/**
 * Write batches in flight at once per process, each on a pooled connection of its own, and so
 * claims in flight per worker (claimDepth). Two keep the database busy while a worker handles
 * the answer of its previous batch: measured 1.29x the drain rate of one (bench/RESULTS-history.md).
 * Batches in flight commit in no particular order; nothing the engine sends depends on an order
 * between batches it has not awaited (a worker's claims each ask only for their share of its
 * room; a heartbeat that lands after its task's completion is refused and changes nothing).
 */
export const DEFAULT_PIPELINE_DEPTH = 2;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class PostgresStore implements Store {
  readonly driver = 'postgres' as const;
  readonly schema: string;
  private readonly channel: string;
  private readonly knownDays = new Set<number>();
  /** The last day this process did its daily work on history (historyDayTurn). */
  private dayTurned = -Infinity;
  /** Where in history a task by id can be: read from the marks historyDayTurn leaves. */
  private readonly floors = new HistoryFloors();
  /** The highest event id and transaction id this process knows to be places in the feed (eventFeed). */
  private feedBound = { id: 0n, xid: 0n };
  /** Places in the feed read, with their events' times: later reads skip older partitions. */
  private readonly feedAnchors = new FeedAnchors();
  private wake: WakeListenerConnection | null = null;
  /** Keeps the live table small under churn (see table-vacuum.ts). */
  readonly liveVacuum: TableVacuum;
  /** Reclaims today's history partitions when retention purges them row by row. */
  readonly historyVacuum: TableVacuum;
  private ready = false;
  /** The rule the one-round-trip flow claim serves (flow-fast.ts), as the last flow snapshot read it. */
  private fast: { queues: string; statement: FastStatement } | null = null;
  /** The one-round-trip claim statements each pooled connection has prepared. */
  private readonly fastPrepared = new WeakMap<ClientBase, Set<string>>();
  /** Flow claims left to the general path after the one-round-trip claim could not serve a whole claim. */
  private fastSkip = 0;
  /** How many flow claims go by the general path after the one-round-trip claim missed (tests set 0 to run it on every claim). */
  fastSkipAfterMiss = FAST_SKIP;
  /** Flow rules existed at the last flow-aware claim: claims skip the plain statement (see flowClaim). */
  private flowOn = false;
  /**
   * Ids of tasks this store claimed whose completion has consequences (dependents, a parent):
   * a batch completing only such tasks goes straight to a transaction (claimed.ts). A hint:
   * forgotten when the task is completed or failed here, and all at once past HINTS_MAX (tasks
   * whose lease was lost, or finished elsewhere).
   */
  private readonly consequential = new Set<string>();
  /** What flow claims' key walks cost, per rule: when to read the due tasks instead (flow-plan.ts). */
  private readonly walks = new WalkCosts();
  private closed = false;
  /** What a finished task leaves behind (model/history.ts). */
  history: HistoryMode = DEFAULT_HISTORY;
  /** Write batches in flight at once, each on a connection of its own (DEFAULT_PIPELINE_DEPTH). */
  pipelineDepth = DEFAULT_PIPELINE_DEPTH;

  get claimDepth(): number {
    return this.pipelineDepth;
  }

  private constructor(
    readonly pool: Pool,
    private readonly target: PgTarget,
    private readonly hosts: HostSelector,
  ) {
    this.schema = target.schema;
    this.channel = wakeChannel(target.schema);
    this.liveVacuum = new TableVacuum(pool, target.schema);
    this.historyVacuum = new TableVacuum(pool, target.schema, { everyChanges: 50_000, minIntervalMs: 5_000, analyzeEvery: 0, lockName: `${target.schema}:history`, parallel: true });
  }

  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const target = parsePgUrl(url, options.schema);
    const size = target.poolSize ?? options.poolSize ?? DEFAULT_POOL_SIZE;
    if (!Number.isInteger(size) || size < 1) throw new StoreError(`poolSize must be a positive integer, got ${size}`, { poolSize: size });
    const hosts = new HostSelector(target);
    const pool = await createPool(target, size, hosts);
    const store = new PostgresStore(pool, target, hosts);
    store.history = options.history ?? DEFAULT_HISTORY;
    // A pool smaller than the default depth (?poolSize=1) gets its size; asked for, more is refused.
    const depth = options.pipelineDepth ?? Math.min(DEFAULT_PIPELINE_DEPTH, size);
    if (!Number.isInteger(depth) || depth < 1 || depth > size) {
      await pool.end().catch(() => undefined);
      throw new ValidationError('pipelineDepth', `must be a whole number from 1 to the pool size (${size}), got ${depth}`);
    }
    store.pipelineDepth = depth;
    try {
      await store.query('SELECT 1');
      if (options.migrate !== false) await store.migrate();
      else {
        const v = await readSchemaVersion(pool, target.schema);
        if (v > PG_SCHEMA_VERSION) throw new SchemaTooNewError(v, PG_SCHEMA_VERSION);
        store.ready = v === PG_SCHEMA_VERSION;
      }
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw openError(target, err);
    }
    return store;
  }

  async schemaVersion(): Promise<number> {
    return this.guard(() => readSchemaVersion(this.pool, this.schema));
  }

  async databaseTime(): Promise<number | null> {
    const [row] = await this.rows<{ t: string }>(`SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8::text AS t`, []);
    return Number(row!.t);
  }

  async migrate(): Promise<{ from: number; to: number }> {
    const r = await migrateSchema(this.pool, this.schema).catch((err: unknown) => {
      throw openError(this.target, err);
    });
    this.ready = true;
    const today = dayOf(Date.now());
    await this.ensureDays([today, today + 1]);
    // Asked first, so that opening a read-only standby (which has no such rows to repair) still works.
    const [restored] = await this.rows<{ any: boolean }>(SQL.eventsRestoredAny, []);
    if (restored?.any) await this.query(SQL.eventsRestoredXids);
    return r;
  }

  private async ensureDays(days: number[]): Promise<void> {
    const missing = days.filter((d) => !this.knownDays.has(d));
    if (missing.length === 0) return;
    await ensureDayPartitions(this.pool, this.schema, missing);
    for (const d of missing) this.knownDays.add(d);
  }

  // ---- writes ----

  async writeBatch(batch: WriteBatch): Promise<WriteBatchResult> {
    this.assertOpen();
    return this.guard(() => this.writeBatchNow(batch));
  }

  private async writeBatchNow(batch: WriteBatch): Promise<WriteBatchResult> {
    // Today's day partitions, and tomorrow's ahead of need: creating a partition briefly locks
    // its parent table, better done a day before anything is written into it.
    const day = dayOf(batch.now);
    await this.ensureDays([day, day + 1]);
    const completing = batch.taskComplete ?? [];
    // Only completions with consequences: the one-statement path would take none of them.
    const consequential = completing.length > 0 && completing.every((op) => this.consequential.has(String(op.id)));
    for (const op of completing) this.consequential.delete(String(op.id));
    for (const op of batch.taskFail ?? []) this.consequential.delete(String(op.id));
    if (this.consequential.size > HINTS_MAX) this.consequential.clear();
    const out = await this.writeBatchOnce(batch, consequential);
    // Completions the one-statement path left for a transaction of their own (see isCompleteAndClaim).
    const rest = completing.flatMap((op, k) => (out.taskComplete[k] === undefined ? [{ op, k }] : []));
    if (rest.length) {
      // A claim that took nothing beside them is made again after them, in their transaction:
      // what they unblock (the next step of a chain) goes to this worker now, not after a
      // wake-up and another batch.
      const claimAfter = batch.taskClaim?.[0] !== undefined && out.taskClaim[0]?.length === 0 ? batch.taskClaim : undefined;
      const more = await this.writeBatchOnce({ now: batch.now, taskComplete: rest.map((r) => r.op), ...(claimAfter ? { taskClaim: claimAfter } : {}) }, true);
      rest.forEach((r, i) => (out.taskComplete[r.k] = more.taskComplete[i]!));
      if (claimAfter) out.taskClaim = more.taskClaim;
    }
    this.liveVacuum.note(changesIn(out));
    return out;
  }

  /**
   * A batch on `client` with this store's settings. `prepared`: false on a caller's connection
   * (hot statements are prepared only on the store's own).
   */
  private batchOn(client: ClientBase, now: number, prepared = this.target.prepare): PgBatch {
    return new PgBatch(client, now, this.channel, prepared, this.history, this.consequential, this.walks, this.floors);
  }

  /** `leftovers`: completions the one-statement path could not take (or would not), for a transaction. */
  private async writeBatchOnce(batch: WriteBatch, leftovers = false): Promise<WriteBatchResult> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.acquire();
      let broken: Error | undefined;
      try {
        if (!leftovers && isCompleteAndClaim(batch)) {
          // One statement, atomic on its own; what it could not take is finished by the caller.
          const b = this.batchOn(client, batch.now);
          const op = batch.taskClaim?.[0];
          // While flow rules are known to exist the claim goes by the flow-aware path (below).
          const r = await b.completeAndClaim(batch.taskComplete!, op && !this.flowOn ? op : NO_CLAIM);
          const out = emptyBatchResult();
          out.taskComplete = r.complete as WriteBatchResult['taskComplete'];
          // Nothing claimed while completions are left over: the claim is made again after them
          // (writeBatchNow). Nothing claimed otherwise: the flow-aware claim follows if a flow rule
          // is why (the statement says so).
          const leftOver = r.complete.some((c) => c === undefined);
          if (op) out.taskClaim = [r.claimed.length > 0 || leftOver ? r.claimed : this.flowOn || r.flowOn ? await this.flowClaim(client, batch.now, op) : []];
          return out;
        }
        if (isClaimAlone(batch)) {
          const op = batch.taskClaim![0]!;
          const out = emptyBatchResult();
          if (this.flowOn) out.taskClaim = [await this.flowClaim(client, batch.now, op)];
          else {
            // An empty plain claim says itself whether a flow rule is why (no second statement to ask).
            const plain = await this.batchOn(client, batch.now).claimAlone(op);
            out.taskClaim = [plain.flowOn ? await this.flowClaim(client, batch.now, op) : plain.claimed];
          }
          return out;
        }
        if (isPlainInserts(batch)) {
          // Atomic on its own: no BEGIN/COMMIT round trips. This is the common producer
          // transaction. The notification follows the commit:
          // if it fails, only the wake-up is lost (the workers' poll covers it) — the batch
          // committed and must not be reported as failed, or its inserts would be replayed.
          const b = this.batchOn(client, batch.now);
          const out = await b.apply(batch);
          await this.notify(client, b.wake).catch((err: unknown) => {
            broken = err as Error;
          });
          return out;
        }
        return await this.inTransaction(client, async (_opened, commitWith) => {
          const b = this.batchOn(client, batch.now);
          const out = await b.apply(batch);
          // The wake-up rides with the COMMIT (one round trip); it is delivered at the commit either way.
          if (b.wake.size) await commitWith(notifyText((v) => client.escapeLiteral(v), this.channel, b.wake));
          return out;
        });
      } catch (err) {
        const code = (err as { code?: string }).code;
        // Neither our own error nor a server error with a SQLSTATE: the connection itself
        // failed, so it must not go back to the pool. Nor may one to a server that went away
        // or turned read-only (a failover): the next connection goes to the next host.
        if (isConnectionFailure(err) || (!(err instanceof TaskframeError) && !(typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)))) broken = err as Error;
        if (code === '25006') this.failedOver(client);
        if (attempt < 4 && code !== undefined && RETRYABLE.has(code)) continue;
        if (code !== undefined && SESSION_ENDED.has(code)) {
          broken = err as Error;
          if (attempt < 3) continue;
        }
        // A connection that died before BEGIN went through wrote nothing: try another one.
        if (broken && err instanceof BeginFailed && attempt < 3) continue;
        if (attempt < 2 && code === NO_PARTITION) {
          this.knownDays.clear();
          await this.ensureDays([dayOf(batch.now)]);
          continue;
        }
        throw err;
      } finally {
        client.release(broken);
      }
    }
  }

  /**
   * The claim made by the flow-aware path, in a transaction of its own, when a flow rule exists:
   * the plain statement claims nothing at all then, and says so when it comes back empty. Whether
   * rules exist is remembered (flowOn) so busy workers skip the plain statement; every flow-aware
   * claim reads it afresh, so a removed rule brings the plain path back at the next claim.
   */
  private async flowClaim(client: PoolClient, now: number, op: TaskClaimOp): Promise<ClaimedTask[]> {
    if (op.limit <= 0 || op.queues.length === 0) return [];
    const tx = new PgTx(client, now, this.channel, this.target.prepare, this.history, this.consequential, this.walks, this.floors);
    const fast = this.fast?.queues === op.queues.join('\n') ? this.fast.statement : null;
    if (fast === null || this.fastSkip > 0) {
      this.fastSkip = Math.max(0, this.fastSkip - 1);
      return this.generalFlowClaim(client, tx, now, op);
    }
    const got = await this.fastFlowClaim(client, now, op, fast);
    if (got.claimed.length > 0 || (got.signal.ok && got.signal.paused)) return got.claimed;
    // The rules changed (the general path reads them again), or the claim is not one task per key
    // in the rotation's first turn (few keys with room, a first task not due): the general path
    // claims, and keeps claiming for a few rounds (such a queue tends to stay so).
    if (got.signal.ok) this.fastSkip = this.fastSkipAfterMiss;
    else this.fast = null;
    return this.generalFlowClaim(client, tx, now, op);
  }

  /**
   * flow-fast.ts: the one-rule claim in one round trip, its statement prepared once per connection
   * (by SQL PREPARE, inside the claim's own transaction). Behind a pooler that moves a client
   * between server sessions the statement may be missing, or there already: the claim is sent
   * again with or without the PREPARE (once each), and so each server session comes to have it.
   */
  private async fastFlowClaim(client: PoolClient, now: number, op: TaskClaimOp, st: FastStatement): Promise<{ claimed: ClaimedTask[]; signal: FastSignal }> {
    let names = this.fastPrepared.get(client);
    if (!names) this.fastPrepared.set(client, (names = new Set()));
    for (let attempt = 1; ; attempt++) {
      const mode: FastMode = !this.target.prepare ? 'inline' : names.has(st.name) ? 'execute' : 'prepare';
      let results: QueryResult[];
      try {
        results = (await client.query({ text: fastClaimSql(st, mode, { op, now }), rowMode: 'array' })) as unknown as QueryResult[];
      } catch (err) {
        // A simple query stops at its first error, inside the transaction it opened.
        await client.query('ROLLBACK').catch(() => undefined);
        const code = (err as { code?: string }).code;
        if (attempt <= 2 && code === DUPLICATE_PREPARED) {
          names.add(st.name);
          continue;
        }
        if (attempt <= 2 && code === UNKNOWN_PREPARED) {
          names.delete(st.name);
          continue;
        }
        throw err;
      }
      if (mode === 'prepare') names.add(st.name);
      const rows = results[results.length - 2]!.rows as unknown[][];
      const signal = JSON.parse(rows.pop()![PG_CLAIMED_COLUMNS.length] as string) as FastSignal;
      return { claimed: claimedTasks(rows, op, now, this.consequential), signal };
    }
  }

  private async generalFlowClaim(client: PoolClient, tx: PgTx, now: number, op: TaskClaimOp): Promise<ClaimedTask[]> {
    // BEGIN, the flow lock and async commit in one round trip. The claim commits without waiting
    // for the WAL flush, as the plain claim does (statements.ts claimAlone): lost in a crash, the
    // claim, its rate counts and its tasks' buckets are lost together, and its tasks are pending
    // again. The snapshot of flow state is read in that round trip too (flowBegin); the claim
    // statement and the COMMIT travel together (flowClaim's `commit`).
    return this.inTransaction(client, async (opened, commitWith) => {
      const results = opened as unknown as QueryResult[];
      const commit = async (sql: string) => (await commitWith(sql, 'array')).rows as unknown[][];
      const snap = results[results.length - 1]!.rows[0] as FlowSnapshot;
      const rules = snapshotRules(snap);
      const rule = fastRule(rules.limits, rules.pauses.length, op.queues);
      this.fast = rule ? { queues: op.queues.join('\n'), statement: fastStatement(rule, writesRoutineEvents(this.history)) } : null;
      const flowed = await flowClaimIn(tx, now, op, writesRoutineEvents(this.history), { snap, rules }, commit);
      this.flowOn = flowed !== null;
      return flowed ?? (await this.batchOn(client, now).claim(op));
    }, flowBegin(op.queues, now));
  }

  /**
   * `begin`: the statement(s) opening the transaction; `fn` gets what they returned, and
   * `commitWith`, which sends its last statement and the COMMIT in one round trip.
   */
  private async inTransaction<T>(client: PoolClient, fn: (opened: QueryResult, commitWith: (sql: string, rowMode?: 'array') => Promise<QueryResult>) => Promise<T>, begin = 'BEGIN'): Promise<T> {
    const opened = await client.query(begin).catch((err: unknown) => {
      throw new BeginFailed(err);
    });
    let committed = false;
    const commitWith = async (sql: string, rowMode?: 'array'): Promise<QueryResult> => {
      // A simple query of two statements: an error in the first skips the COMMIT (rolled back below).
      const results = (await client.query({ text: `${sql}; COMMIT`, ...(rowMode ? { rowMode } : {}) })) as unknown as QueryResult[];
      committed = true;
      return results[0]!;
    };
    try {
      const out = await fn(opened, commitWith);
      if (!committed) await client.query('COMMIT');
      return out;
    } catch (err) {
      if (!committed) await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  private async notify(client: ClientBase, queues: Set<string>): Promise<void> {
    if (queues.size === 0) return;
    await client.query(SQL.notify, [this.channel, [...queues]]);
  }

  /**
   * Enqueues inside the caller's own transaction on their connection: the tasks exist if and
   * only if that transaction commits. The caller's search_path is restored before returning.
   */
  async enqueueInTransaction(client: ClientBase, inserts: TaskInsertOp[], now: number): Promise<Task[]> {
    this.assertOpen();
    await this.guard(() => this.ensureDays([dayOf(now), dayOf(now) + 1]));
    const path = `"${this.schema}"`;
    const saved = await client.query<{ path: string }>(`SELECT current_setting('search_path') AS path, set_config('search_path', $1, true)`, [path]);
    try {
      // A transaction-local setting that did not survive to the next statement means there is
      // no transaction: writing now would commit on its own, which is the one thing not wanted.
      const check = await client.query<{ path: string }>(`SELECT current_setting('search_path') AS path`);
      if (check.rows[0]?.path !== path) {
        throw new ValidationError('client', 'is not inside a transaction: call BEGIN on it first (the tasks must commit with your data)');
      }
      const b = this.batchOn(client, now, false);
      const out = await b.insertAll(inserts);
      // Delivered by PostgreSQL only if the caller commits.
      await this.notify(client, b.wake);
      return out.map((r) => r.task);
    } finally {
      await client.query(`SELECT set_config('search_path', $1, true)`, [saved.rows[0]!.path]).catch(() => undefined);
    }
  }

  /** Wake-ups from other processes (LISTEN/NOTIFY). Resolves once listening. */
  async subscribeWake(listener: WakeListener): Promise<() => Promise<void>> {
    this.assertOpen();
    this.wake ??= new WakeListenerConnection(this.target, this.hosts, () => undefined);
    return this.guard(() => this.wake!.subscribe(listener));
  }

  // ---- reads ----

  private async rows<R>(sql: string, params: unknown[] = []): Promise<R[]> {
    this.assertOpen();
    return (await this.guard(() => this.query(sql, params))).rows as R[];
  }

  // ---- connections ----

  /**
   * One statement on a pooled connection. Like pool.query, but through acquire() (so it rides
   * out a restart while connecting), and a connection is dropped only when it failed, not when
   * the server refused the statement.
   */
  private async query(sql: string, params: unknown[] = []): Promise<QueryResult> {
    const client = await this.acquire();
    let broken: Error | undefined;
    try {
      const name = this.target.prepare ? preparedName(sql) : undefined;
      return await (name ? client.query({ name, text: sql, values: params }) : client.query(sql, params));
    } catch (err) {
      if (isConnectionFailure(err)) broken = err as Error;
      if ((err as { code?: string }).code === '25006') this.failedOver(client);
      throw err;
    } finally {
      client.release(broken);
    }
  }

  /**
   * A pooled connection. Failing to get one sends nothing, so it is tried again: each host of
   * the URL once at once (the selector moves on after a failure), then with a short backoff
   * for up to CONNECT_RETRY_MS.
   */
  private async acquire(): Promise<PoolClient> {
    const started = Date.now();
    let pause = 50;
    for (let tries = 1; ; tries++) {
      try {
        return await this.pool.connect();
      } catch (err) {
        if (!isConnectionFailure(err) || this.closed) throw err;
        if (tries % this.target.hosts.length !== 0) continue;
        if (Date.now() - started + pause > CONNECT_RETRY_MS) throw err;
        await sleep(pause);
        pause = Math.min(pause * 2, 400);
      }
    }
  }

  /** A connection found its server read-only (demoted in a failover): new ones go elsewhere. */
  private failedOver(client: PoolClient): void {
    const host = clientHost(client);
    if (host) this.hosts.failed(host);
  }

  /** Runs fn; a connection failure becomes a StoreUnavailableError (typed, retryable). */
  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw isConnectionFailure(err) ? unavailableError(this.target, err) : err;
    }
  }

  /** The live table first (search.ts, liveFirst): most look-ups are of live tasks (waits, status). */
  async taskGet({ id }: { id: TaskId }): Promise<Task | null> {
    return (await this.taskGetMany({ ids: [id] }))[0] ?? null;
  }

  async taskList(p: TaskListParams): Promise<Task[]> {
    return search.taskList((sql, params) => this.rows(sql, params), p, this.floors);
  }

  async taskDepsList({ taskIds }: { taskIds: TaskId[] }): Promise<Array<{ taskId: TaskId; depId: TaskId }>> {
    if (taskIds.length === 0) return [];
    const rows = await this.rows<{ task_id: string; dep_id: string }>(`SELECT task_id, dep_id FROM task_deps WHERE task_id = ANY($1::bigint[])`, [taskIds]);
    return rows.map((r) => ({ taskId: String(r.task_id), depId: String(r.dep_id) }));
  }

  async taskCountLive({ queues }: { queues?: string[] }): Promise<Partial<Record<TaskState, number>>> {
    const rows = queues?.length
      ? await this.rows<{ state: TaskState; n: string }>(`SELECT state, count(*) AS n FROM tasks WHERE queue = ANY($1::text[]) GROUP BY state`, [queues])
      : await this.rows<{ state: TaskState; n: string }>(`SELECT state, count(*) AS n FROM tasks GROUP BY state`);
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  }

  async queueCounts(): Promise<QueueCounts[]> {
    const rows = await this.rows<{ queue: string; state: TaskState; n: string }>(
      `SELECT queue, state, count(*) AS n FROM tasks GROUP BY queue, state
       UNION ALL SELECT queue, state, sum(n) AS n FROM (SELECT queue, state, n FROM history_day_counts UNION ALL SELECT queue, state, n FROM history_counts) h
         GROUP BY queue, state HAVING sum(n) <> 0`,
    );
    const byQueue = new Map<string, Partial<Record<TaskState, number>>>();
    for (const r of rows) {
      const c = byQueue.get(r.queue) ?? {};
      c[r.state] = (c[r.state] ?? 0) + Number(r.n);
      byQueue.set(r.queue, c);
    }
    return [...byQueue.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([queue, counts]) => ({ queue, counts }));
  }

  async taskLiveSummary(p: { queues: string[]; now: number; soonBy: number }): Promise<TaskLiveGroup[]> {
    if (p.queues.length === 0) return [];
    const rows = await this.rows<{ name: string; state: TaskState; due: TaskDue; n: string; min_run_at: string; min_ready_at: string }>(
      `SELECT name, state, CASE WHEN run_at <= $2 THEN 'now' WHEN run_at <= $3 THEN 'soon' ELSE 'later' END AS due,
         count(*) AS n, min(run_at) AS min_run_at, min(greatest(run_at, updated_at)) AS min_ready_at
       FROM tasks WHERE queue = ANY($1::text[]) GROUP BY 1, 2, 3`,
      [p.queues, p.now, p.soonBy],
    );
    return rows.map((r) => ({ name: r.name, state: r.state, due: r.due, n: Number(r.n), minRunAt: Number(r.min_run_at), minReadyAt: Number(r.min_ready_at) }));
  }

  async taskFinishedSummary(p: { queues: string[]; since: number; limit: number }): Promise<TaskFinishedGroup[]> {
    if (p.queues.length === 0 || p.limit <= 0) return [];
    // Newest first through the finished_at index (merged across day partitions): at most `limit` rows.
    // `since` as a literal, so that only its days are planned (the autoscaler asks every few seconds).
    const rows = await this.rows<{ name: string; n: string; served: string; service_ms: string; first_at: string; last_at: string }>(
      `SELECT name, count(*) AS n, count(started_at) AS served, coalesce(sum(finished_at - started_at), 0) AS service_ms,
         min(finished_at) AS first_at, max(finished_at) AS last_at
       FROM (SELECT name, started_at, finished_at FROM tasks_done
             WHERE finished_at >= ${Math.trunc(p.since)} AND queue = ANY($1::text[]) ORDER BY finished_at DESC LIMIT $2) recent
       GROUP BY name`,
      [p.queues, p.limit],
    );
    return rows.map((r) => ({
      name: r.name,
      n: Number(r.n),
      served: Number(r.served),
      serviceMsSum: Number(r.service_ms),
      firstFinishedAt: Number(r.first_at),
      lastFinishedAt: Number(r.last_at),
    }));
  }

  async taskNextRunAt({ queues }: { queues: string[] }): Promise<number | null> {
    if (queues.length === 0) return null;
    const [r] = await this.rows<{ t: string | null }>(SQL.nextRunAt, [queues]);
    return r?.t == null ? null : Number(r.t);
  }

  async taskGetMany(p: { ids: TaskId[] }): Promise<Task[]> {
    return search.taskGetMany((sql, params) => this.rows(sql, params), p.ids, this.floors);
  }

  async taskLabelList(p: { ids: TaskId[]; finishedSince?: number }): Promise<TaskLabel[]> {
    return search.taskLabelList((sql, params) => this.rows(sql, params), p.ids, p.finishedSince);
  }

  async taskSearch(p: TaskSearchParams): Promise<TaskSearchResult> {
    return search.taskSearch((sql, params) => this.rows(sql, params), p, this.floors);
  }

  async runSearch(p: RunSearchParams): Promise<RunSearchResult> {
    return search.runSearch((sql, params) => this.rows(sql, params), p);
  }

  async eventList(p: EventListParams): Promise<TaskEvent[]> {
    if (p.taskIds.length === 0) return [];
    const sql = eventListSql(p.afterId !== undefined, p.since ?? null);
    const rows = await this.rows<EventRow>(sql, p.afterId !== undefined ? [p.taskIds, p.afterId, p.limit] : [p.taskIds, p.limit]);
    return rows.map(rowToEvent);
  }

  async eventFeed(p: { after?: FeedPosition; limit: number }): Promise<FeedEvent[]> {
    const after = parseFeedPosition(p.after ?? FEED_START);
    const rows = await this.rows<EventRow & { xid: string }>(eventFeedSql(await this.feedSince(after)), [String(after.xid), String(after.id), p.limit]);
    // The last row's position is what a follower reads on from: known to be a place in the feed.
    // A position past every one this process has seen is checked against the database's bounds;
    // a follower polling an idle feed from where it got to costs no query.
    const last = rows.at(-1);
    const bound = this.feedBound;
    if (last) this.feedAnchors.note({ xid: BigInt(last.xid), id: BigInt(last.id) }, Number(last.at));
    if (last) this.feedBound = { id: BigInt(last.id) > bound.id ? BigInt(last.id) : bound.id, xid: BigInt(last.xid) > bound.xid ? BigInt(last.xid) : bound.xid };
    else if (after.id > bound.id || after.xid > bound.xid) {
      const [b] = await this.rows<{ id: string; next_xid: string }>(SQL.eventFeedBounds, []);
      if (after.id > BigInt(b!.id) || after.xid >= BigInt(b!.next_xid)) throw pastFeedEnd(p.after!, b!.id);
      this.feedBound = { id: BigInt(b!.id), xid: BigInt(b!.next_xid) - 1n };
    }
    return rows.map((r) => ({ ...rowToEvent(r), position: formatFeedPosition(r.xid, r.id) }));
  }

  /**
   * The earliest time an event after `after` can have (feed-anchors.ts). A place this process has
   * not read up to is anchored once by the last event at or before it (a follower resuming from
   * a stored cursor); the start of the feed, or a place with no event before it, has no bound.
   */
  private async feedSince(after: ParsedFeedPosition): Promise<number | null> {
    if (after.xid === 0n && after.id === 0n) return null;
    let since = this.feedAnchors.floor(after);
    if (since === null) {
      const [a] = await this.rows<{ xid: string; id: string; at: string }>(SQL.eventFeedAnchor, [String(after.xid), String(after.id)]);
      // No event at or before it: every one is after it, none can be skipped. Noted as such, so
      // that polls from there do not ask again.
      this.feedAnchors.note(a ? { xid: BigInt(a.xid), id: BigInt(a.id) } : after, a ? Number(a.at) : -Infinity);
      since = this.feedAnchors.floor(after)!;
    }
    return Number.isFinite(since) ? since : null;
  }

  async eventFeedEnd(): Promise<FeedPosition> {
    const [last] = await this.rows<{ xid: string; id: string }>(SQL.eventFeedEnd, []);
    return last ? formatFeedPosition(last.xid, last.id) : FEED_START;
  }

  async logAppend(p: { entries: LogEntry[] }): Promise<void> {
    if (p.entries.length === 0) return;
    const records = p.entries.map((e, i) => ({ i, task_id: e.taskId, attempt: e.attempt, at: e.at, stream: e.stream, text: e.text }));
    await this.rows(SQL.logInsertMany, [JSON.stringify(records)]);
  }

  async logList(p: { taskId: TaskId; attempt?: number; afterId?: string; limit: number }): Promise<StoredLogEntry[]> {
    const args: unknown[] = [p.taskId];
    let sql = 'SELECT * FROM task_logs WHERE task_id = $1';
    if (p.attempt !== undefined) sql += ` AND attempt = $${args.push(p.attempt)}`;
    if (p.afterId !== undefined) sql += ` AND id > $${args.push(p.afterId)}`;
    const rows = await this.rows<LogRow>(`${sql} ORDER BY id LIMIT $${args.push(p.limit)}`, args);
    return rows.map((r) => ({ id: String(r.id), taskId: String(r.task_id), attempt: r.attempt, at: Number(r.at), stream: r.stream as LogStream, text: r.text }));
  }

  async runInsert(p: { run: Omit<Run, 'updatedAt' | 'finishedAt'> }): Promise<Run> {
    const r = p.run;
    const [row] = await this.rows<RunRow>(SQL.runInsert, [r.id, r.name, r.state, j(r.spec), j(r.inputs), j(r.outputs), j(r.error), r.trigger, r.createdAt]);
    return rowToRun(row!);
  }

  async runGet(p: { id: string }): Promise<Run | null> {
    const [row] = await this.rows<RunRow>(SQL.runGet, [p.id]);
    return row ? rowToRun(row) : null;
  }

  async runList(p: { name?: string; states?: RunState[]; before?: RunPosition; limit: number }): Promise<Run[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (p.name !== undefined) where.push(`name = $${args.push(p.name)}`);
    if (p.states?.length) where.push(`state = ANY($${args.push(p.states)}::text[])`);
    if (p.before !== undefined) where.push(`(created_at, id) < ($${args.push(p.before.createdAt)}, $${args.push(p.before.id)})`);
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows = await this.rows<RunRow>(`SELECT * FROM runs ${w} ORDER BY created_at DESC, id DESC LIMIT $${args.push(p.limit)}`, args);
    return rows.map(rowToRun);
  }

  async taskSetMaxAttempts(p: LeaseRef & { maxAttempts: number; now: number }): Promise<boolean> {
    const rows = await this.rows(SQL.setMaxAttemptsGuarded, [p.maxAttempts, p.now, p.id, p.leaseToken]);
    return rows.length > 0;
  }

  async runUpdate(p: { id: string; fromStates: RunState[]; state: RunState; outputs?: Json | null; error?: Json | null; now: number }): Promise<Run | null> {
    if (p.fromStates.length === 0) return null;
    const args: unknown[] = [p.state, p.now, p.state !== 'running' ? p.now : null];
    const sets = ['state = $1', 'updated_at = $2', 'finished_at = $3'];
    if (p.outputs !== undefined) sets.push(`outputs = $${args.push(j(p.outputs))}`);
    if (p.error !== undefined) sets.push(`error = $${args.push(j(p.error))}`);
    const [row] = await this.rows<RunRow>(
      `UPDATE runs SET ${sets.join(', ')} WHERE id = $${args.push(p.id)} AND state = ANY($${args.push(p.fromStates)}::text[]) RETURNING *`,
      args,
    );
    return row ? rowToRun(row) : null;
  }

  async queueSetPaused(p: { queue: string; paused: boolean; now: number }): Promise<void> {
    await this.rows(SQL.queueSetPaused, [p.queue, p.paused, p.now]);
    // Resuming makes the queue's tasks claimable again: tell the other processes.
    if (!p.paused) await this.rows(SQL.notify, [this.channel, [p.queue]]);
  }

  async flowLimitSet(p: { limit: FlowLimit; actor: string | null; now: number }): Promise<void> {
    await this.adminTx((q) => flow.limitSet(q, p));
  }

  async flowLimitRemove(p: { id: string; actor: string | null; now: number }): Promise<boolean> {
    const removed = await this.adminTx((q) => flow.limitRemove(q, p));
    // Tasks the rule held back may be claimable now: tell the other processes.
    if (removed) await this.rows(SQL.notify, [this.channel, ['*']]);
    return removed;
  }

  async flowLimitList(): Promise<FlowLimit[]> {
    return flow.limitList(this.reader());
  }

  async flowPauseSet(p: { kind: FlowPauseKind | 'queue'; target: string; paused: boolean; actor: string | null; now: number }): Promise<boolean> {
    const changed = await this.adminTx((q) => flow.pauseSet(q, p));
    if (changed && !p.paused) await this.rows(SQL.notify, [this.channel, [p.kind === 'queue' ? p.target : '*']]);
    return changed;
  }

  async flowPauseList(): Promise<FlowPause[]> {
    return flow.pauseList(this.reader());
  }

  async flowAuditList(p: { limit: number; beforeId?: string }): Promise<FlowAuditEntry[]> {
    return flow.auditList(this.reader(), p);
  }

  async flowUsage(p: { now: number }): Promise<FlowUsage[]> {
    return flow.usage(this.reader(), p.now);
  }

  /** Reads of the flow tables, one pooled statement each. */
  private reader(): flow.Q {
    return { rows: <R>(sql: string, params: unknown[]) => this.rows<R>(sql, params) };
  }

  /** A flow-control change and its audit line, in one transaction. */
  private async adminTx<T>(fn: (q: flow.Q) => Promise<T>): Promise<T> {
    this.assertOpen();
    return this.guard(async () => {
      const client = await this.acquire();
      let broken: Error | undefined;
      try {
        return await this.inTransaction(client, () => fn(new PgTx(client, 0, this.channel, false)));
      } catch (err) {
        if (isConnectionFailure(err)) broken = err as Error;
        throw err;
      } finally {
        client.release(broken);
      }
    });
  }

  async queuePausedList(): Promise<string[]> {
    return (await this.rows<{ name: string }>(SQL.queuePausedList)).map((r) => r.name);
  }

  async cursorList(p: { prefix: string }): Promise<StoredCursor[]> {
    return (await this.rows<CursorRow>(SQL.cursorList, [p.prefix])).map(rowToCursor);
  }

  async cursorGet(p: { name: string }): Promise<string | null> {
    return (await this.rows<{ value: string }>(SQL.cursorGet, [p.name]))[0]?.value ?? null;
  }

  async cursorSet(p: { name: string; value: string; expect?: string | null; now: number }): Promise<boolean> {
    this.assertOpen();
    if (p.expect === undefined) {
      await this.guard(() => this.query(SQL.cursorUpsert, [p.name, p.value, p.now]));
      return true;
    }
    const r = await this.guard(() =>
      p.expect === null ? this.query(SQL.cursorInsertNew, [p.name, p.value, p.now]) : this.query(SQL.cursorCas, [p.value, p.now, p.name, p.expect]),
    );
    return (r.rowCount ?? 0) > 0;
  }

  async retentionPurge(p: RetentionParams & { now: number }): Promise<{ tasks: number; events: number }> {
    this.assertOpen();
    // Retention under a day cuts into the day being written, row by row; a day or more waits for
    // whole days to pass the cut-off and drops them (partitions.ts).
    const exact = p.now - p.finishedBefore < DAY_MS;
    const purged = await this.guard(() => purgeHistory(this.pool, this.schema, { before: p.finishedBefore, limit: p.limit, exact }));
    // Retention shorter than a day deletes rows from the partitions that today's rows go into:
    // reclaim them soon, so new rows reuse the space (left to autovacuum's minute, a busy store
    // grew by about 880 MB over a million tasks with 1 s retention).
    // A pass scans every index of the day's partitions whole, so its cost grows with what
    // retention keeps, not with what was purged: passes wait until the rows purged since the
    // last are about half of those kept (the partitions then hold at most half again their rows).
    const day = dayOf(p.finishedBefore);
    if (purged.tasks > 0 && day === dayOf(p.now)) {
      this.historyVacuum.note(purged.tasks + purged.events, [partitionName('tasks_done', day), partitionName('events', day)], (p.now - p.finishedBefore) / 2);
    }
    return purged;
  }

  async historyDayTurn(p: { now: number }): Promise<{ countsFolded: number }> {
    this.assertOpen();
    const today = dayOf(p.now);
    if (today <= this.dayTurned) return { countsFolded: 0 };
    const countsFolded = await this.guard(() => foldDayCounts(this.pool, lastFoldableDay(p.now)));
    await this.guard(() => this.query(MARK_SQL, [today]));
    this.floors.forget();
    this.dayTurned = today;
    return { countsFolded };
  }

  async leaderElect(p: LeaderParams): Promise<boolean> {
    const rows = await this.rows<{ holder: string }>(SQL.leaderElect, [p.name, p.holder, p.now + p.ttlMs, p.now]);
    return rows.length > 0;
  }

  async leaderResign(p: { name: string; holder: string }): Promise<void> {
    await this.rows(SQL.leaderResign, [p.name, p.holder]);
  }

  async leaderGet(p: { name: string; now: number }): Promise<{ holder: string; expiresAt: number } | null> {
    const [r] = await this.rows<{ holder: string; expires_at: string }>(SQL.leaderGet, [p.name, p.now]);
    return r ? { holder: r.holder, expiresAt: Number(r.expires_at) } : null;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.wake?.close();
    await this.liveVacuum.close();
    await this.historyVacuum.close();
    await this.pool.end();
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreError('store is closed', { schema: this.schema });
    if (!this.ready) throw new StoreError('the schema is not migrated; run `taskframe migrate`', { schema: this.schema });
  }
}
