/**
 * Applies one write batch inside the caller's transaction. Set-based where it pays: plain
 * inserts go in multi-row statements, every completion of the batch moves to history in one
 * guarded statement, and every event of the batch is written at the end in multi-row inserts
 * (in the order the changes happened, so per-task order holds).
 */
import type Database from 'better-sqlite3';
import { NotFoundError, StoreError } from '../../model/errors.js';
import type { TaskState } from '../../model/state.js';
import type { ClaimedTask, Json, NewTask, Task, TaskError, TaskId } from '../../model/task.js';
import { decideTrigger, failsParent, type TriggerRule } from '../../model/trigger.js';
import { DEFAULT_BACKOFF } from '../../model/backoff.js';
import { payloadText } from '../../model/spec.js';
import { claimedRowToTask, newTaskRecord, policyText, rowToRun, rowToTask, type RunRow, type TaskRow } from '../rows.js';
import {
  emptyBatchResult,
  type NewRun,
  type Run,
  type TaskCompleteResult,
  type TaskInsertOp,
  type TaskInsertResult,
  type TaskOpResult,
  type TaskOutcome,
  type WriteBatch,
  type WriteBatchResult,
} from '../store.js';
import { succeededSelectList } from './schema.js';
import type { Statements } from './statements.js';

type Statement = Database.Statement<unknown[], unknown>;

const j = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

const CREATED_STATE: Record<string, { state: string }> = { blocked: { state: 'blocked' }, scheduled: { state: 'scheduled' }, pending: { state: 'pending' } };

function backoffJson(b: object): string | null {
  // The default policy is stored as NULL: most rows carry it, and shorter rows mean fewer pages.
  return b === DEFAULT_BACKOFF ? null : policyText(b);
}

function outcomeOf(done: OutcomeRow): TaskOutcome {
  return {
    id: String(done.id), name: done.name, queue: done.queue, state: 'succeeded', attempt: done.attempt,
    workerId: done.worker_id, parentId: done.parent_id === null ? null : String(done.parent_id), runId: done.run_id, finishedAt: done.finished_at,
  };
}

/**
 * Adds rows that entered history (`sign` 1) or left it (-1) to the history counts: one update
 * per queue and state, however many rows.
 */
export function countHistory(s: Pick<Statements, 'historyCount'>, rows: ReadonlyArray<{ queue: string; state: string }>, sign: 1 | -1): void {
  const groups = new Map<string, { queue: string; state: string; n: number }>();
  for (const r of rows) {
    const key = `${r.state}\u0000${r.queue}`;
    const g = groups.get(key);
    if (g) g.n++;
    else groups.set(key, { queue: r.queue, state: r.state, n: 1 });
  }
  for (const g of groups.values()) s.historyCount.run(g.queue, g.state, sign * g.n);
}

interface OutcomeRow {
  id: number;
  name: string;
  queue: string;
  state: string;
  attempt: number;
  worker_id: string | null;
  parent_id: number | null;
  run_id: string | null;
  finished_at: number;
}

/** A dependent's counters after one or more of its dependencies finished. */
interface DependentRow {
  id: number;
  state: string;
  trigger_rule: string;
  deps_pending: number;
  deps_failed: number;
  run_at: number;
}

/** Rows per multi-row statement: large enough to amortise the call, small enough for the parameter limit. */
const CHUNK = 64;

const INSERT_COLUMNS = ['name', 'queue', 'state', 'payload', 'priority', 'run_at', 'max_attempts', 'backoff', 'timeout_ms', 'run_id', 'tags', 'created_at', 'updated_at'] as const;

/** The success move for many tasks at once: copy to history as succeeded, guarded per (id, lease). */
const SUCCEED_SELECT = succeededSelectList('v.column3', 't');

/** Resolves `dependsOnIndex` (earlier entries of the same batch) into task ids. */
function withBatchDeps(op: TaskInsertOp, k: number, inserted: TaskInsertResult[]): NewTask {
  const ids = op.dependsOnIndex!.map((i) => {
    const earlier = Number.isInteger(i) && i >= 0 && i < k ? inserted[i] : undefined;
    if (!earlier) throw new StoreError(`taskInsert[${k}]: dependsOnIndex ${i} is not an earlier entry of the batch`, { index: k, ref: i });
    return earlier.task.id;
  });
  return { ...op.task, dependsOn: [...op.task.dependsOn, ...ids] };
}

