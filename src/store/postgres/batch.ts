/**
 * Applies one write batch inside one transaction on one connection, with exactly the meaning
 * of the SQLite driver (the conformance suite holds both to it). Hot groups are set-based:
 * runs of plain inserts, completions and heartbeats are one statement each, a claim is one
 * statement; rarer paths (keys, dependencies, subtasks, failures, cancels) go one task at a
 * time, mirroring src/store/sqlite/driver.ts step for step.
 *
 * Queues where something became claimable (now, or at a known time: scheduled, retrying) are
 * collected in `wake`; the driver notifies them once per transaction.
 */
import type { ClientBase } from 'pg';
import { NotFoundError, StoreError } from '../../model/errors.js';
import type { TaskState } from '../../model/state.js';
import type { ClaimedTask, Json, NewTask, Task, TaskError, TaskId } from '../../model/task.js';
import { decideTrigger, failsParent, type TriggerRule } from '../../model/trigger.js';
import { newTaskRecord, policyText, rowToRun, rowToTask, type RunRow, type TaskRow } from '../rows.js';
import { payloadText } from '../../model/spec.js';
import {
  emptyBatchResult,
  type NewRun,
  type Run,
  type TaskClaimOp,
  type TaskCompleteOp,
  type TaskCompleteResult,
  type TaskOutcome,
  type TaskHeartbeatOp,
  type TaskInsertOp,
  type TaskInsertResult,
  type TaskOpResult,
  type WriteBatch,
  type WriteBatchResult,
} from '../store.js';
import { RAW_JSON_TYPES } from './connect.js';
import { LOCK, SQL } from './statements.js';

type Row = TaskRow & { has_dependents: boolean };

/**
 * The statements run for nearly every task, prepared by name on each pooled connection: parsing
 * and planning them each time cost about a fifth of a claim's time (measured: 1.05 -> 0.87 ms for
 * a one-task claim, 1.60 -> 1.22 ms for completions with a claim). Plans are re-made by the
 * server whenever the tables change (partitions created or dropped).
 */
const PREPARED = new Map<string, string>(
  (['taskInsertPlain', 'claim', 'claimAlone', 'completeMany', 'completeAndClaim', 'heartbeatMany'] as const).map((k) => [SQL[k], `tf_${k}`]),
);
/** What the set completion returns per task. */
type MovedRow = Pick<Row, 'id' | 'name' | 'queue' | 'state' | 'attempt' | 'worker_id' | 'parent_id' | 'run_id' | 'finished_at' | 'has_dependents'>;

function movedToOutcome(r: MovedRow): TaskOutcome {
  return {
    id: String(r.id),
    name: r.name,
    queue: r.queue,
    state: r.state as TaskState,
    attempt: r.attempt,
    workerId: r.worker_id,
    parentId: r.parent_id === null ? null : String(r.parent_id),
    runId: r.run_id,
    finishedAt: r.finished_at === null ? null : Number(r.finished_at),
  };
}
type FinalState = 'succeeded' | 'failed' | 'cancelled' | 'skipped';

const j = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

/** A task with nothing that needs looking up first: it can go in a set insert. */
export function isPlainTask(t: NewTask): boolean {
  return t.key === null && t.dedupKey === null && t.parentId === null && t.dependsOn.length === 0;
}

export class PgBatch {
  /** Queues in which a task became claimable during this transaction. */
  readonly wake = new Set<string>();

  constructor(
    private readonly c: ClientBase,
    private readonly now: number,
    /** The wake-up channel: a plain insert notifies in its own statement (no extra round trip). */
    private readonly channel: string,
    /** A connection of the store's own pool (not a caller's): hot statements may be prepared on it. */
    private readonly prepared = false,
  ) {}

  private async q(text: string, values: unknown[]) {
    // Types per query, so a caller's own client (transactional enqueue) gets the same row shapes.
    // On the store's own connections the hot statements are prepared once per connection.
    const name = this.prepared ? PREPARED.get(text) : undefined;
    return this.c.query({ name, text, values, types: RAW_JSON_TYPES });
  }

