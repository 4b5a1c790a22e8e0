/**
 * An operator's actions (PostgreSQL): cancel a task with its live subtree, retry a finished one
 * by hand. The same functions as sqlite/operator.ts.
 */
import { cancelledError, eventDetail, subtreeCancelReason } from '../../model/decisions.js';
import { canStart, type TaskState } from '../../model/state.js';
import { rowToTask } from '../rows.js';
import type { TaskCancelOp, TaskOpResult, TaskRetryOp } from '../store.js';
import { finish } from './finish.js';
import { LOCK, SQL } from './statements.js';
import { j, type PgTx } from './tx.js';

export async function cancel(tx: PgTx, op: TaskCancelOp): Promise<TaskOpResult> {
  const live = await tx.one(SQL.liveById, [op.id]);
  if (!live || !canStart('cancel', live.state as TaskState)) {
    const state = await tx.stateOf(op.id);
    return state === null ? { ok: false, reason: 'not_found', state: null } : { ok: false, reason: 'wrong_state', state };
  }
  // Marked first, so its subtasks finishing below cannot complete it as a waiting parent; then
  // its live subtree is cancelled, then it moves to history.
  const error = cancelledError(op.reason ?? 'cancelled');
  await tx.q(SQL.markCancelled, [j(error), tx.now, op.id]);
  for (const child of await tx.rows<{ id: string }>(SQL.liveChildren, [op.id])) await cancel(tx, { id: String(child.id), reason: subtreeCancelReason(op.id) });
  return { ok: true, task: await finish(tx, op.id, 'cancelled', error) };
}

/** Runs a failed, cancelled or skipped task again, with a fresh set of attempts (not while a live task holds its key). */
export async function retryByHand(tx: PgTx, op: TaskRetryOp): Promise<TaskOpResult> {
  const done = await tx.doneById(op.id);
  if (!done) {
    const live = await tx.one(SQL.liveById, [op.id]);
    return live ? { ok: false, reason: 'wrong_state', state: live.state as TaskState } : { ok: false, reason: 'not_found', state: null };
  }
  const state = done.state as TaskState;
  if (!canStart('retryByHand', state)) return { ok: false, reason: 'wrong_state', state };
  if (done.key !== null) {
    await tx.q(SQL.keyLock, [LOCK.key, `${done.queue}\n${done.key}`]);
    if (await tx.one(SQL.liveByKey, [done.queue, done.key])) return { ok: false, reason: 'wrong_state', state };
  }
  const row = await tx.one(SQL.historyToLive, [op.id, tx.now]);
  if (!row) return { ok: false, reason: 'wrong_state', state };
  await tx.event(op.id, 'retried', 0, null, eventDetail.retried(state));
  tx.wake.add(row.queue);
  return { ok: true, task: rowToTask(row) };
}
