/**
 * An operator's actions (SQLite): cancel a task with its live subtree, retry a finished one by
 * hand. The same functions as postgres/operator.ts.
 */
import { cancelledError, eventDetail, subtreeCancelReason } from '../../model/decisions.js';
import { canStart } from '../../model/state.js';
import { rowToTask } from '../rows.js';
import { finish } from './finish.js';
import { j } from './tx.js';
export function cancel(tx, op) {
    const { s, now } = tx;
    const live = s.liveById.get(op.id);
    if (!live || !canStart('cancel', live.state)) {
        const state = tx.stateOf(op.id);
        return state === null ? { ok: false, reason: 'not_found', state: null } : { ok: false, reason: 'wrong_state', state };
    }
    // Marked first, so its subtasks finishing below cannot complete it as a waiting parent; then
    // its live subtree is cancelled, then it moves to history.
    const error = cancelledError(op.reason ?? 'cancelled');
    s.markCancelled.run(j(error), now, op.id);
    for (const child of s.liveChildren.all(op.id))
        cancel(tx, { id: String(child.id), reason: subtreeCancelReason(op.id) });
    return { ok: true, task: finish(tx, op.id, 'cancelled', error) };
}
/** Runs a failed, cancelled or skipped task again, with a fresh set of attempts (not while a live task holds its key). */
export function retryByHand(tx, op) {
    const { s, now } = tx;
    const done = s.doneById.get(op.id);
    if (!done) {
        const live = s.liveState.get(op.id);
        return live ? { ok: false, reason: 'wrong_state', state: live.state } : { ok: false, reason: 'not_found', state: null };
    }
    const state = done.state;
    if (!canStart('retryByHand', state))
        return { ok: false, reason: 'wrong_state', state };
    if (done.key !== null && s.liveByKey.get(done.queue, done.key))
        return { ok: false, reason: 'wrong_state', state };
    s.historyToLive.run(op.id);
    s.doneDelete.run(op.id);
    s.historyCount.run(done.queue, state, -1);
    const row = s.resetForRetry.get(now, now, op.id);
    tx.event(op.id, 'retried', 0, null, eventDetail.retried(state));
    return { ok: true, task: rowToTask(row) };
}
//# sourceMappingURL=operator.js.map