  private async rows<R = Row>(sql: string, params: unknown[]): Promise<R[]> {
    return (await this.q(sql, params)).rows as R[];
  }

  private async one<R = Row>(sql: string, params: unknown[]): Promise<R | undefined> {
    return (await this.q(sql, params)).rows[0] as R | undefined;
  }

  async apply(b: WriteBatch): Promise<WriteBatchResult> {
    const out = emptyBatchResult();
    for (const op of b.runInsert ?? []) out.runInsert.push(await this.insertRun(op.run));
    if (b.taskInsert?.length) out.taskInsert = await this.insertAll(b.taskInsert);
    if (b.taskComplete?.length) out.taskComplete = await this.completeAll(b.taskComplete);
    for (const op of b.taskFail ?? []) out.taskFail.push(await this.fail(op.id, op.leaseToken, op.error, op.retryAt, op.reason ?? 'failed'));
    for (const op of b.taskSkip ?? []) out.taskSkip.push(await this.skip(op.id, op.leaseToken, op.reason));
    for (const op of b.taskUnclaim ?? []) out.taskUnclaim.push(await this.unclaim(op.id, op.leaseToken));
    if (b.taskHeartbeat?.length) out.taskHeartbeat = await this.heartbeatAll(b.taskHeartbeat);
    for (const op of b.taskCancel ?? []) out.taskCancel.push(await this.cancel(op.id, op.reason ?? 'cancelled'));
    for (const op of b.taskRetry ?? []) out.taskRetry.push(await this.retryByHand(op.id));
    for (const op of b.taskExpireLeases ?? []) out.taskExpireLeases.push(await this.expireLeases(op.limit));
    for (const op of b.taskClaim ?? []) out.taskClaim.push(await this.claim(op.queues, op.workerId, op.limit, op.leaseMs));
    return out;
  }

  /** A workflow run, in the transaction of its graph's inserts. */
  private async insertRun(r: NewRun): Promise<Run> {
    const row = await this.one<RunRow>(SQL.runInsert, [r.id, r.name, r.state, j(r.spec), j(r.inputs), j(r.outputs), j(r.error), r.trigger, r.createdAt]);
    return rowToRun(row!);
  }

  private event(taskId: TaskId | number | bigint, type: string, attempt: number, workerId: string | null, detail: unknown): Promise<unknown> {
    return this.q(SQL.eventInsert, [taskId, type, this.now, attempt, workerId, j(detail)]);
  }

  // ---- insert ----

  /**
   * Inserts in the caller's order: runs of plain tasks as one statement, the others one by one.
   * `dependsOnIndex` (a graph inserted as one unit) names earlier entries of the batch.
   */
  async insertAll(ops: TaskInsertOp[]): Promise<TaskInsertResult[]> {
    const out: TaskInsertResult[] = [];
    let run: NewTask[] = [];
    const flushRun = async () => {
      if (run.length) out.push(...(await this.insertPlain(run)));
      run = [];
    };
    // References are checked before anything is written, so a bad one fails the batch whole.
    ops.forEach((op, k) =>
      op.dependsOnIndex?.forEach((i) => {
        if (!Number.isInteger(i) || i < 0 || i >= k) throw new StoreError(`taskInsert[${k}]: dependsOnIndex ${i} is not an earlier entry of the batch`, { index: k, ref: i });
      }),
    );
    for (const [k, op] of ops.entries()) {
      let t = op.task;
      if (op.dependsOnIndex?.length) {
        await flushRun();
        const ids = op.dependsOnIndex.map((i) => {
          const earlier = Number.isInteger(i) && i >= 0 && i < k ? out[i] : undefined;
          if (!earlier) throw new StoreError(`taskInsert[${k}]: dependsOnIndex ${i} is not an earlier entry of the batch`, { index: k, ref: i });
          return earlier.task.id;
        });
        t = { ...t, dependsOn: [...t.dependsOn, ...ids] };
      }
      if (isPlainTask(t)) {
        run.push(t);
        continue;
      }
      await flushRun();
      out.push(await this.insertOne(t));
    }
    await flushRun();
    return out;
  }

