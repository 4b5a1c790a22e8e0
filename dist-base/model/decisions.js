/**
 * What a state change implies, decided once for every store driver. A driver reads the rows a
 * decision needs, asks the functions here what follows, and carries that out in its own SQL
 * (set-based where it pays); it decides nothing itself. Every function is pure and tested on its
 * own (decisions.test.ts); the legal transitions themselves are the table in state.ts.
 *
 * Where to look:
 *   a task is created .............. createdState, eventDetail.created
 *   a worker completes .............. completedState (succeeded, or waiting for subtasks)
 *   a worker fails .................. retry or not is the engine's (engine/retry-policy.ts);
 *                                     eventDetail.timedOut, eventDetail.retryScheduled
 *   a worker skips .................. runConditionError
 *   a lease expires ................. afterLeaseExpired, eventDetail.leaseExpired
 *   any task finishes ............... eventDetail.finished; then its dependents:
 *                                     tallyFinishedDependencies, planDependents;
 *                                     and its waiting parent: parentAfterSubtask (failsParent)
 *   a task is cancelled ............. cancelledError; its live subtree: subtreeCancelReason
 *   retry by hand ................... canStart('retryByHand', state), eventDetail.retried
 */
import { canStart } from './state.js';
import { decideTrigger } from './trigger.js';
// ---- the errors the store writes, by kind ----
/** The `kind` of every error the store itself writes into a task (handlers' errors carry their own). */
export const ERROR_KIND = {
    /** Skipped: a dependency did not succeed (or, under any_failed, none failed). */
    DEPENDENCY: 'DEPENDENCY',
    /** Skipped by its lease holder: a run condition said there is nothing to do. */
    RUN_CONDITION: 'RUN_CONDITION',
    /** Cancelled by request, or because its parent was. */
    CANCELLED: 'CANCELLED',
    /** A waiting parent failed because one of its subtasks did. */
    SUBTASK: 'SUBTASK',
    /** Its worker stopped heartbeating during the last attempt. */
    LEASE_EXPIRED: 'LEASE_EXPIRED',
};
/** Why a dependent is skipped: the dependency that did not succeed, or none failing under any_failed. */
export function dependencySkipError(rule, failedDependency) {
    const message = failedDependency ? `dependency ${failedDependency.id} ${failedDependency.state}` : `no dependency failed (trigger rule ${rule})`;
    return { message, kind: ERROR_KIND.DEPENDENCY };
}
export function runConditionError(reason) {
    return { message: reason, kind: ERROR_KIND.RUN_CONDITION };
}
export function cancelledError(reason) {
    return { message: reason, kind: ERROR_KIND.CANCELLED };
}
/** The reason given to each live task of a cancelled task's subtree. */
export function subtreeCancelReason(parentId) {
    return `parent ${parentId} cancelled`;
}
export function subtaskError(subtask) {
    return { message: `subtask ${subtask.id} (${subtask.name}) ${subtask.state}`, kind: ERROR_KIND.SUBTASK };
}
export function leaseExpiredError(task) {
    return {
        message: `lease expired on attempt ${task.attempt} of ${task.maxAttempts} (worker ${task.workerId} stopped heartbeating)`,
        kind: ERROR_KIND.LEASE_EXPIRED,
    };
}
export const eventDetail = {
    created: (state, dependsOn) => (dependsOn.length ? { state, dependsOn: [...dependsOn] } : { state }),
    unblocked: (state, lastDependency) => ({ state, lastDependency }),
    waiting: (childrenPending) => ({ childrenPending }),
    timedOut: (error) => ({ error }),
    retryScheduled: (error, retryAt) => ({ error, retryAt }),
    leaseExpired: (workerId, leaseExpiresAt) => ({ workerId, leaseExpiresAt }),
    retried: (previousState) => ({ previousState }),
    /** An enqueue that returned this task instead of creating one: by its idempotency key or its dedup key. */
    deduplicated: (by, key) => ({ by, key }),
    /** The event of a task entering a finished state (its type is the state). */
    finished: (state, error) => state === 'succeeded' ? null : state === 'cancelled' ? { reason: error?.message ?? null } : { error },
};
// ---- creation ----
/** The state of a task free to run: pending, or scheduled while its run-at is ahead. */
export function readyState(runAt, now) {
    return runAt > now ? 'scheduled' : 'pending';
}
/**
 * The state a new task starts in, given each of its (distinct) dependencies: one not finished
 * yet (`finished: null`) counts as pending — its own finish will move this task's counters —,
 * one finished without succeeding as failed; the trigger rule then decides between blocked,
 * ready and skipped.
 */
