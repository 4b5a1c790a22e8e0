/**
 * The embedded SQLite store (better-sqlite3, WAL). better-sqlite3 is synchronous, so a whole
 * write batch runs as one BEGIN IMMEDIATE … COMMIT without yielding; the engine's write queue
 * is what gathers many callers' operations into one batch.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SchemaTooNewError, StoreError, StoreOpenError, StoreUnavailableError, ValidationError } from '../../model/errors.js';
import type { TaskState } from '../../model/state.js';
import type { Json, Task, TaskEvent, TaskId } from '../../model/task.js';
import { FEED_START, parseFeedPosition, pastFeedEnd, type FeedEvent, type FeedPosition } from '../../model/feed.js';
import { rowToCursor, rowToEvent, rowToRun, rowToTask, type CursorRow, type EventRow, type LogRow, type RunRow, type TaskRow } from '../rows.js';
import {
  type EventListParams,
  type LeaderParams,
  type LeaseRef,
  type QueueCounts,
  type RetentionParams,
  type Store,
  type LogEntry,
  type LogStream,
  type Run,
  type RunPosition,
  type RunState,
  type StoredLogEntry,
  type TaskDue,
  type TaskFinishedGroup,
  type TaskListParams,
  type TaskLiveGroup,
  type WriteBatch,
  type WriteBatchResult,
  type RunSearchParams,
  type RunSearchResult,
  type TaskLabel,
  type TaskSearchParams,
  type TaskSearchResult,
  type StoredCursor,
} from '../store.js';
import * as search from './search.js';
import * as flow from './flow.js';
import { FlowStatements } from './flow.js';
import type { FlowAuditEntry, FlowLimit, FlowPause, FlowPauseKind, FlowUsage } from '../../model/flow.js';
import { pathToFileURL } from 'node:url';
import { SqliteBatch } from './batch.js';
import { countHistory } from './tx.js';
import { Worker } from 'node:worker_threads';
import { WriterThread } from './writer-client.js';
import { DEFAULT_HISTORY, type HistoryMode } from '../../model/history.js';
import { SQLITE_MIGRATIONS } from './schema.js';
import { prepareStatements, type Statements } from './statements.js';

export interface SqliteStoreOptions {
  /** Apply migrations on open (default true). */
  migrate?: boolean;
  /** How long a writer waits for another process's lock (ms). */
  busyTimeoutMs?: number;
  /**
   * Apply every write on a dedicated thread (default: off; the CLI's `store.sqliteWriterThread`).
   * It keeps the event loop free while a transaction runs, which pays when handlers do real
   * work; for no-op tasks the hand-off costs more than it saves (bench/RESULTS.md). A path
   * names the compiled thread script to use.
   */
  writerThread?: boolean | string;
  /**
   * Wait for other processes' locks in 0.25–0.5 ms steps (default) rather than with SQLite's busy
   * handler, which sleeps up to 100 ms at a time. Either way the calling thread waits.
   */
  spinOnBusy?: boolean;
  /**
   * Copy the WAL back into the database file on a background thread (default: on; the CLI's
   * `store.sqliteCheckpointThread`). A path names the compiled thread script to use.
   */
  checkpointThread?: boolean | string;
  /** What a finished task leaves behind (model/history.ts); default `full`. */
  history?: HistoryMode;
}

const BUSY_SLEEP = new Int32Array(new SharedArrayBuffer(4));

const THREAD_SCRIPT = new URL('./writer-thread.js', import.meta.url);
const CHECKPOINT_SCRIPT = new URL('./checkpoint-thread.js', import.meta.url);
const CHECKPOINT_INTERVAL_MS = 20;
const CHECKPOINT_BACKSTOP_PAGES = 10_000;

/**
 * The compiled script for an optional thread, or null: off when the option is false (or absent
 * and the thread is off by default); a string option names the script. Running from TypeScript
 * sources (tests) there is no compiled script, and the work stays on the calling thread.
 */