  private async insertPlain(tasks: NewTask[]): Promise<TaskInsertResult[]> {
    const n = tasks.length;
    const cols = Array.from({ length: 11 }, () => new Array<unknown>(n));
    const states = new Array<TaskState>(n);
    for (let i = 0; i < n; i++) {
      const t = tasks[i]!;
      const state = (states[i] = t.runAt > this.now ? 'scheduled' : 'pending');
      cols[0]![i] = t.name;
      cols[1]![i] = t.queue;
      cols[2]![i] = state;
      cols[3]![i] = payloadText(t.payload);
      cols[4]![i] = t.priority;
      cols[5]![i] = t.runAt;
      cols[6]![i] = t.maxAttempts;
      cols[7]![i] = policyText(t.backoff);
      cols[8]![i] = t.timeoutMs;
      cols[9]![i] = t.runId;
      cols[10]![i] = t.tags.length ? JSON.stringify(t.tags) : null;
    }
    const rows = await this.rows<{ id: string }>(SQL.taskInsertPlain, [...cols, this.now, this.channel]);
    if (rows.length !== n) throw new StoreError('plain insert returned a different number of rows', { expected: n, got: rows.length });
    return rows.map((r, i) => ({ task: newTaskRecord(r.id, tasks[i]!, states[i]!, 0, 0, this.now), created: true }));
  }

  private record(t: NewTask, ord: number, id: string | null, state: TaskState, depsPending: number, depsFailed: number) {
    return {
      ord, id, name: t.name, queue: t.queue, state, payload: t.payload, priority: t.priority, run_at: t.runAt,
      max_attempts: t.maxAttempts, backoff: t.backoff, timeout_ms: t.timeoutMs, parent_id: t.parentId, run_id: t.runId,
      key: t.key, tags: t.tags, deps_pending: depsPending, deps_failed: depsFailed, trigger_rule: t.triggerRule, dedup_key: t.dedupKey,
    };
  }

  private async existing(id: string | number): Promise<Row | undefined> {
    return (await this.one(SQL.liveById, [id])) ?? (await this.one(SQL.doneById, [id]));
  }

  private async insertOne(t: NewTask): Promise<TaskInsertResult> {
    if (t.dedupKey !== null) {
      // The lock makes a racing insert of the same key wait for this transaction, then see it.
      await this.q(SQL.keyLock, [LOCK.dedup, t.dedupKey]);
      const seen = await this.one<{ task_id: string }>(SQL.dedupGet, [t.dedupKey]);
      const existing = seen && (await this.existing(seen.task_id));
      if (existing) return { task: rowToTask(existing), created: false };
    }
    if (t.key !== null) {
      await this.q(SQL.keyLock, [LOCK.key, `${t.queue}\n${t.key}`]);
      const existing = await this.one(SQL.liveByKey, [t.queue, t.key]);
      if (existing) return { task: rowToTask(existing), created: false };
    }
    const deps = [...new Set(t.dependsOn)];
    let depsPending = 0;
    let depsFailed = 0;
    let failedDep: { id: string; state: string } | null = null;
    if (deps.length) {
      // Locking the live dependencies means one finishing concurrently either finished before
      // (and is found in history below) or will see this task's edge when it does.
      const live = await this.rows<{ id: string; state: string }>(SQL.depsLockLive, [deps]);
      const liveIds = new Set(live.map((r) => String(r.id)));
      if (live.length) await this.q(SQL.depsMarkLive, [[...liveIds]]);
      const rest = deps.filter((d) => !liveIds.has(d));
      const done = rest.length ? await this.rows<{ id: string; state: string }>(SQL.depsDone, [rest]) : [];
      const doneById = new Map(done.map((r) => [String(r.id), r.state]));
      for (const dep of deps) {
        if (liveIds.has(dep)) {
          depsPending++;
          continue;
        }
        const state = doneById.get(dep);
        if (state === undefined) throw new NotFoundError('dependency task', dep);
        if (state !== 'succeeded') {
          depsFailed++;
          failedDep ??= { id: dep, state };
        }
      }
    }
    if (t.parentId !== null) {
      const added = await this.one(SQL.parentChildAdd, [this.now, t.parentId]);
      if (!added && !(await this.one(SQL.doneById, [t.parentId]))) throw new NotFoundError('parent task', t.parentId);
    }
    const decision = deps.length ? decideTrigger(t.triggerRule, depsPending, depsFailed) : 'run';
    const state: TaskState = decision !== 'run' ? 'blocked' : t.runAt > this.now ? 'scheduled' : 'pending';
    const record = this.record(t, 0, null, state, depsPending, depsFailed);
    const [row] = await this.rows(SQL.taskInsertMany, [JSON.stringify([record]), this.now, deps.length ? JSON.stringify(t.dependsOn) : null]);
    if (!row) throw new StoreError('insert returned no row', { name: t.name });
    if (deps.length) await this.q(SQL.depInsertMany, [t.dependsOn, row.id]);
    if (t.dedupKey !== null) await this.q(SQL.dedupInsert, [t.dedupKey, row.id]);
    if (decision === 'skip') {
      const why = failedDep ? `dependency ${failedDep.id} ${failedDep.state}` : `no dependency failed (trigger rule ${t.triggerRule})`;
      const skipped = await this.finish(String(row.id), 'skipped', { message: why, kind: 'DEPENDENCY' });
      return { task: skipped, created: true };
    }
    if (state !== 'blocked') this.wake.add(t.queue);
    return { task: rowToTask(row), created: true };
  }

