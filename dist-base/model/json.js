import { stepOf } from './step.js';
import { isoOrNull } from './time.js';
/**
 * Tasks of one response share most of their times (enqueued together, claimed together), and
 * formatting a date was 7% of the server's time for remote claims: the recent ones are kept.
 */
const isoCache = new Map();
/**
 * ISO 8601 text of a stored time. Null for null, and for a time no printer can show: a run-at
 * stored before times were checked (model/time.ts) is read, listed and cancelled as "no time"
 * instead of failing the whole answer with "Invalid time value".
 */
export function iso(ms) {
    if (ms === null)
        return null;
    let s = isoCache.get(ms);
    if (s === undefined) {
        if (isoCache.size >= 4096)
            isoCache.clear();
        isoCache.set(ms, (s = isoOrNull(ms)));
    }
    return s;
}
/**
 * A time the store stamped from its own clock (an event's, a run's creation, a log line's, the
 * end of a lease just granted): never a user's value, so always printable. One that is not
 * means a broken clock or a hand-edited row, and is said so rather than shown as no time.
 */
export function stamped(ms, field) {
    const s = iso(ms);
    if (s === null)
        throw new RangeError(`${field}: stored time ${ms} is out of range (the store's clock wrote it; is the row damaged?)`);
    return s;
}
export function taskJson(t) {
    return {
        id: t.id,
        name: t.name,
        step: stepOf(t),
        queue: t.queue,
        state: t.state,
        attempt: t.attempt,
        maxAttempts: t.maxAttempts,
        priority: t.priority,
        payload: t.payload,
        result: t.result,
        error: t.error,
        progress: t.progress,
        parentId: t.parentId,
        runId: t.runId,
        key: t.key,
        tags: t.tags,
        runAt: iso(t.runAt),
        timeoutMs: t.timeoutMs,
        workerId: t.workerId,
        leaseExpiresAt: iso(t.leaseExpiresAt),
        depsPending: t.depsPending,
        childrenPending: t.childrenPending,
        createdAt: iso(t.createdAt),
        startedAt: iso(t.startedAt),
        finishedAt: iso(t.finishedAt),
        updatedAt: iso(t.updatedAt),
    };
}
export function claimedTaskJson(t) {
    return { ...taskJson(t), leaseToken: t.leaseToken, leaseExpiresAt: stamped(t.leaseExpiresAt, 'leaseExpiresAt'), backoff: t.backoff };
}
/** Times the store writes into an event's detail, by event type (other details are left as they are: a progress event's is the user's). */
const DETAIL_TIMES = {
    retry_scheduled: ['retryAt'],
    lease_expired: ['leaseExpiresAt'],
    debounced: ['runAt'],
};
export function eventJson(e) {
    return { id: e.id, taskId: e.taskId, type: e.type, at: stamped(e.at, 'at'), attempt: e.attempt, workerId: e.workerId, detail: detailJson(e) };
}
function detailJson(e) {
    const times = DETAIL_TIMES[e.type];
    const d = e.detail;
    if (!times || d === null || typeof d !== 'object' || Array.isArray(d))
        return d;
    const out = { ...d };
    for (const k of times)
        if (typeof out[k] === 'number')
            out[k] = iso(out[k]);
    return out;
}
export function runJson(r) {
    return {
        id: r.id,
        name: r.name,
        state: r.state,
        spec: r.spec,
        inputs: r.inputs,
        outputs: r.outputs,
        error: r.error,
        trigger: r.trigger,
        createdAt: stamped(r.createdAt, 'createdAt'),
        finishedAt: iso(r.finishedAt),
        updatedAt: stamped(r.updatedAt, 'updatedAt'),
    };
}
export function logLineJson(l) {
    return { id: l.id, attempt: l.attempt, at: stamped(l.at, 'at'), stream: l.stream, text: l.text };
}
//# sourceMappingURL=json.js.map