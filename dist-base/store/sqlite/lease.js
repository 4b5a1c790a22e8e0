/**
 * The operations under a lease (SQLite): claiming, and what the lease holder reports (complete,
 * heartbeat, fail, skip, unclaim), and the reaper's expiry of leases whose holder went quiet.
 * Each report is a guarded update naming the lease token; one whose guard fails changes nothing.
 * The same functions as postgres/lease.ts.
 */
import { afterLeaseExpired, completedState, eventDetail, runConditionError } from '../../model/decisions.js';
import { claimedRowToTask, rowToTask } from '../rows.js';
import { dependentsFinished, finish, keptSucceeded, subtaskFinished } from './finish.js';
import { flowActive, flowClaim } from './flow.js';
import { byLevel } from './levels.js';
import { CHUNK, countHistory, j } from './tx.js';
function movedToOutcome(r) {
    return {
        id: String(r.id), name: r.name, queue: r.queue, state: 'succeeded', attempt: r.attempt,
        workerId: r.worker_id, parentId: r.parent_id === null ? null : String(r.parent_id), runId: r.run_id, finishedAt: r.finished_at,
    };
}
export function claim(tx, op) {
    const { s, now } = tx;
    const { workerId, limit, leaseMs } = op;
    const queues = op.queues.filter((q) => s.queuePaused.get(q)?.paused !== 1);
    if (limit <= 0 || queues.length === 0)
        return [];
    // Limits or name/run pauses exist: the flow-aware claim (flow.ts); else the plain one below.
    if (flowActive(tx.flow))
        return flowClaim(tx, tx.flow, op, queues);
    const tasks = [];
    // Each statement reads one priority level of one queue, an index range scan (sql-rules.ts);
    // with several queues the candidates are merged in claim order and trimmed to the limit.
    if (queues.length === 1) {
        byLevel(s, queues[0], limit, (prio, room) => {
            const rows = s.claim.all(now, leaseMs, workerId, now, now, queues[0], prio, now, room);
            for (const a of rows)
                tasks.push(claimedRowToTask(a, workerId, now, leaseMs));
            return rows.length;
        });
    }
    else {
        const candidates = [];
        for (const q of queues) {
            byLevel(s, q, limit, (prio, room) => {
                const rows = s.claimCandidates.all(q, prio, now, room);
                for (const c of rows)
                    candidates.push(c);
                return rows.length;
            });
        }
        candidates.sort((a, b) => b.priority - a.priority || Number(a.run_at) - Number(b.run_at) || Number(a.id) - Number(b.id));
        for (const c of candidates.slice(0, limit)) {
            const a = s.claimOne.get(now, leaseMs, workerId, now, now, c.id);
            if (a)
                tasks.push(claimedRowToTask(a, workerId, now, leaseMs));
        }
    }
    tasks.sort((a, b) => b.priority - a.priority || a.runAt - b.runAt || Number(a.id) - Number(b.id));
    if (tx.routine)
        for (const t of tasks)
            tx.event(t.id, 'claimed', t.attempt, workerId, null);
    return tasks;
}
/**
 * Completions: the first one of each task goes in the set move (running under its lease with no
 * open subtask -> history as succeeded, CHUNK per statement); the rest one by one (completeOne).
 * Then the consequences of every success at once: dependents, then each one's parent.
 */