export class SqliteBatchWriter {
  /** Events of the current batch, six parameters each, written in order at its end. */
  private events: unknown[] = [];
  private readonly sized = new Map<string, Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly s: Statements,
  ) {}

  /** A statement for `n` rows, prepared once per shape and size. */
  private many(kind: 'events' | 'insert' | 'succeed' | 'delete' | 'dependents', n: number): Statement {
    const key = `${kind}:${n}`;
    let st = this.sized.get(key);
    if (st) return st;
    const rows = (width: number) => Array.from({ length: n }, () => `(${Array(width).fill('?').join(', ')})`).join(', ');
    switch (kind) {
      case 'events':
        st = this.db.prepare(`INSERT INTO events (task_id, type, at, attempt, worker_id, detail) VALUES ${rows(6)}`);
        break;
      case 'insert':
        st = this.db.prepare(`INSERT INTO tasks (${INSERT_COLUMNS.join(', ')}) VALUES ${rows(INSERT_COLUMNS.length)} RETURNING id`);
        break;
      case 'succeed':
        st = this.db.prepare(`INSERT INTO tasks_done SELECT ${SUCCEED_SELECT} FROM tasks t JOIN (VALUES ${rows(3)}) AS v ON t.id = v.column1
          WHERE t.lease_token = v.column2 AND t.state = 'running' AND t.children_pending = 0
          RETURNING id, name, queue, state, attempt, worker_id, parent_id, run_id, finished_at`);
        break;
      case 'delete':
        st = this.db.prepare(`DELETE FROM tasks WHERE id IN (${Array(n).fill('?').join(', ')})`);
        break;
      case 'dependents':
        st = this.db.prepare(`SELECT dep_id, task_id FROM task_deps WHERE dep_id IN (${Array(n).fill('?').join(', ')})`);
        break;
    }
    this.sized.set(key, st);
    return st;
  }

  private flushEvents(): void {
    const e = this.events;
    this.events = [];
    for (let i = 0; i < e.length; i += CHUNK * 6) {
      const part = e.slice(i, i + CHUNK * 6);
      this.many('events', part.length / 6).run(...part);
    }
  }


  apply(b: WriteBatch): WriteBatchResult {
    const now = b.now;
    const out = emptyBatchResult();
    this.events = [];
    for (const op of b.runInsert ?? []) out.runInsert.push(this.insertRun(op.run));
    if (b.taskInsert?.length) out.taskInsert = this.insertAll(b.taskInsert, now);
    if (b.taskComplete?.length) out.taskComplete = this.completeAll(b.taskComplete, now);
    for (const op of b.taskFail ?? []) out.taskFail.push(this.fail(op.id, op.leaseToken, op.error, op.retryAt, op.reason ?? 'failed', now));
    for (const op of b.taskSkip ?? []) out.taskSkip.push(this.skip(op.id, op.leaseToken, op.reason, now));
    for (const op of b.taskUnclaim ?? []) out.taskUnclaim.push(this.unclaim(op.id, op.leaseToken, now));
    for (const op of b.taskHeartbeat ?? []) out.taskHeartbeat.push(this.heartbeat(op.id, op.leaseToken, op.leaseMs, op.progress, now));
    for (const op of b.taskCancel ?? []) out.taskCancel.push(this.cancel(op.id, op.reason ?? 'cancelled', now));
    for (const op of b.taskRetry ?? []) out.taskRetry.push(this.retryByHand(op.id, now));
    for (const op of b.taskExpireLeases ?? []) out.taskExpireLeases.push(this.expireLeases(op.limit, now));
    for (const op of b.taskClaim ?? []) out.taskClaim.push(this.claim(op.queues, op.workerId, op.limit, op.leaseMs, now));
    this.flushEvents();
    return out;
  }

  /** A workflow run, in the transaction of its graph's inserts. */
  private insertRun(r: NewRun): Run {
    return rowToRun(this.s.runInsert.get(r.id, r.name, r.state, j(r.spec), j(r.inputs), j(r.outputs), j(r.error), r.trigger, r.createdAt, r.createdAt) as RunRow);
  }

  private event(taskId: number | string, type: string, attempt: number, workerId: string | null, detail: unknown, now: number): void {
    this.events.push(taskId, type, now, attempt, workerId, j(detail));
  }

  /**
   * Plain tasks (no key, dedup key, dependencies, parent or run) go in multi-row inserts; the others
   * one by one. Runs of plain tasks are flushed before any other, so a later key lookup sees them.
   */
  private insertAll(ops: TaskInsertOp[], now: number): TaskInsertResult[] {
    const tasks: NewTask[] = ops.map((op) => op.task);
    const out: TaskInsertResult[] = new Array(tasks.length);
    let run: number[] = [];
    const flush = () => {
      for (let i = 0; i < run.length; i += CHUNK) {
        const idx = run.slice(i, i + CHUNK);
        const params: unknown[] = [];
        for (const k of idx) {
          const t = tasks[k]!;
          params.push(t.name, t.queue, t.runAt > now ? 'scheduled' : 'pending', payloadText(t.payload), t.priority, t.runAt, t.maxAttempts, backoffJson(t.backoff), t.timeoutMs, t.runId, t.tags.length ? j(t.tags) : null, now, now);
        }
        const ids = this.many('insert', idx.length).raw(true).all(...params) as [number][];
        // RETURNING order is not promised to follow VALUES order; ids are, being allocated in order.
        const sorted = ids.map((r) => r[0]).sort((a, b) => a - b);
        idx.forEach((k, n) => {
          const t = tasks[k]!;
          const state = t.runAt > now ? 'scheduled' : 'pending';
          const id = sorted[n]!;
          this.event(id, 'created', 0, null, CREATED_STATE[state], now);
          out[k] = { task: newTaskRecord(id, t, state, 0, 0, now), created: true };
        });
      }
      run = [];
    };
    ops.forEach((op, k) => {
      // Dependencies on earlier entries of this batch: write those first to know their ids.
      if (op.dependsOnIndex?.length) flush();
      const t = op.dependsOnIndex?.length ? withBatchDeps(op, k, out) : op.task;
      tasks[k] = t;
      if (t.key === null && t.dedupKey === null && t.dependsOn.length === 0 && t.parentId === null && t.runId === null) run.push(k);
      else {
        flush();
        out[k] = this.insert(t, now);
      }
    });
    flush();
    return out;
  }

  /** Every guarded success of the batch in one statement per chunk; the rest one by one. */
  private completeAll(ops: NonNullable<WriteBatch['taskComplete']>, now: number): TaskCompleteResult[] {
    const out: TaskCompleteResult[] = new Array(ops.length);
    const byId = new Map<string, number>();
    ops.forEach((op, k) => byId.set(String(op.id), k));
    const moved = new Set<number>();
    if (byId.size === ops.length) {
      for (let i = 0; i < ops.length; i += CHUNK) {
        const part = ops.slice(i, i + CHUNK);
        const params: unknown[] = [];
        for (const op of part) params.push(Number(op.id), op.leaseToken, j(op.result));
        const rows = this.many('succeed', part.length).all(...params, { now }) as OutcomeRow[];
        if (rows.length === 0) continue;
        const ids = rows.map((r) => r.id);
        this.many('delete', rows.length).run(...ids);
        countHistory(this.s, rows, 1);
        for (const done of rows) {
          const k = byId.get(String(done.id))!;
          moved.add(k);
          this.event(done.id, 'succeeded', done.attempt, done.worker_id, null, now);
        }
        // Who waits on these tasks, in one look-up for the chunk; a dependent waiting on several
        // of them (a fan-in) has its counter moved once, by how many finished.
        const finishedFor = new Map<number, { n: number; last: number }>();
        for (const d of this.many('dependents', ids.length).all(...ids) as { dep_id: number; task_id: number }[]) {
          const f = finishedFor.get(d.task_id);
          if (f) {
            f.n++;
            if (d.dep_id > f.last) f.last = d.dep_id;
          } else finishedFor.set(d.task_id, { n: 1, last: d.dep_id });
        }
        if (finishedFor.size) {
          const dependents: DependentRow[] = [];
          for (const [taskId, f] of finishedFor) {
            const d = this.s.depFinished.get(f.n, 0, now, taskId) as DependentRow | undefined;
            if (d) dependents.push(d);
          }
          this.settleDependents(dependents, (t) => String(finishedFor.get(t)!.last), 'succeeded', now);
        }
        for (const done of rows) {
          this.propagate(done.id, 'succeeded', done.parent_id === null ? null : String(done.parent_id), done.name, now, true);
          out[byId.get(String(done.id))!] = { ok: true, task: outcomeOf(done) };
        }
      }
    }
    ops.forEach((op, k) => {
      if (!moved.has(k)) out[k] = this.complete(op.id, op.leaseToken, op.result, now);
    });
    return out;
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
    const info = this.s.taskInsert.run(
      t.name, t.queue, state, payloadText(t.payload), t.priority, t.runAt, t.maxAttempts, backoffJson(t.backoff), t.timeoutMs,
      t.parentId, t.runId, t.key, t.tags.length ? j(t.tags) : null, depsPending, depsFailed, t.triggerRule, t.dedupKey, now, now,
    );
    const id = Number(info.lastInsertRowid);
    for (const dep of t.dependsOn) this.s.depInsert.run(dep, id);
    if (t.dedupKey !== null) this.s.dedupInsert.run(t.dedupKey, id);
    this.event(id, 'created', 0, null, t.dependsOn.length ? { state, dependsOn: t.dependsOn } : CREATED_STATE[state], now);
    if (decision === 'skip') {
      const why = failedDep ? `dependency ${failedDep.id} ${failedDep.state}` : `no dependency failed (trigger rule ${t.triggerRule})`;
      const skipped = this.finish(id, 'skipped', { message: why, kind: 'DEPENDENCY' }, now);
      return { task: skipped, created: true };
    }
    return { task: newTaskRecord(id, t, state, depsPending, depsFailed, now), created: true };
  }

  private claim(queues: string[], workerId: string, limit: number, leaseMs: number, now: number): ClaimedTask[] {
    queues = queues.filter((q) => (this.s.queuePaused.get(q) as { paused: number } | undefined)?.paused !== 1);
    if (limit <= 0 || queues.length === 0) return [];
    const tasks: ClaimedTask[] = [];
    // One statement per queue keeps each claim an index range scan; results are then merged
    // in claim order and trimmed to the limit.
    if (queues.length === 1) {
      for (const a of this.s.claim.all(now, leaseMs, workerId, now, now, queues[0], now, limit) as unknown[][]) tasks.push(claimedRowToTask(a, workerId, now, leaseMs));
    } else {
      const candidates: TaskRow[] = [];
      for (const q of queues) candidates.push(...(this.s.claimCandidates.all(q, now, limit) as TaskRow[]));
      candidates.sort((a, b) => b.priority - a.priority || Number(a.run_at) - Number(b.run_at) || Number(a.id) - Number(b.id));
      for (const c of candidates.slice(0, limit)) {
        const a = this.s.claimOne.get(now, leaseMs, workerId, now, now, c.id) as unknown[] | undefined;
        if (a) tasks.push(claimedRowToTask(a, workerId, now, leaseMs));
      }
    }
    tasks.sort((a, b) => b.priority - a.priority || a.runAt - b.runAt || Number(a.id) - Number(b.id));
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

  private complete(id: TaskId, token: number, result: Json, now: number): TaskCompleteResult {
    const done = this.s.succeedToHistory.get({ result: j(result), now, id, token }) as OutcomeRow | undefined;
    if (done) {
      this.s.liveDelete.run(id);
      this.s.historyCount.run(done.queue, 'succeeded', 1);
      this.event(done.id, 'succeeded', done.attempt, done.worker_id, null, now);
      this.propagate(done.id, 'succeeded', done.parent_id === null ? null : String(done.parent_id), done.name, now);
      return { ok: true, task: outcomeOf(done) };
    }
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

  private skip(id: TaskId, token: number, reason: string, now: number): TaskOpResult {
    const row = this.s.liveRunningGuarded.get(id, token) as TaskRow | undefined;
    if (!row) return this.guardFailure(id);
    return { ok: true, task: this.finish(id, 'skipped', { message: reason, kind: 'RUN_CONDITION' }, now) };
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
    this.s.historyToLive.run(id);
    this.s.doneDelete.run(id);
    this.s.historyCount.run(done.queue, done.state, -1);
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
    this.s.liveToHistory.run(id);
    this.s.liveDelete.run(id);
    this.s.historyCount.run(row.queue, state, 1);
    return this.afterFinish(row, state, now);
  }

  /** Records the finish event and carries its consequences to dependents and the parent. */
  private afterFinish(row: TaskRow, state: 'succeeded' | 'failed' | 'cancelled' | 'skipped', now: number): Task {
    const id = row.id as number;
    const task = rowToTask(row);
    const detail = state === 'succeeded' ? null : state === 'cancelled' ? { reason: task.error?.message } : { error: task.error };
    this.event(id, state, row.attempt, row.worker_id, detail, now);
    this.propagate(id, state, task.parentId, task.name, now, false, failsParent(state, task.error));
    return task;
  }

  /** A task finished: dependents may run or be skipped; a waiting parent may finish. */
  private propagate(
    id: number | string,
    state: 'succeeded' | 'failed' | 'cancelled' | 'skipped',
    parentId: TaskId | null,
    name: string,
    now: number,
    /** Its dependents' counters were already moved by the caller (completions, aggregated per chunk). */
    dependentsDone = false,
    /** It fails a parent waiting on it (see failsParent). */
    failParent = false,
  ): void {
    if (!dependentsDone) {
      const rows = this.s.depFinishedAll.all(state === 'succeeded' ? 0 : 1, now, id) as DependentRow[];
      if (rows.length) this.settleDependents(rows, () => String(id), state, now);
    }
    if (parentId !== null) {
      const parent = this.s.parentChildDone.get(now, parentId) as TaskRow | undefined;
      if (parent && parent.state === 'waiting') {
        if (failParent) {
          this.finish(parentId, 'failed', { message: `subtask ${id} (${name}) ${state}`, kind: 'SUBTASK' }, now);
        } else if (parent.children_pending === 0) {
          this.finish(parentId, 'succeeded', null, now);
        }
      }
    }
  }

  /**
   * Dependents whose counters just moved: those now decided run (one statement per target
   * state) or are skipped. `lastOf` names the dependency that finished last, for the event.
   */
  private settleDependents(rows: DependentRow[], lastOf: (dependent: number) => string, cause: 'succeeded' | 'failed' | 'cancelled' | 'skipped', now: number): void {
    const toPending: number[] = [];
    const toScheduled: number[] = [];
    const skips: Array<{ id: number; why: string }> = [];
    for (const d of rows) {
      if (d.state !== 'blocked') continue;
      const decision = decideTrigger(d.trigger_rule as TriggerRule, d.deps_pending, d.deps_failed);
      if (decision === 'run') {
        const next = Number(d.run_at) > now ? 'scheduled' : 'pending';
        (next === 'pending' ? toPending : toScheduled).push(d.id);
        this.event(d.id, 'unblocked', 0, null, { state: next, lastDependency: lastOf(d.id) }, now);
      } else if (decision === 'skip') {
        const last = lastOf(d.id);
        skips.push({ id: d.id, why: cause === 'succeeded' ? `no dependency failed (trigger rule ${d.trigger_rule})` : `dependency ${last} ${cause}` });
      }
    }
    if (toPending.length) this.s.unblockMany.run('pending', now, JSON.stringify(toPending));
    if (toScheduled.length) this.s.unblockMany.run('scheduled', now, JSON.stringify(toScheduled));
    for (const k of skips) this.finish(k.id, 'skipped', { message: k.why, kind: 'DEPENDENCY' }, now);
  }
}