  // ---- claim ----

  /** `alone`: the claim is the whole of an implicit transaction (see SQL.claimAlone). */
  async claim(queues: string[], workerId: string, limit: number, leaseMs: number, alone = false): Promise<ClaimedTask[]> {
    if (limit <= 0 || queues.length === 0) return [];
    const rows = await this.rows(alone ? SQL.claimAlone : SQL.claim, [queues, this.now, limit, leaseMs, workerId]);
    return rows.map(rowToTask) as ClaimedTask[];
  }

  // ---- guarded updates by a lease holder ----

  private async guardFailures(ids: TaskId[]): Promise<Map<string, TaskOpResult>> {
    const rows = await this.rows<{ id: string; state: TaskState }>(SQL.stateOfMany, [ids]);
    const found = new Map(rows.map((r) => [String(r.id), r.state]));
    return new Map(
      ids.map((id): [string, TaskOpResult] => {
        const state = found.get(id);
        return [id, state === undefined ? { ok: false, reason: 'not_found', state: null } : { ok: false, reason: 'lease_lost', state }];
      }),
    );
  }

  private async guardFailure(id: TaskId): Promise<TaskOpResult> {
    return (await this.guardFailures([id])).get(id)!;
  }

  async completeAll(ops: TaskCompleteOp[]): Promise<TaskCompleteResult[]> {
    // The first operation on each task goes in the set statement; a repeat falls to the row path.
    const byTask: Record<string, { token: number; result: Json }> = {};
    for (const op of ops) byTask[String(op.id)] ??= { token: op.leaseToken, result: op.result ?? null };
    const moved = await this.rows<MovedRow>(SQL.completeMany, [Object.keys(byTask), JSON.stringify(byTask), this.now]);
    const byId = new Map(moved.map((r) => [String(r.id), r]));
    const out: TaskCompleteResult[] = [];
    const seen = new Set<string>();
    for (const op of ops) {
      const id = String(op.id);
      const row = byId.get(id);
      if (row && !seen.has(id)) {
        seen.add(id);
        out.push({ ok: true, task: movedToOutcome(row) });
        continue;
      }
      // Not moved: open subtasks (-> waiting), a lost lease, or the same task twice in one batch.
      const waiting = await this.one(SQL.completeToWaiting, [j(op.result ?? null), this.now, id, op.leaseToken]);
      if (waiting) {
        await this.event(id, 'waiting', waiting.attempt, waiting.worker_id, { childrenPending: waiting.children_pending });
        out.push({ ok: true, task: rowToTask(waiting) });
      } else out.push(await this.guardFailure(id));
    }
    // Dependents of every completion at once; then each one's parent.
    const withDependents = moved.filter((r) => r.has_dependents).map((r) => String(r.id));
    if (withDependents.length) await this.dependentsFinished(withDependents, 'succeeded');
    for (const row of moved) if (row.parent_id !== null) await this.afterFinish({ ...row, has_dependents: false }, 'succeeded');
    return out;
  }