export function completeAll(tx, ops) {
    const { s, now } = tx;
    const out = new Array(ops.length);
    const firstOf = new Map();
    ops.forEach((op, k) => {
        if (!firstOf.has(String(op.id)))
            firstOf.set(String(op.id), k);
    });
    const firsts = [...firstOf.values()];
    const moved = [];
    for (let i = 0; i < firsts.length; i += CHUNK) {
        const part = firsts.slice(i, i + CHUNK);
        const params = [];
        for (const k of part)
            params.push(Number(ops[k].id), ops[k].leaseToken, j(ops[k].result));
        const rows = tx.sized.get('succeed', part.length).all(...params, { now });
        if (rows.length === 0)
            continue;
        tx.sized.get('delete', rows.length).run(...rows.map((r) => r.id));
        countHistory(s, keptSucceeded(tx, rows), 1);
        for (const r of rows) {
            if (tx.routine)
                tx.event(r.id, 'succeeded', r.attempt, r.worker_id, eventDetail.finished('succeeded', null));
            out[firstOf.get(String(r.id))] = { ok: true, task: movedToOutcome(r) };
            moved.push(r);
        }
    }
    ops.forEach((op, k) => {
        if (out[k] === undefined)
            out[k] = completeOne(tx, op);
    });
    if (moved.length)
        dependentsFinished(tx, moved.map((r) => r.id), 'succeeded');
    for (const r of moved) {
        if (r.parent_id !== null)
            subtaskFinished(tx, String(r.parent_id), { id: String(r.id), name: r.name, state: 'succeeded', error: null });
    }
    return out;
}
/** A completion the set move did not take: open subtasks (-> waiting), a lost lease, or a repeat. */
export function completeOne(tx, op) {
    const row = tx.s.completeGuarded.get(j(op.result), tx.now, op.id, op.leaseToken);
    if (!row)
        return tx.guardFailure(op.id);
    if (completedState({ childrenPending: row.children_pending }) === 'waiting') {
        tx.recordClaim(row);
        tx.event(op.id, 'waiting', row.attempt, row.worker_id, eventDetail.waiting(row.children_pending));
        return { ok: true, task: rowToTask(row) };
    }
    return { ok: true, task: finish(tx, op.id, 'succeeded', null) };
}
/** Lease extensions, with progress recorded where a heartbeat carries some. */
export function heartbeatAll(tx, ops) {
    return ops.map((op) => heartbeat(tx, op));
}
function heartbeat(tx, op) {
    const { s, now } = tx;
    const row = (op.progress === undefined
        ? s.heartbeatGuarded.get(now + op.leaseMs, now, op.id, op.leaseToken)
        : s.heartbeatProgressGuarded.get(now + op.leaseMs, j(op.progress), now, op.id, op.leaseToken));
    if (!row)
        return tx.guardFailure(op.id);
    if (op.progress !== undefined)
        tx.recordClaim(row);
    if (op.progress !== undefined)
        tx.event(op.id, 'progress', row.attempt, row.worker_id, op.progress);
    return { ok: true, task: rowToTask(row) };
}
/** A failed attempt: retrying at the time the engine chose (retry-policy.ts), or failed for good. */
export function fail(tx, op) {
    const row = tx.s.liveRunningGuarded.get(op.id, op.leaseToken);
    if (!row)
        return tx.guardFailure(op.id);
    if (op.reason === 'timed_out' || op.retryAt !== null)
        tx.recordClaim(row);
    if (op.reason === 'timed_out')
        tx.event(op.id, 'timed_out', row.attempt, row.worker_id, eventDetail.timedOut(op.error));
    if (op.retryAt !== null) {
        const r = tx.s.toRetrying.get(j(op.error), op.retryAt, tx.now, op.id);
        tx.event(op.id, 'retry_scheduled', row.attempt, row.worker_id, eventDetail.retryScheduled(op.error, op.retryAt));
        return { ok: true, task: rowToTask(r) };
    }
    return { ok: true, task: finish(tx, op.id, 'failed', op.error) };
}
/** The lease holder finishes its task as skipped: its run condition said there is nothing to do. */
export function skip(tx, op) {
    const row = tx.s.liveRunningGuarded.get(op.id, op.leaseToken);
    if (!row)
        return tx.guardFailure(op.id);
    return { ok: true, task: finish(tx, op.id, 'skipped', runConditionError(op.reason)) };
}
/** Gives the task back without using an attempt. */
export function unclaim(tx, op) {
    if (!tx.routine) {
        // The row is about to stop showing this attempt.
        const before = tx.s.liveRunningGuarded.get(op.id, op.leaseToken);
        if (before)
            tx.recordClaim(before);
    }
    const row = tx.s.unclaimGuarded.get(tx.now, tx.now, op.id, op.leaseToken);
    if (!row)
        return tx.guardFailure(op.id);
    tx.event(op.id, 'unclaimed', row.attempt, null, null);
    return { ok: true, task: rowToTask(row) };
}
/** Tasks whose holder stopped heartbeating: pending again while attempts remain, else failed. */
export function expireLeases(tx, op) {
    const { s, now } = tx;
    const out = [];
    for (const row of s.leaseExpired.all(now, op.limit)) {
        const id = row.id;
        tx.recordClaim(row);
        tx.event(id, 'lease_expired', row.attempt, row.worker_id, eventDetail.leaseExpired(row.worker_id, row.lease_expires_at === null ? null : Number(row.lease_expires_at)));
        const next = afterLeaseExpired({ attempt: row.attempt, maxAttempts: row.max_attempts, workerId: row.worker_id });
        if (next.state === 'pending')
            out.push(rowToTask(s.expireToPending.get(now, now, id)));
        else
            out.push(finish(tx, id, 'failed', next.error));
    }
    return out;
}
//# sourceMappingURL=lease.js.map