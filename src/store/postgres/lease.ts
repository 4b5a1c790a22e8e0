/**
 * The operations under a lease (PostgreSQL): claiming, and what the lease holder reports
 * (complete, heartbeat, fail, skip, unclaim), and the reaper's expiry of leases whose holder went
 * quiet. Each report is a guarded update naming the lease token; one whose guard fails changes
 * nothing. The same functions as sqlite/lease.ts, plus completeAndClaim: a worker's usual batch
 * as one statement.
 */
import { afterLeaseExpired, completedState, eventDetail, runConditionError } from '../../model/decisions.js';
import type { TaskState } from '../../model/state.js';
import type { ClaimedTask, Json, Task } from '../../model/task.js';
import { rowToTask } from '../rows.js';
import { claimedTasks, PG_CLAIMED_COLUMNS } from './claimed.js';
import type {
  TaskClaimOp,
  TaskCompleteOp,
  TaskCompleteResult,
  TaskExpireLeasesOp,
  TaskFailOp,
  TaskHeartbeatOp,
  TaskOpResult,
  TaskOutcome,
  TaskSkipOp,
  TaskUnclaimOp,
} from '../store.js';
import { dependentsFinished, finish, subtaskFinished } from './finish.js';
import { flowClaim } from './flow.js';
import { SQL } from './statements.js';
import { j, type PgTx, type Row } from './tx.js';

/** What the set completion returns per task. */
type MovedRow = Pick<Row, 'id' | 'name' | 'queue' | 'state' | 'attempt' | 'worker_id' | 'parent_id' | 'run_id' | 'finished_at' | 'has_dependents'>;

function movedToOutcome(r: MovedRow): TaskOutcome {
  return {
    id: String(r.id), name: r.name, queue: r.queue, state: r.state as TaskState, attempt: r.attempt, workerId: r.worker_id,
    parentId: r.parent_id === null ? null : String(r.parent_id), runId: r.run_id, finishedAt: r.finished_at === null ? null : Number(r.finished_at),
  };
}

/** The first operation on each task, as the set statements take them: id -> {token, result}. */
function firstPerTask(ops: TaskCompleteOp[]): Record<string, { token: number; result: Json }> {
  const byTask: Record<string, { token: number; result: Json }> = {};
  for (const op of ops) byTask[String(op.id)] ??= { token: op.leaseToken, result: op.result ?? null };
  return byTask;
}

/** In a transaction: the plain claim, or the flow-aware one when a flow rule exists. */
export async function claim(tx: PgTx, op: TaskClaimOp): Promise<ClaimedTask[]> {
  const r = await plainClaim(tx, op, false);
  // The plain statement claims nothing while a flow rule exists: the flow-aware claim follows
  // (flow.ts; its lock is taken only then).
  if (r.flowOn) return (await flowClaim(tx, tx.now, op, tx.routine)) ?? [];
  return r.claimed;
}

/**
 * The plain claim statement, and whether it took nothing because a flow rule (or a name/run
 * pause) exists: then the flow-aware claim must follow. `alone`: the claim is the whole of an
 * implicit transaction (see SQL.claimAlone), and the driver follows.
 */
export async function plainClaim(tx: PgTx, op: TaskClaimOp, alone: boolean): Promise<{ claimed: ClaimedTask[]; flowOn: boolean }> {
  if (op.limit <= 0 || op.queues.length === 0) return { claimed: [], flowOn: false };
  const rows = await tx.arrays(alone ? tx.hot.claimAlone : tx.hot.claim, [op.queues, tx.now, op.limit, op.leaseMs, op.workerId]);
  const first = rows[0];
  if (first === undefined || first[0] === null) return { claimed: [], flowOn: first?.[PG_CLAIMED_COLUMNS.length] === true };
  return { claimed: claimedTasks(rows, op, tx.now, tx.consequential), flowOn: false };
}

/**
 * Completions: the first one of each task goes in the set move (running under its lease with no
 * open subtask -> history as succeeded, one statement); the rest one by one (completeOne). Then
 * the consequences of every success at once: dependents, then each one's parent.
 */