export function createdState(task, dependencies, now) {
    let depsPending = 0;
    let depsFailed = 0;
    let firstFailed = null;
    for (const d of dependencies) {
        if (d.finished === null)
            depsPending++;
        else if (d.finished !== 'succeeded') {
            depsFailed++;
            firstFailed ??= { id: d.id, state: d.finished };
        }
    }
    const decision = dependencies.length ? decideTrigger(task.triggerRule, depsPending, depsFailed) : 'run';
    return {
        state: decision === 'run' ? readyState(task.runAt, now) : 'blocked',
        depsPending,
        depsFailed,
        skip: decision === 'skip' ? dependencySkipError(task.triggerRule, firstFailed) : null,
    };
}
// ---- completion and lease expiry ----
/** A completing task succeeds, or waits (holding no lease) while subtasks it spawned are open. */
export function completedState(task) {
    return task.childrenPending > 0 ? 'waiting' : 'succeeded';
}
/** A task whose lease ran out goes back to pending while attempts remain, else fails. */
export function afterLeaseExpired(task) {
    if (task.attempt < task.maxAttempts)
        return { state: 'pending' };
    return { state: 'failed', error: leaseExpiredError(task) };
}
// ---- a finished task's dependents ----
/** How many of a dependent's finished dependencies count as failed: every one but a success. */
export function failedCount(cause, finished) {
    return cause === 'succeeded' ? 0 : finished;
}
/**
 * Tasks that finished the same way (`cause`), given as dependency edges (depId finished, taskId
 * waits on it): each dependent's counters move once, by how many of its dependencies finished (a
 * fan-in of many in one batch is one update, not many).
 */
export function tallyFinishedDependencies(edges, cause) {
    const out = new Map();
    for (const e of edges) {
        const m = out.get(e.taskId);
        if (!m)
            out.set(e.taskId, { finished: 1, failed: failedCount(cause, 1), last: e.depId });
        else {
            m.finished++;
            m.failed = failedCount(cause, m.finished);
            if (idAfter(e.depId, m.last))
                m.last = e.depId;
        }
    }
    return out;
}
/** Integer ids as numbers (SQLite) or decimal strings (PostgreSQL bigints): a comes after b. */
export function idAfter(a, b) {
    if (typeof a === 'number' && typeof b === 'number')
        return a > b;
    const x = String(a);
    const y = String(b);
    return x.length !== y.length ? x.length > y.length : x > y;
}
/**
 * Decides each dependent by its trigger rule, in id order: blocked ones now free to run are
 * unblocked (to pending, or scheduled while their run-at is ahead), those that can never run
 * are skipped, the rest wait. Only a blocked task is unblocked or skipped by its dependencies.
 */
export function planDependents(dependents, cause, lastOf, now) {
    const plan = { toPending: [], toScheduled: [], unblocked: [], skipped: [] };
    const sorted = [...dependents].sort((a, b) => (idAfter(a.id, b.id) ? 1 : idAfter(b.id, a.id) ? -1 : 0));
    for (const d of sorted) {
        if (!canStart('dependencyFinished', d.state))
            continue;
        const decision = decideTrigger(d.triggerRule, d.depsPending, d.depsFailed);
        if (decision === 'run') {
            const state = readyState(d.runAt, now);
            (state === 'pending' ? plan.toPending : plan.toScheduled).push(d.id);
            plan.unblocked.push({ id: d.id, detail: eventDetail.unblocked(state, String(lastOf(d.id))) });
        }
        else if (decision === 'skip') {
            const failed = cause === 'succeeded' ? null : { id: String(lastOf(d.id)), state: cause };
            plan.skipped.push({ id: d.id, error: dependencySkipError(d.triggerRule, failed) });
        }
    }
    return plan;
}
// ---- a finished task's waiting parent ----
/**
 * Whether a subtask that ended in `state` fails the parent waiting on it. Cancelled does not (the
 * parent or an operator chose it); a skip because its run condition said no does not (there was
 * nothing to do); a skip because one of its dependencies failed does, like a failure.
 */
export function failsParent(state, error) {
    if (state === 'failed')
        return true;
    if (state === 'skipped')
        return error?.kind !== ERROR_KIND.RUN_CONDITION;
    return false;
}
/**
 * A subtask finished and its parent's count of open subtasks went down: a parent waiting on it
 * fails (see failsParent) or, after its last subtask, succeeds. A parent that is not waiting
 * (still running, or being cancelled) is left alone: it finishes on its own terms.
 */
export function parentAfterSubtask(parent, subtask) {
    if (!parent || !canStart('subtaskFinished', parent.state))
        return null;
    if (failsParent(subtask.state, subtask.error))
        return { state: 'failed', error: subtaskError(subtask) };
    return parent.childrenPending === 0 ? { state: 'succeeded', error: null } : null;
}
// ---- lease tokens ----
/**
 * A lease token is a JS-safe integer (53 bits) made at each claim: the low LEASE_TOKEN_RANDOM_BITS
 * bits come from the database's cryptographic random source, the bits above them count the task's
 * claims (wrapping after 8,191). So a token still grows with each claim of its task (readable in
 * logs, comparable in tests), yet knowing the last one, or the attempt number, gives one chance
 * in 2^40 (about 10^12) of naming the current one: a guessed or stale token is refused.
 * A number rather than a string keeps the wire format and every prepared statement as they were.
 */
export const LEASE_TOKEN_RANDOM_BITS = 40;
export const LEASE_TOKEN_COUNTER_BITS = 53 - LEASE_TOKEN_RANDOM_BITS;
/** How many times the task had been claimed (modulo 2^13) when this token was made. */
export function leaseTokenClaimCount(token) {
    return Math.floor(token / 2 ** LEASE_TOKEN_RANDOM_BITS);
}
//# sourceMappingURL=decisions.js.map