function scriptIfBuilt(option: boolean | string | undefined, defaultOn: boolean, builtIn: URL): URL | null {
  const on = option !== undefined ? option !== false : defaultOn;
  if (!on) return null;
  const url = typeof option === 'string' ? pathToFileURL(option) : builtIn;
  return fs.existsSync(url) ? url : null;
}

/**
 * Checkpoints happen on a thread of their own: a commit that crosses the WAL threshold would
 * otherwise copy the WAL into the database file itself, and the task behind it waits (measured:
 * enqueue-to-start p99 at 1,000/s 3.4 -> 0.8 ms, steady state +5%). The committing connection
 * keeps a far threshold as a backstop in case the thread cannot keep up.
 */
function startCheckpointer(db: Database.Database, file: string, script: URL): Worker {
  db.pragma(`wal_autocheckpoint = ${CHECKPOINT_BACKSTOP_PAGES}`);
  const w = new Worker(script, { workerData: { file, intervalMs: CHECKPOINT_INTERVAL_MS } });
  w.unref();
  // Without the thread the connection checkpoints as usual again.
  w.once('error', () => db.open && db.pragma('wal_autocheckpoint = 1000'));
  return w;
}

const j = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));




export class SqliteStore implements Store {
  readonly driver = 'sqlite' as const;
  readonly file: string;
  private readonly db: Database.Database;
  private s!: Statements;
  private flowSt!: FlowStatements;
  private writer!: SqliteBatch;
  private thread: WriterThread | null = null;
  private readonly watchers = new Set<fs.FSWatcher>();
  /** Set on the writer thread's own connection: wait for locks in JS, in small steps. */
  private spinOnBusy = false;
  private busyTimeoutMs = 10_000;
  private busyOff: Database.Statement | null = null;
  private busyOn: Database.Statement | null = null;
  private closed = false;
  /** What a finished task leaves behind (model/history.ts). */
  history: HistoryMode = DEFAULT_HISTORY;

  private constructor(file: string, db: Database.Database) {
    this.file = file;
    this.db = db;
  }