  /**
   * A worker's usual batch, completions and one claim, as one statement. Completions it could
   * not take (dependents, a parent, a lost lease, open subtasks) come back as `undefined`: the
   * caller applies those in a transaction of their own.
   */
  async completeAndClaim(ops: TaskCompleteOp[], claim: TaskClaimOp): Promise<{ complete: Array<TaskCompleteResult | undefined>; claimed: ClaimedTask[] }> {
    const byTask: Record<string, { token: number; result: Json }> = {};
    for (const op of ops) byTask[String(op.id)] ??= { token: op.leaseToken, result: op.result ?? null };
    const rows = await this.rows<Row & { completed: string | null }>(SQL.completeAndClaim, [
      Object.keys(byTask), JSON.stringify(byTask), this.now, claim.queues, Math.max(0, claim.limit), claim.leaseMs, claim.workerId,
    ]);
    const tail = rows.pop();
    const moved = new Map<string, TaskOutcome>();
    for (const [id, name, queue, attempt, workerId, runId] of JSON.parse(tail?.completed ?? '[]') as [number, string, string, number, string | null, string | null][]) {
      moved.set(String(id), { id: String(id), name, queue, state: 'succeeded', attempt, workerId, parentId: null, runId, finishedAt: this.now });
    }
    const complete = ops.map((op): TaskCompleteResult | undefined => {
      const task = moved.get(String(op.id));
      if (!task) return undefined;
      moved.delete(String(op.id)); // the same task twice in one batch: the repeat is refused later
      return { ok: true, task };
    });
    return { complete, claimed: claim.queues.length === 0 ? [] : (rows.map(rowToTask) as ClaimedTask[]) };
  }

  async heartbeatAll(ops: TaskHeartbeatOp[]): Promise<TaskOpResult[]> {
    // Plain lease extensions in one statement; those carrying progress (rare) one by one, with their event.
    const updated = new Map<string, Row>();
    const plain: Record<string, { token: number; expires: number }> = {};
    for (const op of ops) if (op.progress === undefined) plain[String(op.id)] ??= { token: op.leaseToken, expires: this.now + op.leaseMs };
    if (Object.keys(plain).length) {
      for (const r of await this.rows(SQL.heartbeatMany, [Object.keys(plain), JSON.stringify(plain), this.now])) updated.set(String(r.id), r);
    }
    const results: Array<TaskOpResult | null> = [];
    for (const op of ops) {
      const id = String(op.id);
      if (op.progress !== undefined) {
        const row = await this.one(SQL.heartbeatProgressGuarded, [this.now + op.leaseMs, j(op.progress), this.now, id, op.leaseToken]);
        if (row) await this.event(id, 'progress', row.attempt, row.worker_id, op.progress);
        results.push(row ? { ok: true, task: rowToTask(row) } : null);
        continue;
      }
      const row = updated.get(id);
      results.push(row && Number(row.lease_token) === op.leaseToken ? { ok: true, task: rowToTask(row) } : null);
    }
    // Say why for the ones refused, in one read.
    const refused = ops.filter((_, i) => results[i] === null).map((op) => String(op.id));
    const failures = refused.length ? await this.guardFailures(refused) : new Map<string, TaskOpResult>();
    return results.map((r, i) => r ?? failures.get(String(ops[i]!.id))!);
  }

  async fail(id: TaskId, token: number, error: TaskError, retryAt: number | null, reason: 'failed' | 'timed_out'): Promise<TaskOpResult> {
    const row = await this.one(SQL.liveRunningGuarded, [id, token]);
    if (!row) return this.guardFailure(id);
    if (reason === 'timed_out') await this.event(id, 'timed_out', row.attempt, row.worker_id, { error });
    if (retryAt !== null) {
      const r = (await this.one(SQL.toRetrying, [j(error), retryAt, this.now, id]))!;
      await this.event(id, 'retry_scheduled', row.attempt, row.worker_id, { error, retryAt });
      this.wake.add(r.queue);
      return { ok: true, task: rowToTask(r) };
    }
    return { ok: true, task: await this.finish(id, 'failed', error) };
  }

