/**
 * Debounce and throttle on enqueue: enqueues that share a key within a window collapse into one
 * task instead of one task each. The two modes follow what users know from lodash, Inngest and
 * Hatchet:
 *
 * - throttle: at most one task per window per key, run at once (lodash's leading edge). The
 *   first enqueue creates the task and opens a window of `window` from then; every enqueue while
 *   it is open returns that task (whatever its state). keep 'first' (default): later payloads are
 *   dropped; keep 'last': a later payload replaces the task's while it has not started.
 * - debounce: run after a quiet period. The task runs `window` after the last enqueue; each
 *   enqueue while it has not started pushes its run time back (never past `maxWait` after the
 *   first, so a continuous stream still runs). keep 'last' (default): the latest payload wins;
 *   keep 'first': the first one's stays. Once the task has started, the next enqueue begins a new
 *   task.
 *
 * Keys are per queue and per mode. The store decides under a lock per key (see the drivers'
 * insertOne), so concurrent enqueuers on any number of processes collapse into one task.
 */
import { MAX_DURATION_MS, parseDuration } from './duration.js';
import { ValidationError } from './errors.js';
export const COLLAPSE_KEY_MAX = 500;
const KEEPS = ['first', 'last'];
export function resolveCollapse(mode, value, field) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new ValidationError(field, `must be an object like { key: "user-42", window: "5s" }; got ${JSON.stringify(value)}`);
    }
    const o = value;
    const known = mode === 'debounce' ? ['key', 'window', 'keep', 'maxWait'] : ['key', 'window', 'keep'];
    for (const k of Object.keys(o)) {
        if (!known.includes(k))
            throw new ValidationError(`${field}.${k}`, `unknown option (${mode} takes ${known.join(', ')})`);
    }
    if (o.key === undefined)
        throw new ValidationError(`${field}.key`, 'is required: the key that enqueues to collapse share');
    if (typeof o.key !== 'string' || o.key.length === 0 || o.key.length > COLLAPSE_KEY_MAX) {
        throw new ValidationError(`${field}.key`, `must be a string of 1..${COLLAPSE_KEY_MAX} characters`);
    }
    if (o.window === undefined)
        throw new ValidationError(`${field}.window`, 'is required (a duration like "5s")');
    const windowMs = parseDuration(o.window, `${field}.window`, MAX_DURATION_MS);
    if (windowMs <= 0)
        throw new ValidationError(`${field}.window`, 'must be greater than zero');
    const keep = (o.keep ?? (mode === 'debounce' ? 'last' : 'first'));
    if (!KEEPS.includes(keep))
        throw new ValidationError(`${field}.keep`, `must be "first" or "last"; got ${JSON.stringify(o.keep)}`);
    let maxWaitMs = null;
    if (o.maxWait !== undefined) {
        maxWaitMs = parseDuration(o.maxWait, `${field}.maxWait`, MAX_DURATION_MS);
        if (maxWaitMs < windowMs)
            throw new ValidationError(`${field}.maxWait`, `must be at least the window (${windowMs} ms); got ${maxWaitMs} ms`);
    }
    return { mode, key: o.key, windowMs, keep, maxWaitMs };
}
/**
 * The run time of a debounced task enqueued again at `now`: a quiet period after this enqueue,
 * but no later than maxWait after the first (`openedAt`). Never earlier than it was.
 */
export function debouncedRunAt(c, now, openedAt, current) {
    let at = now + c.windowMs;
    if (c.maxWaitMs !== null)
        at = Math.min(at, openedAt + c.maxWaitMs);
    return Math.max(at, current);
}
export function planCollapse(c, win, task, now) {
    if (win === null || task === null)
        return { action: 'open' };
    const waiting = task.state === 'pending' || task.state === 'scheduled';
    if (c.mode === 'throttle') {
        if (now >= win.until)
            return { action: 'open' };
        return { action: 'join', change: waiting && c.keep === 'last' ? { replacePayload: true, runAt: null } : null };
    }
    if (!waiting)
        return { action: 'open' };
    return { action: 'join', change: { replacePayload: c.keep === 'last', runAt: debouncedRunAt(c, now, win.openedAt, task.runAt) } };
}
/** The window a new task opens: a throttle's ends `window` from now; a debounce's with its task's start. */
export function openedWindow(c, taskId, now, runAt) {
    return { taskId, openedAt: now, until: c.mode === 'throttle' ? now + c.windowMs : runAt };
}
/** The `debounced` event's detail on the task an enqueue joined. */
export function collapsedDetail(c, changed) {
    const d = { mode: c.mode, key: c.key, keep: c.keep, payloadReplaced: changed?.replacePayload ?? false };
    if (changed?.runAt != null)
        d.runAt = changed.runAt;
    return d;
}
//# sourceMappingURL=collapse.js.map