  static async open(file: string, options: SqliteStoreOptions = {}): Promise<SqliteStore> {
    const url = `sqlite:${file}`;
    if (file !== ':memory:') {
      const dir = path.dirname(path.resolve(file));
      if (!fs.existsSync(dir)) throw new StoreOpenError(url, `directory ${dir} does not exist`);
      if (fs.existsSync(file)) {
        const st = fs.statSync(file);
        if (st.isDirectory()) throw new StoreOpenError(url, `${file} is a directory`);
        try {
          fs.accessSync(file, fs.constants.R_OK | fs.constants.W_OK);
        } catch {
          throw new StoreOpenError(url, `${file} is not readable and writable by this user`);
        }
      }
    }
    let db: Database.Database;
    try {
      db = new Database(file);
      db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
      db.pragma('journal_mode = WAL');
      // NORMAL in WAL mode: durable against process crashes; an OS crash may lose the last commits.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = OFF');
      db.pragma('cache_size = -32000');
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (err) {
      const msg = (err as Error).message;
      if (/not a database|file is encrypted/i.test(msg)) throw new StoreOpenError(url, `${file} is not a SQLite database (${msg})`, { cause: err });
      // SQLite says only "disk I/O error" when it cannot make the -wal and -shm files beside it.
      const full = file === ':memory:' ? null : fullFilesystem(path.dirname(path.resolve(file)));
      throw new StoreOpenError(url, full ? `${msg}: ${full}` : msg, { cause: err });
    }
    const store = new SqliteStore(file, db);
    store.spinOnBusy = options.spinOnBusy ?? true;
    store.history = options.history ?? DEFAULT_HISTORY;
    store.busyTimeoutMs = options.busyTimeoutMs ?? 10_000;
    try {
      if (options.migrate !== false) await store.migrate();
      else {
        const v = await store.schemaVersion();
        if (v > SQLITE_MIGRATIONS.length) throw new SchemaTooNewError(v, SQLITE_MIGRATIONS.length);
        // Statements are prepared once the schema is current (here or after migrate()).
        if (v === SQLITE_MIGRATIONS.length) store.prepare();
      }
      // Started by the first write, so a process that only reads (status, ls) never starts it.
      store.checkpointScript = file === ':memory:' ? null : scriptIfBuilt(options.checkpointThread, true, CHECKPOINT_SCRIPT);
      const script = file === ':memory:' ? null : scriptIfBuilt(options.writerThread, false, THREAD_SCRIPT);
      if (script) store.thread = await WriterThread.start(script, { file, busyTimeoutMs: options.busyTimeoutMs, history: store.history });
    } catch (err) {
      db.close();
      throw err;
    }
    return store;
  }

  /**
   * One write transaction (BEGIN IMMEDIATE). On the writer thread, a lock held by another
   * process is waited out in short steps: SQLite's own busy handler sleeps up to 100 ms at a
   * time, which is what multi-process latency would otherwise be made of.
   */
  private immediate<T>(fn: () => T): T {
    const tx = this.db.transaction(fn);
    if (!this.spinOnBusy) return tx.immediate();
    // Only our own BEGIN IMMEDIATE waits in small steps; reads keep SQLite's busy handler.
    this.busyOff ??= this.db.prepare('PRAGMA busy_timeout = 0');
    this.busyOn ??= this.db.prepare(`PRAGMA busy_timeout = ${this.busyTimeoutMs}`);
    this.busyOff.get();
    try {
      const deadline = Date.now() + this.busyTimeoutMs;
      // Short steps: a lock is usually held for a batch of a few ms, and every step slept past its
      // release is time neither process writes (measured across two processes: steps capped at
      // 0.5 ms instead of 4 ms, steady state 33.4k -> 35.1k tasks/s). A failed attempt costs µs.
      for (let waitMs = 0.25; ; waitMs = Math.min(waitMs * 2, 0.5)) {
        try {
          return tx.immediate();
        } catch (err) {
          if ((err as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw err;
          Atomics.wait(BUSY_SLEEP, 0, 0, waitMs);
        }
      }
    } finally {
      this.busyOn.get();
    }
  }

  /** True when write batches run on the writer thread. */
  get threaded(): boolean {
    return this.thread !== null;
  }

  /** The writer thread applies batches in order; two in flight keep it busy. */
  get pipelineDepth(): number {
    return this.thread ? 2 : 1;
  }

  private prepare(): void {
    this.s = prepareStatements(this.db);
    this.flowSt = new FlowStatements(this.db);
    this.writer = new SqliteBatch(this.db, this.s, this.history);
  }

  async schemaVersion(): Promise<number> {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  async databaseTime(): Promise<number | null> {
    return null;
  }

  async migrate(): Promise<{ from: number; to: number }> {
    const target = SQLITE_MIGRATIONS.length;
    // IMMEDIATE takes the write lock first, so two processes opening a new file at once
    // cannot both apply migration 1.
    const run = this.db.transaction(() => {
      const from = this.db.pragma('user_version', { simple: true }) as number;
      if (from > target) throw new SchemaTooNewError(from, target);
      for (let v = from; v < target; v++) this.db.exec(SQLITE_MIGRATIONS[v]!);
      this.db.pragma(`user_version = ${target}`);
      return from;
    });
    const from = run.immediate();
    this.prepare();
    return { from, to: target };
  }

  async writeBatch(batch: WriteBatch): Promise<WriteBatchResult> {
    this.assertOpen();
    if (this.checkpointScript && !this.checkpointer) this.checkpointer = startCheckpointer(this.db, this.file, this.checkpointScript);
    try {
      if (this.thread) return (await this.thread.call('writeBatch', batch)) as WriteBatchResult;
      return this.immediate(() => this.writer.apply(batch));
    } catch (err) {
      throw diskError(this.file, err);
    }
  }

  // ---- reads ----

  async taskGet({ id }: { id: TaskId }): Promise<Task | null> {
    this.assertOpen();
    const row = (this.s.liveById.get(id) ?? this.s.doneById.get(id)) as TaskRow | undefined;
    return row ? rowToTask(row) : null;
  }

  async taskList(p: TaskListParams): Promise<Task[]> {
    this.assertOpen();
    const where: string[] = [];
    const args: unknown[] = [];
    if (p.states?.length) {
      where.push(`state IN (${p.states.map(() => '?').join(',')})`);
      args.push(...p.states);
    }
    if (p.queue !== undefined) (where.push('queue = ?'), args.push(p.queue));
    if (p.name !== undefined) (where.push('name = ?'), args.push(p.name));
    if (p.parentId !== undefined) (where.push('parent_id = ?'), args.push(p.parentId));
    if (p.runId !== undefined) (where.push('run_id = ?'), args.push(p.runId));
    if (p.beforeId !== undefined) (where.push('id < ?'), args.push(p.beforeId));
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    // Spelled out so SQLite can use the partial index of unsuccessful finished tasks.
    const done = p.states?.length && !p.states.includes('succeeded') ? [...where, "state <> 'succeeded'"] : [...where];
    const doneArgs = [...args];
    if (p.finishedSince !== undefined) (done.push('finished_at >= ?'), doneArgs.push(p.finishedSince));
    const wDone = done.length ? `WHERE ${done.join(' AND ')}` : '';
    const sql = `SELECT * FROM (SELECT * FROM tasks ${w} ORDER BY id DESC LIMIT ?)
      UNION ALL SELECT * FROM (SELECT * FROM tasks_done ${wDone} ORDER BY id DESC LIMIT ?) ORDER BY id DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...args, p.limit, ...doneArgs, p.limit, p.limit) as TaskRow[];
    return rows.map(rowToTask);
  }

  async taskDepsList({ taskIds }: { taskIds: TaskId[] }): Promise<Array<{ taskId: TaskId; depId: TaskId }>> {
    this.assertOpen();
    if (taskIds.length === 0) return [];
    const out: Array<{ taskId: TaskId; depId: TaskId }> = [];
    // Chunked: SQLite caps bound parameters per statement.
    for (let i = 0; i < taskIds.length; i += 500) {
      const chunk = taskIds.slice(i, i + 500);
      const rows = this.db.prepare(`SELECT task_id, dep_id FROM task_deps WHERE task_id IN (${chunk.map(() => '?').join(',')})`).all(...chunk) as { task_id: number; dep_id: number }[];
      for (const r of rows) out.push({ taskId: String(r.task_id), depId: String(r.dep_id) });
    }
    return out;
  }

  async taskCountLive({ queues }: { queues?: string[] }): Promise<Partial<Record<TaskState, number>>> {
    this.assertOpen();
    const q = queues?.length ? `WHERE queue IN (${queues.map(() => '?').join(',')})` : '';
    const rows = this.db.prepare(`SELECT state, count(*) AS n FROM tasks ${q} GROUP BY state`).all(...(queues ?? [])) as { state: TaskState; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  }

  async queueCounts(): Promise<QueueCounts[]> {
    this.assertOpen();
    const rows = this.db
      .prepare(`SELECT queue, state, count(*) AS n FROM tasks GROUP BY queue, state
                UNION ALL SELECT queue, state, n FROM history_counts WHERE n <> 0`)
      .all() as { queue: string; state: TaskState; n: number }[];
    const byQueue = new Map<string, Partial<Record<TaskState, number>>>();
    for (const r of rows) {
      const c = byQueue.get(r.queue) ?? {};
      c[r.state] = (c[r.state] ?? 0) + r.n;
      byQueue.set(r.queue, c);
    }
    return [...byQueue.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([queue, counts]) => ({ queue, counts }));
  }

  async taskLiveSummary(p: { queues: string[]; now: number; soonBy: number }): Promise<TaskLiveGroup[]> {
    this.assertOpen();
    if (p.queues.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT name, state, CASE WHEN run_at <= ? THEN 'now' WHEN run_at <= ? THEN 'soon' ELSE 'later' END AS due,
           count(*) AS n, min(run_at) AS min_run_at, min(max(run_at, updated_at)) AS min_ready_at
         FROM tasks WHERE queue IN (${p.queues.map(() => '?').join(',')}) GROUP BY name, state, due`,
      )
      .all(p.now, p.soonBy, ...p.queues) as { name: string; state: TaskState; due: TaskDue; n: number; min_run_at: number; min_ready_at: number }[];
    return rows.map((r) => ({ name: r.name, state: r.state, due: r.due, n: r.n, minRunAt: r.min_run_at, minReadyAt: r.min_ready_at }));
  }

  async taskFinishedSummary(p: { queues: string[]; since: number; limit: number }): Promise<TaskFinishedGroup[]> {
    this.assertOpen();
    if (p.queues.length === 0 || p.limit <= 0) return [];
    // Newest first through the finished_at index, so a busy history costs at most `limit` rows.
    const rows = this.db
      .prepare(
        `SELECT name, count(*) AS n, count(started_at) AS served, coalesce(sum(finished_at - started_at), 0) AS service_ms,
           min(finished_at) AS first_at, max(finished_at) AS last_at
         FROM (SELECT name, started_at, finished_at FROM tasks_done
               WHERE finished_at >= ? AND queue IN (${p.queues.map(() => '?').join(',')}) ORDER BY finished_at DESC LIMIT ?)
         GROUP BY name`,
      )
      .all(p.since, ...p.queues, p.limit) as { name: string; n: number; served: number; service_ms: number; first_at: number; last_at: number }[];
    return rows.map((r) => ({ name: r.name, n: r.n, served: r.served, serviceMsSum: r.service_ms, firstFinishedAt: r.first_at, lastFinishedAt: r.last_at }));
  }

  async taskNextRunAt({ queues }: { queues: string[] }): Promise<number | null> {
    this.assertOpen();
    let best: number | null = null;
    for (const q of queues) {
      const r = this.s.nextRunAt.get({ q }) as { t: number | null } | undefined;
      if (r?.t != null && (best === null || r.t < best)) best = r.t;
    }
    return best;
  }

  async taskGetMany(p: { ids: TaskId[] }): Promise<Task[]> {
    this.assertOpen();
    return search.taskGetMany(this.db, p.ids);
  }

  async taskLabelList(p: { ids: TaskId[]; finishedSince?: number }): Promise<TaskLabel[]> {
    this.assertOpen();
    return search.taskLabelList(this.db, p.ids, p.finishedSince);
  }

  async taskSearch(p: TaskSearchParams): Promise<TaskSearchResult> {
    this.assertOpen();
    return search.taskSearch(this.db, p);
  }

  async runSearch(p: RunSearchParams): Promise<RunSearchResult> {
    this.assertOpen();
    return search.runSearch(this.db, p);
  }

  async eventList(p: EventListParams): Promise<TaskEvent[]> {
    this.assertOpen();
    if (p.taskIds.length === 0) return [];
    const ids = p.taskIds.map(() => '?').join(',');
    const after = p.afterId !== undefined ? 'AND id > ?' : '';
    const since = p.since !== undefined ? 'AND at >= ?' : '';
    const args: unknown[] = [...p.taskIds];
    if (p.afterId !== undefined) args.push(p.afterId);
    if (p.since !== undefined) args.push(p.since);
    const rows = this.db.prepare(`SELECT * FROM events WHERE task_id IN (${ids}) ${after} ${since} ORDER BY id LIMIT ?`).all(...args, p.limit) as EventRow[];
    return rows.map(rowToEvent);
  }

  async eventFeed(p: { after?: FeedPosition; limit: number }): Promise<FeedEvent[]> {
    this.assertOpen();
    // A position another store gave (a PostgreSQL transaction id) names no place here.
    const after = parseFeedPosition(p.after ?? FEED_START);
    if (after.xid !== 0n) throw new ValidationError('after', `is a PostgreSQL feed position; this store's positions are event ids: ${p.after}`);
    const rows = this.s.eventFeed.all(after.id, p.limit) as EventRow[];
    if (rows.length === 0 && after.id > 0n) {
      const highest = BigInt((this.s.eventIdHighest.get() as { seq: number } | undefined)?.seq ?? 0);
      if (after.id > highest) throw pastFeedEnd(p.after!, String(highest));
    }
    return rows.map((r) => ({ ...rowToEvent(r), position: String(r.id) }));
  }

  async eventFeedEnd(): Promise<FeedPosition> {
    this.assertOpen();
    const r = this.s.eventFeedEnd.get() as { id: number | null };
    return r.id === null ? FEED_START : String(r.id);
  }

  async logAppend(p: { entries: LogEntry[] }): Promise<void> {
    this.assertOpen();
    if (this.thread) return this.thread.call('logAppend', p) as Promise<void>;
    this.immediate(() => {
      for (const e of p.entries) this.s.logInsert.run(e.taskId, e.attempt, e.at, e.stream, e.text);
    });
  }

  async logList(p: { taskId: TaskId; attempt?: number; afterId?: string; limit: number }): Promise<StoredLogEntry[]> {
    this.assertOpen();
    const args: unknown[] = [p.taskId];
    let sql = 'SELECT * FROM task_logs WHERE task_id = ?';
    if (p.attempt !== undefined) (sql += ' AND attempt = ?'), args.push(p.attempt);
    if (p.afterId !== undefined) (sql += ' AND id > ?'), args.push(p.afterId);
    const rows = this.db.prepare(`${sql} ORDER BY id LIMIT ?`).all(...args, p.limit) as LogRow[];
    return rows.map((r) => ({ id: String(r.id), taskId: String(r.task_id), attempt: r.attempt, at: r.at, stream: r.stream as LogStream, text: r.text }));
  }

  async runInsert(p: { run: Omit<Run, 'updatedAt' | 'finishedAt'> }): Promise<Run> {
    this.assertOpen();
    if (this.thread) return this.thread.call('runInsert', p) as Promise<Run>;
    const r = p.run;
    const row = this.immediate(() => this.s.runInsert.get(r.id, r.name, r.state, j(r.spec), j(r.inputs), j(r.outputs), j(r.error), r.trigger, r.createdAt, r.createdAt)) as RunRow;
    return rowToRun(row);
  }

  async runGet(p: { id: string }): Promise<Run | null> {
    this.assertOpen();
    const row = this.s.runGet.get(p.id) as RunRow | undefined;
    return row ? rowToRun(row) : null;
  }

  async runList(p: { name?: string; states?: RunState[]; before?: RunPosition; limit: number }): Promise<Run[]> {
    this.assertOpen();
    const where: string[] = [];
    const args: unknown[] = [];
    if (p.name !== undefined) (where.push('name = ?'), args.push(p.name));
    if (p.states?.length) (where.push(`state IN (${p.states.map(() => '?').join(',')})`), args.push(...p.states));
    if (p.before !== undefined) (where.push('(created_at, id) < (?, ?)'), args.push(p.before.createdAt, p.before.id));
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    return (this.db.prepare(`SELECT * FROM runs ${w} ORDER BY created_at DESC, id DESC LIMIT ?`).all(...args, p.limit) as RunRow[]).map(rowToRun);
  }

  async taskSetMaxAttempts(p: LeaseRef & { maxAttempts: number; now: number }): Promise<boolean> {
    this.assertOpen();
    if (this.thread) return this.thread.call('taskSetMaxAttempts', p) as Promise<boolean>;
    return this.immediate(() => this.s.setMaxAttemptsGuarded.run(p.maxAttempts, p.now, Number(p.id), p.leaseToken).changes > 0);
  }

  async runUpdate(p: { id: string; fromStates: RunState[]; state: RunState; outputs?: Json | null; error?: Json | null; now: number }): Promise<Run | null> {
    this.assertOpen();
    if (this.thread) return this.thread.call('runUpdate', p) as Promise<Run | null>;
    if (p.fromStates.length === 0) return null;
    const finished = p.state !== 'running' ? p.now : null;
    const sets = ['state = ?', 'updated_at = ?', 'finished_at = ?'];
    const args: unknown[] = [p.state, p.now, finished];
    if (p.outputs !== undefined) (sets.push('outputs = ?'), args.push(j(p.outputs)));
    if (p.error !== undefined) (sets.push('error = ?'), args.push(j(p.error)));
    const row = this.immediate(() =>
      this.db
        .prepare(`UPDATE runs SET ${sets.join(', ')} WHERE id = ? AND state IN (${p.fromStates.map(() => '?').join(',')}) RETURNING *`)
        .get(...args, p.id, ...p.fromStates),
    ) as RunRow | undefined;
    return row ? rowToRun(row) : null;
  }

  async queueSetPaused(p: { queue: string; paused: boolean; now: number }): Promise<void> {
    this.assertOpen();
    if (this.thread) return this.thread.call('queueSetPaused', p) as Promise<void>;
    this.immediate(() => this.s.queueSetPaused.run(p.queue, p.paused ? 1 : 0, p.now));
  }

  async flowLimitSet(p: { limit: FlowLimit; actor: string | null; now: number }): Promise<void> {
    this.assertOpen();
    if (this.thread) return this.thread.call('flowLimitSet', p) as Promise<void>;
    this.immediate(() => flow.limitSet(this.flowSt, p));
  }

  async flowLimitRemove(p: { id: string; actor: string | null; now: number }): Promise<boolean> {
    this.assertOpen();
    if (this.thread) return this.thread.call('flowLimitRemove', p) as Promise<boolean>;
    return this.immediate(() => flow.limitRemove(this.flowSt, p));
  }

  async flowLimitList(): Promise<FlowLimit[]> {
    this.assertOpen();
    return flow.limitList(this.flowSt);
  }

  async flowPauseSet(p: { kind: FlowPauseKind | 'queue'; target: string; paused: boolean; actor: string | null; now: number }): Promise<boolean> {
    this.assertOpen();
    if (this.thread) return this.thread.call('flowPauseSet', p) as Promise<boolean>;
    return this.immediate(() => flow.pauseSet(this.flowSt, p));
  }

  async flowPauseList(): Promise<FlowPause[]> {
    this.assertOpen();
    return flow.pauseList(this.flowSt);
  }

  async flowAuditList(p: { limit: number; beforeId?: string }): Promise<FlowAuditEntry[]> {
    this.assertOpen();
    return flow.auditList(this.flowSt, p);
  }

  async flowUsage(p: { now: number }): Promise<FlowUsage[]> {
    this.assertOpen();
    return flow.usage(this.flowSt, p.now);
  }

  async queuePausedList(): Promise<string[]> {
    this.assertOpen();
    return (this.s.queuePausedList.all() as { name: string }[]).map((r) => r.name);
  }

  async cursorList(p: { prefix: string }): Promise<StoredCursor[]> {
    this.assertOpen();
    return (this.s.cursorList.all(p.prefix, p.prefix) as CursorRow[]).map(rowToCursor);
  }

  async cursorGet(p: { name: string }): Promise<string | null> {
    this.assertOpen();
    return (this.s.cursorGet.get(p.name) as { value: string } | undefined)?.value ?? null;
  }

  async cursorSet(p: { name: string; value: string; expect?: string | null; now: number }): Promise<boolean> {
    this.assertOpen();
    if (this.thread) return this.thread.call('cursorSet', p) as Promise<boolean>;
    return this.immediate(() => {
      if (p.expect === undefined) {
        this.s.cursorUpsert.run(p.name, p.value, p.now);
        return true;
      }
      if (p.expect === null) return this.s.cursorInsertNew.run(p.name, p.value, p.now).changes > 0;
      return this.s.cursorCas.run(p.value, p.now, p.name, p.expect).changes > 0;
    });
  }

  async retentionPurge(p: RetentionParams & { now: number }): Promise<{ tasks: number; events: number }> {
    this.assertOpen();
    if (this.thread) return this.thread.call('retentionPurge', p) as Promise<{ tasks: number; events: number }>;
    return this.immediate(() => {
      const ids = (this.s.expiredDone.all(p.finishedBefore, p.limit) as { id: number }[]).map((r) => r.id);
      let events = 0;
      const gone: Array<{ queue: string; state: string }> = [];
      for (const id of ids) {
        events += this.s.eventsDelete.run(id).changes;
        this.s.dedupDelete.run(id);
        this.s.collapseDelete.run(id);
        this.s.logsDelete.run(id);
        this.s.depsDelete.run(id, id);
        const row = this.s.doneDelete.get(id) as { queue: string; state: string } | undefined;
        if (row) gone.push(row);
      }
      countHistory(this.s, gone, -1);
      return { tasks: ids.length, events };
    });
  }

  async leaderElect(p: LeaderParams): Promise<boolean> {
    this.assertOpen();
    if (this.thread) return this.thread.call('leaderElect', p) as Promise<boolean>;
    return this.immediate(() => this.s.leaderElect.run(p.name, p.holder, p.now + p.ttlMs, p.now).changes > 0);
  }

  async leaderResign(p: { name: string; holder: string }): Promise<void> {
    this.assertOpen();
    if (this.thread) return this.thread.call('leaderResign', p) as Promise<void>;
    this.immediate(() => this.s.leaderResign.run(p.name, p.holder));
  }

  async leaderGet(p: { name: string; now: number }): Promise<{ holder: string; expiresAt: number } | null> {
    this.assertOpen();
    const r = this.s.leaderGet.get(p.name, p.now) as { holder: string; expires_at: number } | undefined;
    return r ? { holder: r.holder, expiresAt: r.expires_at } : null;
  }

  /**
   * Wake-ups across processes: every commit, from any process, writes to the WAL file, so a
   * watch on it (through its folder, which outlives the WAL being removed and recreated) tells
   * an idle worker that something changed. Bursts are folded into one wake-up per turn of the
   * event loop; tasks that come due by time are found by the worker sleeping until run-at.
   */
  async subscribeWake(listener: (queue: string) => void): Promise<() => Promise<void>> {
    if (this.file === ':memory:') return async () => undefined;
    const dir = path.dirname(path.resolve(this.file));
    const names = new Set([path.basename(this.file), `${path.basename(this.file)}-wal`]);
    let queued = false;
    const fire = () => {
      if (queued || this.closed) return;
      queued = true;
      setImmediate(() => {
        queued = false;
        if (!this.closed) listener('*');
      });
    };
    const watcher = fs.watch(dir, { persistent: false }, (_event, name) => {
      if (name === null || names.has(name.toString())) fire();
    });
    watcher.on('error', () => watcher.close());
    this.watchers.add(watcher);
    return async () => {
      watcher.close();
      this.watchers.delete(watcher);
    };
  }

  /** The background checkpoint thread, once the first write started it. */
  checkpointer: Worker | null = null;
  private checkpointScript: URL | null = null;

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.watchers) w.close();
    // Stopped at once, not asked: a one-shot command (taskframe enqueue) would otherwise wait for
    // the thread to finish starting (measured +40 ms). A checkpoint cut short is safe: the WAL
    // keeps every frame until one completes.
    await this.checkpointer?.terminate();
    await this.thread?.close();
    this.db.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreError('store is closed', { file: this.file });
    if (!this.s) throw new StoreError('the schema is not migrated; run `taskframe migrate`', { file: this.file });
  }
}

/** Why a file cannot be made in `dir` when it is for want of space, else null. */
function fullFilesystem(dir: string): string | null {
  try {
    const s = fs.statfsSync(dir);
    const free = s.bavail * s.bsize;
    // A SQLite file needs a few pages beside it (its -wal and -shm) to open at all.
    return free < 256 * 1024 ? `the filesystem holding ${dir} is full (${free} bytes free)` : null;
  } catch {
    return null;
  }
}

/**
 * A full disk or a failing one makes the store unavailable until space returns (SQLite itself
 * recovers then): a typed, retryable error, so that callers back off and the write queue fails
 * the batch at once instead of replaying each operation into the same full disk.
 */
function diskError(file: string, err: unknown): unknown {
  const code = (err as { code?: unknown }).code;
  if (code !== 'SQLITE_FULL' && !(typeof code === 'string' && code.startsWith('SQLITE_IOERR'))) return err;
  const what = code === 'SQLITE_FULL' ? 'the disk holding it is full' : `I/O error (${code})`;
  return new StoreUnavailableError(`store unavailable: ${file}: ${what}`, { file, reason: code }, { cause: err });
}