export async function completeAll(tx: PgTx, ops: TaskCompleteOp[]): Promise<TaskCompleteResult[]> {
  const byTask = firstPerTask(ops);
  const moved = await tx.rows<MovedRow>(tx.hot.completeMany, [Object.keys(byTask), JSON.stringify(byTask), tx.now]);
  const byId = new Map(moved.map((r) => [String(r.id), r]));
  const out: TaskCompleteResult[] = [];
  for (const op of ops) {
    const row = byId.get(String(op.id));
    if (row) {
      byId.delete(String(op.id)); // a repeat of the same task in this batch falls to completeOne
      out.push({ ok: true, task: movedToOutcome(row) });
    } else out.push(await completeOne(tx, op));
  }
  const withDependents = moved.filter((r) => r.has_dependents).map((r) => String(r.id));
  if (withDependents.length) await dependentsFinished(tx, withDependents, 'succeeded');
  // Parents in id order (stable: a parent's subtasks keep theirs): two transactions finishing
  // subtasks of the same parents lock them in the same order, so they queue instead of deadlocking.
  const withParent = moved.filter((r) => r.parent_id !== null).sort((a, b) => Number(a.parent_id) - Number(b.parent_id));
  for (const r of withParent) await subtaskFinished(tx, String(r.parent_id), { id: String(r.id), name: r.name, state: 'succeeded', error: null });
  return out;
}

/** A completion the set move did not take: open subtasks (-> waiting), a lost lease, or a repeat. */
export async function completeOne(tx: PgTx, op: TaskCompleteOp): Promise<TaskCompleteResult> {
  const row = await tx.one(SQL.completeGuarded, [j(op.result ?? null), tx.now, op.id, op.leaseToken]);
  if (!row) return tx.guardFailure(op.id);
  if (completedState({ childrenPending: row.children_pending }) === 'waiting') {
    await tx.recordClaim(row);
    await tx.event(op.id, 'waiting', row.attempt, row.worker_id, eventDetail.waiting(row.children_pending));
    return { ok: true, task: rowToTask(row) };
  }
  return { ok: true, task: await finish(tx, String(op.id), 'succeeded', null) };
}

/**
 * A worker's usual batch, completions and one claim, as one statement. Completions it could
 * not take (dependents, a parent, a lost lease, open subtasks) come back as `undefined`: the
 * caller applies those in a transaction of their own (completeAll).
 */
export async function completeAndClaim(
  tx: PgTx,
  ops: TaskCompleteOp[],
  op: TaskClaimOp,
): Promise<{ complete: Array<TaskCompleteResult | undefined>; claimed: ClaimedTask[]; flowOn: boolean }> {
  const byTask = firstPerTask(ops);
  const ids = Object.keys(byTask);
  const rows = await tx.arrays(tx.hot.completeAndClaim, [
    ids, JSON.stringify(byTask), tx.now, op.queues, Math.max(0, op.limit), op.leaseMs, op.workerId,
  ]);
  // The last row: what was completed, and (when nothing was claimed) whether a flow rule is why.
  const summary = rows.pop();
  const completed = summary?.[PG_CLAIMED_COLUMNS.length] as string | null | undefined;
  const moved = new Map<string, TaskOutcome>();
  for (const [id, name, queue, attempt, workerId, runId] of JSON.parse(completed ?? '[]') as [number, string, string, number, string | null, string | null][]) {
    moved.set(String(id), { id: String(id), name, queue, state: 'succeeded', attempt, workerId, parentId: null, runId, finishedAt: tx.now });
  }
  // The same task twice in one batch: the repeat is refused later. Only then are outcomes taken
  // out of the map as they are handed over (a delete per task shrank and rehashed it over and over).
  const repeats = ops.length !== ids.length;
  const complete = ops.map((c): TaskCompleteResult | undefined => {
    const task = moved.get(String(c.id));
    if (!task) return undefined;
    if (repeats) moved.delete(String(c.id));
    return { ok: true, task };
  });
  const claimed = op.queues.length === 0 ? [] : claimedTasks(rows, op, tx.now, tx.consequential);
  return { complete, claimed, flowOn: summary?.[PG_CLAIMED_COLUMNS.length + 1] === true };
}