  async skip(id: TaskId, token: number, reason: string): Promise<TaskOpResult> {
    const row = await this.one(SQL.liveRunningGuarded, [id, token]);
    if (!row) return this.guardFailure(id);
    return { ok: true, task: await this.finish(id, 'skipped', { message: reason, kind: 'RUN_CONDITION' }) };
  }

  async unclaim(id: TaskId, token: number): Promise<TaskOpResult> {
    const row = await this.one(SQL.unclaimGuarded, [this.now, id, token]);
    if (!row) return this.guardFailure(id);
    await this.event(id, 'unclaimed', row.attempt, null, null);
    this.wake.add(row.queue);
    return { ok: true, task: rowToTask(row) };
  }

  // ---- operator actions ----

  async cancel(id: TaskId, reason: string): Promise<TaskOpResult> {
    const live = await this.one(SQL.liveById, [id]);
    if (!live) {
      const done = await this.one(SQL.doneById, [id]);
      return done ? { ok: false, reason: 'wrong_state', state: done.state as TaskState } : { ok: false, reason: 'not_found', state: null };
    }
    // Mark it first so its children finishing below cannot complete it as a waiting parent;
    // then cancel the subtree it spawned, then move it to history.
    const error = { message: reason, kind: 'CANCELLED' };
    await this.q(SQL.markCancelled, [j(error), this.now, id]);
    for (const child of await this.rows<{ id: string }>(SQL.liveChildren, [id])) await this.cancel(String(child.id), `parent ${id} cancelled`);
    return { ok: true, task: await this.finish(id, 'cancelled', error) };
  }

  async retryByHand(id: TaskId): Promise<TaskOpResult> {
    const done = await this.one(SQL.doneById, [id]);
    if (!done) {
      const live = await this.one(SQL.liveById, [id]);
      return live ? { ok: false, reason: 'wrong_state', state: live.state as TaskState } : { ok: false, reason: 'not_found', state: null };
    }
    if (done.state === 'succeeded') return { ok: false, reason: 'wrong_state', state: 'succeeded' };
    if (done.key !== null) {
      await this.q(SQL.keyLock, [LOCK.key, `${done.queue}\n${done.key}`]);
      if (await this.one(SQL.liveByKey, [done.queue, done.key])) return { ok: false, reason: 'wrong_state', state: done.state as TaskState };
    }
    const row = await this.one(SQL.historyToLive, [id, this.now]);
    if (!row) return { ok: false, reason: 'wrong_state', state: done.state as TaskState };
    await this.event(id, 'retried', 0, null, { previousState: done.state });
    this.wake.add(row.queue);
    return { ok: true, task: rowToTask(row) };
  }

  async expireLeases(limit: number): Promise<Task[]> {
    const expired = await this.rows(SQL.leaseExpired, [this.now, limit]);
    const out: Task[] = [];
    for (const row of expired) {
      await this.event(String(row.id), 'lease_expired', row.attempt, row.worker_id, { workerId: row.worker_id, leaseExpiresAt: Number(row.lease_expires_at) });
      if (row.attempt < row.max_attempts) {
        const r = (await this.one(SQL.expireToPending, [this.now, row.id]))!;
        this.wake.add(r.queue);
        out.push(rowToTask(r));
      } else {
        const error: TaskError = {
          message: `lease expired on attempt ${row.attempt} of ${row.max_attempts} (worker ${row.worker_id} stopped heartbeating)`,
          kind: 'LEASE_EXPIRED',
        };
        out.push(await this.finish(String(row.id), 'failed', error));
      }
    }
    return out;
  }

  // ---- finishing and its consequences ----

