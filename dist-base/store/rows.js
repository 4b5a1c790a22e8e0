/**
 * Row <-> record mapping shared by the drivers. Both store tasks with the same snake_case
 * columns; JSON columns arrive as text (SQLite) or already parsed (PostgreSQL jsonb).
 */
import { DEFAULT_BACKOFF } from '../model/backoff.js';
/** Columns a claim reads back, in this order; everything else it has just set itself. */
export const CLAIMED_COLUMNS = [
    'id', 'name', 'queue', 'payload', 'error', 'progress', 'priority', 'run_at', 'attempt', 'max_attempts', 'backoff',
    'timeout_ms', 'lease_token', 'parent_id', 'run_id', 'key', 'tags', 'deps_pending', 'deps_failed', 'trigger_rule',
    'dedup_key', 'children_pending', 'created_at',
];
/** The task a claim returns, from CLAIMED_COLUMNS (raw) plus what the claim set. */
export function claimedRowToTask(a, workerId, now, leaseMs) {
    return {
        id: String(a[0]), name: a[1], queue: a[2], state: 'running', payload: json(a[3]), result: null,
        error: json(a[4]), progress: json(a[5]), priority: a[6], runAt: num(a[7]),
        attempt: a[8], maxAttempts: a[9], backoff: sharedJson(a[10]) ?? DEFAULT_BACKOFF,
        timeoutMs: a[11] === null ? null : num(a[11]), leaseToken: num(a[12]), leaseExpiresAt: now + leaseMs,
        workerId, parentId: a[13] === null ? null : String(a[13]), runId: a[14], key: a[15],
        tags: a[16] === null ? [] : [...(sharedJson(a[16]) ?? [])], depsPending: a[17], depsFailed: a[18],
        triggerRule: a[19], dedupKey: a[20], childrenPending: a[21],
        createdAt: num(a[22]), startedAt: now, finishedAt: null, updatedAt: now,
    };
}
/** A task row read in raw (array) mode, columns in table order (schema TASK_COLUMN_NAMES). */
export function arrayToTaskRow(a) {
    return {
        id: a[0], name: a[1], queue: a[2], state: a[3], payload: a[4], result: a[5],
        error: a[6], progress: a[7], priority: a[8], run_at: a[9], attempt: a[10],
        max_attempts: a[11], backoff: a[12], timeout_ms: a[13], lease_token: a[14],
        lease_expires_at: a[15], worker_id: a[16], parent_id: a[17],
        run_id: a[18], key: a[19], tags: a[20], deps_pending: a[21],
        deps_failed: a[22], trigger_rule: a[23], dedup_key: a[24],
        children_pending: a[25], created_at: a[26], started_at: a[27],
        finished_at: a[28], updated_at: a[29],
    };
}
function json(value) {
    if (value === null || value === undefined)
        return null;
    if (typeof value === 'string')
        return JSON.parse(value);
    return value;
}
/**
 * Backoff policies and tag lists repeat across millions of rows; parsing each once and sharing
 * the (frozen) result is measurably cheaper on the claim path.
 */
const shared = new Map();
function sharedJson(value) {
    if (typeof value !== 'string')
        return json(value);
    let v = shared.get(value);
    if (v === undefined) {
        v = Object.freeze(JSON.parse(value));
        if (shared.size > 1000)
            shared.clear();
        shared.set(value, v);
    }
    return v;
}
const num = (v) => (typeof v === 'number' ? v : Number(v));
const numOrNull = (v) => (v === null ? null : num(v));
export function rowToTask(r) {
    return {
        id: String(r.id),
        name: r.name,
        queue: r.queue,
        state: r.state,
        payload: json(r.payload),
        result: json(r.result),
        error: json(r.error),
        progress: json(r.progress),
        priority: r.priority,
        runAt: num(r.run_at),
        attempt: r.attempt,
        maxAttempts: r.max_attempts,
        backoff: sharedJson(r.backoff) ?? DEFAULT_BACKOFF,
        timeoutMs: numOrNull(r.timeout_ms),
        leaseToken: num(r.lease_token),
        leaseExpiresAt: numOrNull(r.lease_expires_at),
        workerId: r.worker_id,
        parentId: r.parent_id === null ? null : String(r.parent_id),
        runId: r.run_id,
        key: r.key,
        tags: [...(sharedJson(r.tags) ?? [])],
        depsPending: r.deps_pending,
        depsFailed: r.deps_failed,
        triggerRule: r.trigger_rule,
        dedupKey: r.dedup_key,
        childrenPending: r.children_pending,
        createdAt: num(r.created_at),
        startedAt: numOrNull(r.started_at),
        finishedAt: numOrNull(r.finished_at),
        updatedAt: num(r.updated_at),
    };
}
export function rowToEvent(r) {
    return {
        id: String(r.id),
        taskId: String(r.task_id),
        type: r.type,
        at: num(r.at),
        attempt: r.attempt,
        workerId: r.worker_id,
        detail: json(r.detail),
    };
}
export function rowToRun(r) {
    return {
        id: r.id,
        name: r.name,
        state: r.state,
        spec: json(r.spec),
        inputs: json(r.inputs),
        outputs: json(r.outputs),
        error: json(r.error),
        trigger: r.trigger,
        createdAt: num(r.created_at),
        finishedAt: numOrNull(r.finished_at),
        updatedAt: num(r.updated_at),
    };
}
/** The record of a task just inserted, built from what was written (cheaper than reading it back). */
export function newTaskRecord(id, t, state, depsPending, depsFailed, now) {
    return {
        id: String(id), name: t.name, queue: t.queue, state, payload: t.payload, result: null, error: null, progress: null,
        priority: t.priority, runAt: t.runAt, attempt: 0, maxAttempts: t.maxAttempts, backoff: t.backoff, timeoutMs: t.timeoutMs,
        leaseToken: 0, leaseExpiresAt: null, workerId: null, parentId: t.parentId, runId: t.runId, key: t.key, tags: t.tags,
        depsPending, depsFailed, triggerRule: t.triggerRule, dedupKey: t.dedupKey, childrenPending: 0,
        createdAt: now, startedAt: null, finishedAt: null, updatedAt: now,
    };
}
/** Tasks share a few policy objects (backoff): each is stringified once. */
const policyTexts = new WeakMap();
export function policyText(policy) {
    let s = policyTexts.get(policy);
    if (s === undefined)
        policyTexts.set(policy, (s = JSON.stringify(policy)));
    return s;
}
export function dependentCounters(r) {
    return { id: r.id, state: r.state, triggerRule: r.trigger_rule, depsPending: r.deps_pending, depsFailed: r.deps_failed, runAt: num(r.run_at) };
}
export const rowToCursor = (r) => ({ name: r.name, value: r.value, updatedAt: Number(r.updated_at) });
//# sourceMappingURL=rows.js.map