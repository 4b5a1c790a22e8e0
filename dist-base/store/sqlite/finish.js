/**
 * A task finishing, and what follows from it (SQLite): it moves to history, its event is written,
 * its dependents' counters move and the ones now decided are unblocked or skipped, and a parent
 * waiting on it may finish. Every decision is model/decisions.ts's; the same functions, step for
 * step, are in postgres/finish.ts.
 */
import { eventDetail, failedCount, parentAfterSubtask, planDependents, tallyFinishedDependencies, } from '../../model/decisions.js';
import { StoreError } from '../../model/errors.js';
import { keepsSucceeded } from '../../model/history.js';
import { dependentCounters, rowToTask } from '../rows.js';
import { CHUNK, j } from './tx.js';
/** Moves a live task to history in a finished state, records the event and carries the consequences. */
export function finish(tx, id, state, error) {
    const { s, now } = tx;
    const row = s.markFinished.get(state, state, j(error), now, now, id);
    if (!row)
        throw new StoreError(`task ${id} vanished while finishing`, { id });
    s.liveToHistory.run(id);
    s.liveDelete.run(id);
    if (state !== 'succeeded' || keptSucceeded(tx, [row]).length)
        s.historyCount.run(row.queue, state, 1);
    // compact/none: a failure, cancel or skip is a row; its attempt's claim goes before it.
    if (state !== 'succeeded')
        tx.recordClaim(row);
    if (state !== 'succeeded' || tx.routine)
        tx.event(Number(row.id), state, row.attempt, row.worker_id, eventDetail.finished(state, error));
    afterFinish(tx, row, state, error);
    return rowToTask(row);
}
/**
 * What a finished task does to others: its dependents (SQLite keeps no has-dependents flag; the
 * look-up is one index probe) and a parent waiting on it.
 */
export function afterFinish(tx, row, state, error) {
    dependentsFinished(tx, [Number(row.id)], state);
    if (row.parent_id !== null)
        subtaskFinished(tx, String(row.parent_id), { id: String(row.id), name: row.name, state, error });
}
/**
 * Tasks that finished the same way (`cause`): their dependents' counters move (a dependent
 * waiting on several of them moves once, by how many), then those now decided are unblocked,
 * one statement per target state, or skipped.
 */
export function dependentsFinished(tx, ids, cause) {
    const { s, now } = tx;
    let moved;
    let lastOf;
    if (ids.length === 1) {
        // Every dependent of one task in one statement (a fan-out of thousands is one B-tree walk).
        const rows = s.depFinishedAll.all(failedCount(cause, 1), now, ids[0]);
        if (rows.length === 0)
            return;
        moved = rows.map(dependentCounters);
        lastOf = () => ids[0];
    }
    else {
        const edges = [];
        for (let i = 0; i < ids.length; i += CHUNK) {
            const part = ids.slice(i, i + CHUNK);
            for (const e of tx.sized.get('dependents', part.length).all(...part))
                edges.push({ depId: e.dep_id, taskId: e.task_id });
        }
        if (edges.length === 0)
            return;
        const tally = tallyFinishedDependencies(edges, cause);
        moved = [];
        for (const [taskId, m] of tally) {
            const row = s.depFinished.get(m.finished, m.failed, now, taskId);
            if (row)
                moved.push(dependentCounters(row));
        }
        lastOf = (dependent) => tally.get(dependent).last;
    }
    const plan = planDependents(moved, cause, lastOf, now);
    if (plan.toPending.length)
        s.unblockMany.run('pending', now, JSON.stringify(plan.toPending));
    if (plan.toScheduled.length)
        s.unblockMany.run('scheduled', now, JSON.stringify(plan.toScheduled));
    for (const u of plan.unblocked)
        tx.event(u.id, 'unblocked', 0, null, u.detail);
    for (const k of plan.skipped)
        finish(tx, k.id, 'skipped', k.error);
}
/** A subtask finished: its parent's count of open subtasks goes down, and a waiting parent may finish. */
export function subtaskFinished(tx, parentId, subtask) {
    const parent = tx.s.parentChildDone.get(tx.now, parentId);
    const next = parentAfterSubtask(parent && { state: parent.state, childrenPending: parent.children_pending }, subtask);
    if (next)
        finish(tx, parentId, next.state, next.error);
}
/**
 * history `none`: of tasks that just moved to history as succeeded, the ones kept
 * (model/history.ts keepsSucceeded); the others leave history at once with their events and logs.
 */
export function keptSucceeded(tx, rows) {
    if (tx.history !== 'none')
        return rows;
    const { s } = tx;
    return rows.filter((r) => {
        const throttling = s.throttling.get(r.id, tx.now) !== undefined;
        if (keepsSucceeded(tx.history, { hasDependents: s.hasDependents.get(r.id) !== undefined, parentId: r.parent_id, runId: r.run_id, dedupKey: r.dedup_key, throttling }))
            return true;
        s.doneDelete.run(r.id);
        s.eventsDelete.run(r.id);
        tx.dropEvents(r.id);
        s.logsDelete.run(r.id);
        s.depsDelete.run(r.id, r.id);
        return false;
    });
}
//# sourceMappingURL=finish.js.map