  /** Moves a live task to history in a finished state, records the event and carries the consequences. */
  async finish(id: TaskId, state: FinalState, error: TaskError | null): Promise<Task> {
    const row = await this.one(SQL.finish, [id, state, j(error), this.now]);
    if (!row) throw new StoreError(`task ${id} vanished while finishing`, { id });
    const detail = state === 'succeeded' ? null : state === 'cancelled' ? { reason: error?.message } : { error };
    await this.event(id, state, row.attempt, row.worker_id, detail);
    await this.afterFinish(row, state, error);
    return rowToTask(row);
  }

  /** Dependents unblocked or skipped, a waiting parent finished. Nothing to do for most tasks. */
  private async afterFinish(row: Pick<Row, 'id' | 'name' | 'has_dependents' | 'parent_id'>, state: FinalState, error: TaskError | null = null): Promise<void> {
    const id = String(row.id);
    if (row.has_dependents) await this.dependentsFinished([id], state);
    if (row.parent_id !== null) {
      const parentId = String(row.parent_id);
      const parent = await this.one(SQL.parentChildDone, [this.now, parentId]);
      if (parent && parent.state === 'waiting') {
        if (failsParent(state, error)) {
          await this.finish(parentId, 'failed', { message: `subtask ${id} (${row.name}) ${state}`, kind: 'SUBTASK' });
        } else if (parent.children_pending === 0) {
          await this.finish(parentId, 'succeeded', null);
        }
      }
    }
  }

  /**
   * Tasks that finished in the same way: their dependents' counters move in one statement (a
   * dependent waiting on several of them moves once, by how many), then those now decided run
   * (one statement per target state) or are skipped.
   */
  private async dependentsFinished(ids: string[], cause: FinalState): Promise<void> {
    const edges = await this.rows<{ dep_id: string; task_id: string }>(SQL.dependentsOf, [ids]);
    if (edges.length === 0) return;
    const finishedFor = new Map<string, { n: number; last: string }>();
    for (const e of edges) {
      const depId = String(e.dep_id);
      const f = finishedFor.get(String(e.task_id));
      if (!f) finishedFor.set(String(e.task_id), { n: 1, last: depId });
      else {
        f.n++;
        if (BigInt(depId) > BigInt(f.last)) f.last = depId;
      }
    }
    const targets = [...finishedFor.keys()];
    const counts = targets.map((t) => finishedFor.get(t)!.n);
    const failed = counts.map((n) => (cause === 'succeeded' ? 0 : n));
    const moved = await this.rows<Row>(SQL.depsFinished, [targets, counts, failed, this.now]);
    const toPending: string[] = [];
    const toScheduled: string[] = [];
    const events: Array<{ task_id: string; type: string; attempt: number; worker_id: null; detail: unknown }> = [];
    const skips: Array<{ id: string; why: string }> = [];
    for (const d of moved.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))) {
      if (d.state !== 'blocked') continue;
      const dId = String(d.id);
      const last = finishedFor.get(dId)!.last;
      const decision = decideTrigger(d.trigger_rule as TriggerRule, d.deps_pending, d.deps_failed);
      if (decision === 'run') {
        const next = Number(d.run_at) > this.now ? 'scheduled' : 'pending';
        (next === 'pending' ? toPending : toScheduled).push(dId);
        events.push({ task_id: dId, type: 'unblocked', attempt: 0, worker_id: null, detail: { state: next, lastDependency: last } });
        this.wake.add(d.queue);
      } else if (decision === 'skip') {
        skips.push({ id: dId, why: cause === 'succeeded' ? `no dependency failed (trigger rule ${d.trigger_rule})` : `dependency ${last} ${cause}` });
      }
    }
    if (toPending.length) await this.q(SQL.unblockMany, ['pending', this.now, toPending]);
    if (toScheduled.length) await this.q(SQL.unblockMany, ['scheduled', this.now, toScheduled]);
    if (events.length) await this.q(SQL.eventInsertMany, [JSON.stringify(events), this.now]);
    for (const k of skips) await this.finish(k.id, 'skipped', { message: k.why, kind: 'DEPENDENCY' });
  }
}

export type { Json };
