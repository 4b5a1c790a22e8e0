/**
 * The embedded SQLite store (better-sqlite3, WAL). better-sqlite3 is synchronous, so a whole
 * write batch runs as one BEGIN IMMEDIATE … COMMIT without yielding; the engine's write queue
 * is what gathers many callers' operations into one batch.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { NotFoundError, SchemaTooNewError, StoreError, StoreOpenError } from '../../model/errors.js';
import type { TaskState } from '../../model/state.js';
import type { ClaimedTask, Json, NewTask, Task, TaskError, TaskEvent, TaskId } from '../../model/task.js';
import { rowToEvent, rowToRun, rowToTask, type EventRow, type LogRow, type RunRow, type TaskRow } from '../rows.js';
import {
  emptyBatchResult,
  type EventListParams,
  type LeaderParams,
  type QueueCounts,
  type RetentionParams,
  type Store,
  type LogEntry,
  type LogStream,
  type Run,
  type RunState,
  type StoredLogEntry,
  type TaskInsertResult,
  type TaskListParams,
  type TaskOpResult,
  type WriteBatch,
  type WriteBatchResult,
} from '../store.js';
import { SQLITE_MIGRATIONS } from './schema.js';
import { decideTrigger, type TriggerRule } from '../../model/trigger.js';
import { prepareStatements, type Statements } from './statements.js';

export interface SqliteStoreOptions {
  /** Apply migrations on open (default true). */
  migrate?: boolean;
  /** How long a writer waits for another process's lock (ms). */
  busyTimeoutMs?: number;
}

const j = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

