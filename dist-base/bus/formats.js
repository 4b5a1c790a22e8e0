/**
 * The message formats on the bus.
 *
 * Tasks in (either shape):
 * - seed-000 ("task" framework): `{"type":"task-type","task":"2017-01-01T01","created":"…"}`.
 *   The task's name is `type`; its payload is the whole message, so a handler reads
 *   `payload.task` and the done message can carry every field back.
 * - taskframe's own: `{"name":…, "payload":…, "queue", "priority", "delay", "runAt",
 *   "maxAttempts", "timeout", "key", "dedupKey", "tags", "backoff"}`.
 *
 * Done out (seed-000's done shape, plus taskframe's fields):
 *   `{"type","task","result":"complete"|"error","msg","started","completed",
 *     "id","queue","state","attempt","output"}`
 */
import { ValidationError } from '../model/errors.js';
import { resolveSpec } from '../model/spec.js';
import { eventJson, iso } from '../model/json.js';
/** A message that can never become a task: it goes to the dead-letter topic with this reason. */
export class BadMessageError extends Error {
    reason;
    constructor(reason, message) {
        super(message);
        this.reason = reason;
        this.name = 'BadMessageError';
    }
}
/** Fields a bus message may set in taskframe's own format (no parents, runs or dependencies from outside). */
const OWN_FIELDS = new Set(['name', 'payload', 'queue', 'priority', 'delay', 'runAt', 'maxAttempts', 'timeout', 'key', 'dedupKey', 'tags', 'backoff']);
function isObject(v) {
    return v !== null && typeof v === 'object' && !Array.isArray(v);
}
export function isSeedTask(v) {
    return isObject(v) && typeof v.type === 'string' && 'task' in v && !('name' in v);
}
export function decodeTaskMessage(data, o) {
    if (data.length > o.maxBytes)
        throw new BadMessageError('too_large', `message is ${data.length} bytes; the limit is ${o.maxBytes}`);
    let v;
    try {
        v = JSON.parse(data.toString('utf8'));
    }
    catch (err) {
        throw new BadMessageError('not_json', `not JSON: ${err.message}`);
    }
    let decoded;
    if (isSeedTask(v)) {
        decoded = { format: 'seed', spec: { name: v.type, payload: v, ...(o.queue ? { queue: o.queue } : {}) } };
    }
    else if (isObject(v) && typeof v.name === 'string') {
        for (const k of Object.keys(v)) {
            if (!OWN_FIELDS.has(k))
                throw new BadMessageError('invalid', `${k}: not accepted from the bus (allowed: ${[...OWN_FIELDS].join(', ')})`);
        }
        decoded = { format: 'taskframe', spec: { ...(o.queue ? { queue: o.queue } : {}), ...v } };
    }
    else {
        throw new BadMessageError('not_a_task', 'not a task: expected {"type","task",…} (seed format) or {"name","payload",…} (taskframe format)');
    }
    if (o.acceptType && !o.acceptType(decoded.spec.name)) {
        throw new BadMessageError('unknown_type', `unknown task type "${decoded.spec.name}"`);
    }
    try {
        resolveSpec(decoded.spec, o.now);
    }
    catch (err) {
        if (err instanceof ValidationError)
            throw new BadMessageError('invalid', err.message);
        throw err;
    }
    return decoded;
}
const TERMINAL = new Set(['succeeded', 'failed', 'cancelled', 'skipped']);
/** True for the event that finishes a task (one per finishing; a task retried by hand finishes again). */
export function isFinishingEvent(e) {
    return TERMINAL.has(e.type);
}
/** The done message for the event that finished `task` (the event, not the task's later state, decides). */
export function doneMessage(task, e) {
    const detail = isObject(e.detail) ? e.detail : {};
    const error = isObject(detail.error) ? detail.error : null;
    const ok = e.type === 'succeeded';
    let msg;
    if (ok)
        msg = typeof task.result === 'string' ? task.result : 'completed successfully';
    else if (e.type === 'cancelled')
        msg = `cancelled${typeof detail.reason === 'string' ? `: ${detail.reason}` : ''}`;
    else if (e.type === 'skipped')
        msg = 'skipped: a dependency did not succeed or a run condition said no';
    else
        msg = typeof error?.message === 'string' ? error.message : 'failed';
    const base = isSeedTask(task.payload) && task.payload.type === task.name ? { ...task.payload } : {};
    return {
        ...base,
        type: task.name,
        task: isSeedTask(task.payload) ? task.payload.task : task.id,
        result: ok ? 'complete' : 'error',
        msg,
        started: iso(task.startedAt),
        completed: iso(e.at),
        id: task.id,
        queue: task.queue,
        state: e.type,
        attempt: e.attempt,
        output: ok ? task.result : null,
    };
}
/** A task event as published on the events topic (for analytics): the event's JSON, as the API shows it. */
export function eventMessage(e) {
    return eventJson(e);
}
//# sourceMappingURL=formats.js.map