/** Plain lease extensions in one statement; those carrying progress (rare) one by one, with their event. */
export async function heartbeatAll(tx: PgTx, ops: TaskHeartbeatOp[]): Promise<TaskOpResult[]> {
  const updated = new Map<string, Row>();
  const plain: Record<string, { token: number; expires: number }> = {};
  for (const op of ops) if (op.progress === undefined) plain[String(op.id)] ??= { token: op.leaseToken, expires: tx.now + op.leaseMs };
  if (Object.keys(plain).length) {
    for (const r of await tx.rows(SQL.heartbeatMany, [Object.keys(plain), JSON.stringify(plain), tx.now])) updated.set(String(r.id), r);
  }
  const results: Array<TaskOpResult | null> = [];
  for (const op of ops) {
    const id = String(op.id);
    if (op.progress !== undefined) {
      const row = await tx.one(SQL.heartbeatProgressGuarded, [tx.now + op.leaseMs, j(op.progress), tx.now, id, op.leaseToken]);
      if (row) await tx.recordClaim(row);
      if (row) await tx.event(id, 'progress', row.attempt, row.worker_id, op.progress);
      results.push(row ? { ok: true, task: rowToTask(row) } : null);
      continue;
    }
    const row = updated.get(id);
    results.push(row && Number(row.lease_token) === op.leaseToken ? { ok: true, task: rowToTask(row) } : null);
  }
  // Say why for the ones refused, in one read.
  const refused = ops.filter((_, i) => results[i] === null).map((op) => String(op.id));
  const failures = refused.length ? await tx.guardFailures(refused) : new Map<string, TaskOpResult>();
  return results.map((r, i) => r ?? failures.get(String(ops[i]!.id))!);
}

/** A failed attempt: retrying at the time the engine chose (retry-policy.ts), or failed for good. */
export async function fail(tx: PgTx, op: TaskFailOp): Promise<TaskOpResult> {
  const row = await tx.one(SQL.liveRunningGuarded, [op.id, op.leaseToken]);
  if (!row) return tx.guardFailure(op.id);
  if (op.reason === 'timed_out' || op.retryAt !== null) await tx.recordClaim(row);
  if (op.reason === 'timed_out') await tx.event(op.id, 'timed_out', row.attempt, row.worker_id, eventDetail.timedOut(op.error));
  if (op.retryAt !== null) {
    const r = (await tx.one(SQL.toRetrying, [j(op.error), op.retryAt, tx.now, op.id]))!;
    await tx.event(op.id, 'retry_scheduled', row.attempt, row.worker_id, eventDetail.retryScheduled(op.error, op.retryAt));
    tx.wake.add(r.queue);
    return { ok: true, task: rowToTask(r) };
  }
  return { ok: true, task: await finish(tx, op.id, 'failed', op.error) };
}

/** The lease holder finishes its task as skipped: its run condition said there is nothing to do. */
export async function skip(tx: PgTx, op: TaskSkipOp): Promise<TaskOpResult> {
  const row = await tx.one(SQL.liveRunningGuarded, [op.id, op.leaseToken]);
  if (!row) return tx.guardFailure(op.id);
  return { ok: true, task: await finish(tx, op.id, 'skipped', runConditionError(op.reason)) };
}

/** Gives the task back without using an attempt. */
export async function unclaim(tx: PgTx, op: TaskUnclaimOp): Promise<TaskOpResult> {
  if (!tx.routine) {
    // The row is about to stop showing this attempt.
    const before = await tx.one(SQL.liveRunningGuarded, [op.id, op.leaseToken]);
    if (before) await tx.recordClaim(before);
  }
  const row = await tx.one(SQL.unclaimGuarded, [tx.now, op.id, op.leaseToken]);
  if (!row) return tx.guardFailure(op.id);
  await tx.event(op.id, 'unclaimed', row.attempt, null, null);
  tx.wake.add(row.queue);
  return { ok: true, task: rowToTask(row) };
}

/** Tasks whose holder stopped heartbeating: pending again while attempts remain, else failed. */
export async function expireLeases(tx: PgTx, op: TaskExpireLeasesOp): Promise<Task[]> {
  const out: Task[] = [];
  for (const row of await tx.rows(SQL.leaseExpired, [tx.now, op.limit])) {
    const id = String(row.id);
    await tx.recordClaim(row);
    await tx.event(id, 'lease_expired', row.attempt, row.worker_id, eventDetail.leaseExpired(row.worker_id, row.lease_expires_at === null ? null : Number(row.lease_expires_at)));
    const next = afterLeaseExpired({ attempt: row.attempt, maxAttempts: row.max_attempts, workerId: row.worker_id });
    if (next.state === 'pending') {
      const r = (await tx.one(SQL.expireToPending, [tx.now, id]))!;
      tx.wake.add(r.queue);
      out.push(rowToTask(r));
    } else out.push(await finish(tx, id, 'failed', next.error));
  }
  return out;
}