export class SqliteStore implements Store {
  readonly driver = 'sqlite' as const;
  readonly file: string;
  private readonly db: Database.Database;
  private s!: Statements;
  private closed = false;

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
      throw new StoreOpenError(url, /not a database|file is encrypted/i.test(msg) ? `${file} is not a SQLite database (${msg})` : msg, { cause: err });
    }
    const store = new SqliteStore(file, db);
    try {
      if (options.migrate !== false) await store.migrate();
      else {
        const v = await store.schemaVersion();
        if (v > SQLITE_MIGRATIONS.length) throw new SchemaTooNewError(v, SQLITE_MIGRATIONS.length);
        // Statements are prepared once the schema is current (here or after migrate()).
        if (v === SQLITE_MIGRATIONS.length) store.s = prepareStatements(db);
      }
    } catch (err) {
      db.close();
      throw err;
    }
    return store;
  }

  async schemaVersion(): Promise<number> {
    return this.db.pragma('user_version', { simple: true }) as number;
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
    this.s = prepareStatements(this.db);
    return { from, to: target };
  }

  async writeBatch(batch: WriteBatch): Promise<WriteBatchResult> {
    this.assertOpen();
    return this.db.transaction(() => this.applyBatch(batch)).immediate();
  }

  // ---- batch application (inside one transaction) ----

  private applyBatch(b: WriteBatch): WriteBatchResult {
    const now = b.now;
    const out = emptyBatchResult();
    for (const op of b.taskInsert ?? []) out.taskInsert.push(this.insert(op.task, now));
    for (const op of b.taskComplete ?? []) out.taskComplete.push(this.complete(op.id, op.leaseToken, op.result, now));
    for (const op of b.taskFail ?? []) out.taskFail.push(this.fail(op.id, op.leaseToken, op.error, op.retryAt, op.reason ?? 'failed', now));
    for (const op of b.taskUnclaim ?? []) out.taskUnclaim.push(this.unclaim(op.id, op.leaseToken, now));
    for (const op of b.taskHeartbeat ?? []) out.taskHeartbeat.push(this.heartbeat(op.id, op.leaseToken, op.leaseMs, op.progress, now));
    for (const op of b.taskCancel ?? []) out.taskCancel.push(this.cancel(op.id, op.reason ?? 'cancelled', now));
    for (const op of b.taskRetry ?? []) out.taskRetry.push(this.retryByHand(op.id, now));
    for (const op of b.taskExpireLeases ?? []) out.taskExpireLeases.push(this.expireLeases(op.limit, now));
    for (const op of b.taskClaim ?? []) out.taskClaim.push(this.claim(op.queues, op.workerId, op.limit, op.leaseMs, now));
    return out;
  }

  private event(taskId: number | string, type: string, attempt: number, workerId: string | null, detail: unknown, now: number): void {
    this.s.eventInsert.run(taskId, type, now, attempt, workerId, j(detail));
  }

  private insert(t: NewTask, now: number): TaskInsertResult {
    if (t.dedupKey !== null) {
      const seen = this.s.dedupGet.get(t.dedupKey) as { task_id: number } | undefined;
      const existing = seen && ((this.s.liveById.get(seen.task_id) ?? this.s.doneById.get(seen.task_id)) as TaskRow | undefined);
      if (existing) return { task: rowToTask(existing), created: false };
    }
    if (t.key !== null) {
      const existing = this.s.liveByKey.get(t.queue, t.key) as TaskRow | undefined;
      if (existing) return { task: rowToTask(existing), created: false };
    }
    let depsPending = 0;
    let depsFailed = 0;
    let failedDep: { id: string; state: string } | null = null;
    for (const dep of new Set(t.dependsOn)) {
      const live = this.s.liveState.get(dep) as { state: string } | undefined;
      if (live) {
        depsPending++;
        continue;
      }
      const done = this.s.doneState.get(dep) as { state: string } | undefined;
      if (!done) throw new NotFoundError('dependency task', dep);
      if (done.state !== 'succeeded') {
        depsFailed++;
        failedDep ??= { id: dep, state: done.state };
      }
    }
    if (t.parentId !== null) {
      const parentLive = this.s.liveState.get(t.parentId) as { state: string } | undefined;
      if (parentLive) this.s.parentChildAdd.run(now, t.parentId);
      else if (!this.s.doneState.get(t.parentId)) throw new NotFoundError('parent task', t.parentId);
    }
    const decision = t.dependsOn.length ? decideTrigger(t.triggerRule, depsPending, depsFailed) : 'run';
    const state: TaskState = decision !== 'run' ? 'blocked' : t.runAt > now ? 'scheduled' : 'pending';
    const row = this.s.taskInsert.get(
      t.name, t.queue, state, j(t.payload), t.priority, t.runAt, t.maxAttempts, j(t.backoff), t.timeoutMs,
      t.parentId, t.runId, t.key, j(t.tags), depsPending, depsFailed, t.triggerRule, t.dedupKey, now, now,
    ) as TaskRow;
    for (const dep of t.dependsOn) this.s.depInsert.run(dep, row.id);
    if (t.dedupKey !== null) this.s.dedupInsert.run(t.dedupKey, row.id);
    this.event(row.id as number, 'created', 0, null, { state, ...(t.dependsOn.length ? { dependsOn: t.dependsOn } : {}) }, now);
    if (decision === 'skip') {
      const why = failedDep ? `dependency ${failedDep.id} ${failedDep.state}` : `no dependency failed (trigger rule ${t.triggerRule})`;
      const skipped = this.finish(row.id as number, 'skipped', { message: why, kind: 'DEPENDENCY' }, now);
      return { task: skipped, created: true };
    }
    return { task: rowToTask(row), created: true };
  }

  private claim(queues: string[], workerId: string, limit: number, leaseMs: number, now: number): ClaimedTask[] {
    queues = queues.filter((q) => (this.s.queuePaused.get(q) as { paused: number } | undefined)?.paused !== 1);
    if (limit <= 0 || queues.length === 0) return [];
    const rows: TaskRow[] = [];
    // One statement per queue keeps each claim an index range scan; results are then merged
    // in claim order and trimmed to the limit.
    if (queues.length === 1) {
      rows.push(...(this.s.claim.all(now, leaseMs, workerId, now, now, queues[0], now, limit) as TaskRow[]));
    } else {
      const candidates: TaskRow[] = [];
      for (const q of queues) candidates.push(...(this.s.claimCandidates.all(q, now, limit) as TaskRow[]));
      candidates.sort((a, b) => b.priority - a.priority || Number(a.run_at) - Number(b.run_at) || Number(a.id) - Number(b.id));
      for (const c of candidates.slice(0, limit)) {
        const r = this.s.claimOne.get(now, leaseMs, workerId, now, now, c.id) as TaskRow | undefined;
        if (r) rows.push(r);
      }
    }
    rows.sort((a, b) => b.priority - a.priority || Number(a.run_at) - Number(b.run_at) || Number(a.id) - Number(b.id));
    const tasks = rows.map(rowToTask) as ClaimedTask[];
    for (const t of tasks) this.event(t.id, 'claimed', t.attempt, workerId, null, now);
    return tasks;
  }

  private guardFailure(id: TaskId): TaskOpResult {
    const live = this.s.liveState.get(id) as { state: TaskState } | undefined;
    if (live) return { ok: false, reason: 'lease_lost', state: live.state };
    const done = this.s.doneState.get(id) as { state: TaskState } | undefined;
    if (done) return { ok: false, reason: 'lease_lost', state: done.state };
    return { ok: false, reason: 'not_found', state: null };
  }

  private complete(id: TaskId, token: number, result: Json, now: number): TaskOpResult {
    const row = this.s.completeGuarded.get(j(result), now, id, token) as TaskRow | undefined;
    if (!row) return this.guardFailure(id);
    if (row.children_pending > 0) {
      this.event(id, 'waiting', row.attempt, row.worker_id, { childrenPending: row.children_pending }, now);
      return { ok: true, task: rowToTask(row) };
    }
    return { ok: true, task: this.finish(id, 'succeeded', null, now, row) };
  }

  private fail(id: TaskId, token: number, error: TaskError, retryAt: number | null, reason: 'failed' | 'timed_out', now: number): TaskOpResult {
    const row = this.s.liveRunningGuarded.get(id, token) as TaskRow | undefined;
    if (!row) return this.guardFailure(id);
    if (reason === 'timed_out') this.event(id, 'timed_out', row.attempt, row.worker_id, { error }, now);
    if (retryAt !== null) {
      const r = this.s.toRetrying.get(j(error), retryAt, now, id) as TaskRow;
      this.event(id, 'retry_scheduled', row.attempt, row.worker_id, { error, retryAt }, now);
      return { ok: true, task: rowToTask(r) };
    }
    return { ok: true, task: this.finish(id, 'failed', error, now) };
  }

  private unclaim(id: TaskId, token: number, now: number): TaskOpResult {
    const row = this.s.unclaimGuarded.get(now, now, id, token) as TaskRow | undefined;
    if (!row) return this.guardFailure(id);
    this.event(id, 'unclaimed', row.attempt, null, null, now);
    return { ok: true, task: rowToTask(row) };
  }

  private heartbeat(id: TaskId, token: number, leaseMs: number, progress: Json | undefined, now: number): TaskOpResult {
    const row = (progress === undefined
      ? this.s.heartbeatGuarded.get(now + leaseMs, now, id, token)
      : this.s.heartbeatProgressGuarded.get(now + leaseMs, j(progress), now, id, token)) as TaskRow | undefined;
    if (!row) return this.guardFailure(id);
    if (progress !== undefined) this.event(id, 'progress', row.attempt, row.worker_id, progress, now);
    return { ok: true, task: rowToTask(row) };
  }

  private cancel(id: TaskId, reason: string, now: number): TaskOpResult {
    const live = this.s.liveById.get(id) as TaskRow | undefined;
    if (!live) {
      const done = this.s.doneState.get(id) as { state: TaskState } | undefined;
      return done ? { ok: false, reason: 'wrong_state', state: done.state } : { ok: false, reason: 'not_found', state: null };
    }
    // Mark it first so its children finishing below cannot complete it as a waiting parent;
    // then cancel the subtree it spawned, then move it to history.
    this.s.markFinished.get('cancelled', 'cancelled', j({ message: reason, kind: 'CANCELLED' }), now, now, id);
    for (const child of this.s.liveChildren.all(id) as { id: number }[]) this.cancel(String(child.id), `parent ${id} cancelled`, now);
    const task = this.finish(id, 'cancelled', { message: reason, kind: 'CANCELLED' }, now);
    return { ok: true, task };
  }

  private retryByHand(id: TaskId, now: number): TaskOpResult {
    const done = this.s.doneById.get(id) as TaskRow | undefined;
    if (!done) {
      const live = this.s.liveState.get(id) as { state: TaskState } | undefined;
      return live ? { ok: false, reason: 'wrong_state', state: live.state } : { ok: false, reason: 'not_found', state: null };
    }
    if (done.state === 'succeeded') return { ok: false, reason: 'wrong_state', state: 'succeeded' };
    if (done.key !== null && this.s.liveByKey.get(done.queue, done.key)) {
      return { ok: false, reason: 'wrong_state', state: done.state as TaskState };
    }
    this.s.doneToLive.run(id);
    this.s.doneDelete.run(id);
    const row = this.s.resetForRetry.get(now, now, id) as TaskRow;
    this.event(id, 'retried', 0, null, { previousState: done.state }, now);
    return { ok: true, task: rowToTask(row) };
  }

  private expireLeases(limit: number, now: number): Task[] {
    const expired = this.s.leaseExpired.all(now, limit) as TaskRow[];
    const out: Task[] = [];
    for (const row of expired) {
      this.event(row.id as number, 'lease_expired', row.attempt, row.worker_id, { workerId: row.worker_id, leaseExpiresAt: row.lease_expires_at }, now);
      if (row.attempt < row.max_attempts) {
        out.push(rowToTask(this.s.expireToPending.get(now, now, row.id) as TaskRow));
      } else {
        const error: TaskError = { message: `lease expired on attempt ${row.attempt} of ${row.max_attempts} (worker ${row.worker_id} stopped heartbeating)`, kind: 'LEASE_EXPIRED' };
        out.push(this.finish(row.id as number, 'failed', error, now));
      }
    }
    return out;
  }

  /**
   * Moves a live task to history in a finished state, records the event and carries the
   * consequences: dependents unblocked or skipped, a waiting parent finished.
   */
  private finish(id: TaskId | number, state: 'succeeded' | 'failed' | 'cancelled' | 'skipped', error: TaskError | null, now: number, updated?: TaskRow): Task {
    const row = (this.s.markFinished.get(state, state, j(error), now, now, id) as TaskRow | undefined) ?? updated;
    if (!row) throw new StoreError(`task ${id} vanished while finishing`, { id });
    this.s.liveToDone.run(id);
    this.s.liveDelete.run(id);
    const detail = state === 'succeeded' ? null : state === 'cancelled' ? { reason: error?.message } : { error };
    this.event(id, state, row.attempt, row.worker_id, detail, now);
    const task = rowToTask(row);

    for (const dep of this.s.dependents.all(id) as { task_id: number }[]) {
      const d = this.s.depFinished.get(state === 'succeeded' ? 0 : 1, now, dep.task_id) as TaskRow | undefined;
      if (!d || d.state !== 'blocked') continue;
      const decision = decideTrigger(d.trigger_rule as TriggerRule, d.deps_pending, d.deps_failed);
      if (decision === 'run') {
        const next = Number(d.run_at) > now ? 'scheduled' : 'pending';
        this.s.unblock.run(next, now, dep.task_id);
        this.event(dep.task_id, 'unblocked', 0, null, { state: next, lastDependency: String(id) }, now);
      } else if (decision === 'skip') {
        const why = state === 'succeeded' ? `no dependency failed (trigger rule ${d.trigger_rule})` : `dependency ${id} ${state}`;
        this.finish(dep.task_id, 'skipped', { message: why, kind: 'DEPENDENCY' }, now);
      }
    }

    if (task.parentId !== null) {
      const parent = this.s.parentChildDone.get(now, task.parentId) as TaskRow | undefined;
      if (parent && parent.state === 'waiting') {
        if (state !== 'succeeded' && state !== 'cancelled') {
          this.finish(task.parentId, 'failed', { message: `subtask ${id} (${task.name}) ${state}`, kind: 'SUBTASK' }, now);
        } else if (parent.children_pending === 0) {
          this.finish(task.parentId, 'succeeded', null, now);
        }
      }
    }
    return task;
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
    const sql = `SELECT * FROM (SELECT * FROM tasks ${w} UNION ALL SELECT * FROM tasks_done ${w}) ORDER BY id DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...args, ...args, p.limit) as TaskRow[];
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
                UNION ALL SELECT queue, state, count(*) AS n FROM tasks_done GROUP BY queue, state`)
      .all() as { queue: string; state: TaskState; n: number }[];
    const byQueue = new Map<string, Partial<Record<TaskState, number>>>();
    for (const r of rows) {
      const c = byQueue.get(r.queue) ?? {};
      c[r.state] = (c[r.state] ?? 0) + r.n;
      byQueue.set(r.queue, c);
    }
    return [...byQueue.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([queue, counts]) => ({ queue, counts }));
  }

  async taskNextRunAt({ queues }: { queues: string[] }): Promise<number | null> {
    this.assertOpen();
    let best: number | null = null;
    for (const q of queues) {
      const r = this.s.nextRunAt.get(q) as { t: number | null } | undefined;
      if (r?.t != null && (best === null || r.t < best)) best = r.t;
    }
    return best;
  }

  async eventList(p: EventListParams): Promise<TaskEvent[]> {
    this.assertOpen();
    if (p.taskIds.length === 0) return [];
    const ids = p.taskIds.map(() => '?').join(',');
    const after = p.afterId !== undefined ? 'AND id > ?' : '';
    const args: unknown[] = [...p.taskIds];
    if (p.afterId !== undefined) args.push(p.afterId);
    const rows = this.db.prepare(`SELECT * FROM events WHERE task_id IN (${ids}) ${after} ORDER BY id LIMIT ?`).all(...args, p.limit) as EventRow[];
    return rows.map(rowToEvent);
  }

  async eventFeed(p: { afterId?: string; limit: number }): Promise<TaskEvent[]> {
    this.assertOpen();
    return (this.s.eventFeed.all(p.afterId ?? 0, p.limit) as EventRow[]).map(rowToEvent);
  }

  async logAppend(p: { entries: LogEntry[] }): Promise<void> {
    this.assertOpen();
    this.db.transaction(() => {
      for (const e of p.entries) this.s.logInsert.run(e.taskId, e.attempt, e.at, e.stream, e.text);
    }).immediate();
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
    const r = p.run;
    const row = this.s.runInsert.get(r.id, r.name, r.state, j(r.spec), j(r.inputs), j(r.outputs), j(r.error), r.trigger, r.createdAt, r.createdAt) as RunRow;
    return rowToRun(row);
  }

  async runGet(p: { id: string }): Promise<Run | null> {
    this.assertOpen();
    const row = this.s.runGet.get(p.id) as RunRow | undefined;
    return row ? rowToRun(row) : null;
  }

  async runList(p: { name?: string; states?: RunState[]; beforeCreatedAt?: number; limit: number }): Promise<Run[]> {
    this.assertOpen();
    const where: string[] = [];
    const args: unknown[] = [];
    if (p.name !== undefined) (where.push('name = ?'), args.push(p.name));
    if (p.states?.length) (where.push(`state IN (${p.states.map(() => '?').join(',')})`), args.push(...p.states));
    if (p.beforeCreatedAt !== undefined) (where.push('created_at < ?'), args.push(p.beforeCreatedAt));
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    return (this.db.prepare(`SELECT * FROM runs ${w} ORDER BY created_at DESC, id DESC LIMIT ?`).all(...args, p.limit) as RunRow[]).map(rowToRun);
  }

  async runUpdate(p: { id: string; fromStates: RunState[]; state: RunState; outputs?: Json | null; error?: Json | null; now: number }): Promise<Run | null> {
    this.assertOpen();
    if (p.fromStates.length === 0) return null;
    const finished = p.state !== 'running' ? p.now : null;
    const sets = ['state = ?', 'updated_at = ?', 'finished_at = ?'];
    const args: unknown[] = [p.state, p.now, finished];
    if (p.outputs !== undefined) (sets.push('outputs = ?'), args.push(j(p.outputs)));
    if (p.error !== undefined) (sets.push('error = ?'), args.push(j(p.error)));
    const row = this.db
      .prepare(`UPDATE runs SET ${sets.join(', ')} WHERE id = ? AND state IN (${p.fromStates.map(() => '?').join(',')}) RETURNING *`)
      .get(...args, p.id, ...p.fromStates) as RunRow | undefined;
    return row ? rowToRun(row) : null;
  }

  async queueSetPaused(p: { queue: string; paused: boolean; now: number }): Promise<void> {
    this.assertOpen();
    this.s.queueSetPaused.run(p.queue, p.paused ? 1 : 0, p.now);
  }

  async queuePausedList(): Promise<string[]> {
    this.assertOpen();
    return (this.s.queuePausedList.all() as { name: string }[]).map((r) => r.name);
  }

  async cursorGet(p: { name: string }): Promise<string | null> {
    this.assertOpen();
    return (this.s.cursorGet.get(p.name) as { value: string } | undefined)?.value ?? null;
  }

  async cursorSet(p: { name: string; value: string; expect?: string | null; now: number }): Promise<boolean> {
    this.assertOpen();
    if (p.expect === undefined) {
      this.s.cursorUpsert.run(p.name, p.value, p.now);
      return true;
    }
    if (p.expect === null) return this.s.cursorInsertNew.run(p.name, p.value, p.now).changes > 0;
    return this.s.cursorCas.run(p.value, p.now, p.name, p.expect).changes > 0;
  }

  async retentionPurge(p: RetentionParams & { now: number }): Promise<{ tasks: number; events: number }> {
    this.assertOpen();
    return this.db
      .transaction(() => {
        const ids = (this.s.expiredDone.all(p.finishedBefore, p.limit) as { id: number }[]).map((r) => r.id);
        let events = 0;
        for (const id of ids) {
          events += this.s.eventsDelete.run(id).changes;
          this.s.dedupDelete.run(id);
          this.s.logsDelete.run(id);
          this.s.depsDelete.run(id, id);
          this.s.doneDelete.run(id);
        }
        return { tasks: ids.length, events };
      })
      .immediate();
  }

  async leaderElect(p: LeaderParams): Promise<boolean> {
    this.assertOpen();
    const r = this.s.leaderElect.run(p.name, p.holder, p.now + p.ttlMs, p.now);
    return r.changes > 0;
  }

  async leaderResign(p: { name: string; holder: string }): Promise<void> {
    this.assertOpen();
    this.s.leaderResign.run(p.name, p.holder);
  }

  async leaderGet(p: { name: string; now: number }): Promise<{ holder: string; expiresAt: number } | null> {
    this.assertOpen();
    const r = this.s.leaderGet.get(p.name, p.now) as { holder: string; expires_at: number } | undefined;
    return r ? { holder: r.holder, expiresAt: r.expires_at } : null;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreError('store is closed', { file: this.file });
    if (!this.s) throw new StoreError('the schema is not migrated; run `taskframe migrate`', { file: this.file });
  }
}
