/**
 * What a user may pass when enqueueing, and its validation into a NewTask. Every check names
 * the field it rejects; nothing reaches the store unvalidated.
 */
import { validateBackoff } from './backoff.js';
import { resolveCollapse } from './collapse.js';
import { MAX_DURATION_MS, MAX_TIMER_MS, parseDuration } from './duration.js';
import { ValidationError } from './errors.js';
import { parseTime, TIME_MAX_MS } from './time.js';
import { TRIGGER_RULES } from './trigger.js';
export const LIMITS = {
    priorityMin: -1000,
    priorityMax: 1000,
    maxAttemptsMax: 1000,
    nameMaxLength: 200,
    keyMaxLength: 500,
    tagsMax: 50,
    payloadMaxBytes: 1_048_576,
};
export const DEFAULTS = { queue: 'default', priority: 0, maxAttempts: 3 };
/** Names and queues: letters, digits and . _ : - / ; they appear in URLs, logs and file names. */
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._:\-/]*$/;
export function validateName(value, field) {
    if (typeof value !== 'string' || value.length === 0)
        throw new ValidationError(field, 'must be a non-empty string');
    if (value.length > LIMITS.nameMaxLength)
        throw new ValidationError(field, `must be at most ${LIMITS.nameMaxLength} characters`);
    if (!NAME_RE.test(value)) {
        throw new ValidationError(field, `"${value}" has forbidden characters (allowed: letters, digits and . _ : - /, starting with a letter or digit)`);
    }
    return value;
}
/**
 * The JSON text of object payloads, kept from validation so a driver need not serialise the
 * same payload a second time (see payloadText).
 */
const payloadTexts = new WeakMap();
/** The payload as JSON text: the text measured at validation when there is one. */
export function payloadText(value) {
    if (value === null || value === undefined)
        return null;
    return (typeof value === 'object' ? payloadTexts.get(value) : undefined) ?? JSON.stringify(value);
}
function validatePayload(value, field) {
    if (value === undefined)
        return null;
    let text;
    try {
        text = JSON.stringify(value);
    }
    catch (err) {
        throw new ValidationError(field, `is not JSON-serialisable: ${err.message}`);
    }
    if (text === undefined)
        throw new ValidationError(field, 'is not JSON-serialisable');
    // Only a long text can be over the limit in bytes (a character is at most 3 UTF-8 bytes here).
    if (text.length * 3 > LIMITS.payloadMaxBytes && Buffer.byteLength(text) > LIMITS.payloadMaxBytes) {
        throw new ValidationError(field, `is ${Buffer.byteLength(text)} bytes; the limit is ${LIMITS.payloadMaxBytes}`);
    }
    if (typeof value === 'object' && value !== null)
        payloadTexts.set(value, text);
    return value;
}
function validateInt(value, field, min, max) {
    if (typeof value !== 'number' || !Number.isInteger(value))
        throw new ValidationError(field, `must be an integer, got ${JSON.stringify(value)}`);
    if (value < min || value > max)
        throw new ValidationError(field, `must be between ${min} and ${max}, got ${value}`);
    return value;
}
const KNOWN_OPTIONS = new Set([
    'name', 'payload', 'queue', 'priority', 'delay', 'runAt', 'maxAttempts', 'backoff', 'timeout',
    'key', 'tags', 'parentId', 'runId', 'dependsOn', 'triggerRule', 'dedupKey', 'debounce', 'throttle',
]);
export function resolveSpec(spec, now, field = 'task') {
    if (spec === null || typeof spec !== 'object')
        throw new ValidationError(field, 'must be an object');
    for (const k of Object.keys(spec)) {
        if (!KNOWN_OPTIONS.has(k))
            throw new ValidationError(`${field}.${k}`, 'unknown option');
    }
    const name = validateName(spec.name, `${field}.name`);
    const queue = spec.queue === undefined ? DEFAULTS.queue : validateName(spec.queue, `${field}.queue`);
    const priority = spec.priority === undefined ? DEFAULTS.priority : validateInt(spec.priority, `${field}.priority`, LIMITS.priorityMin, LIMITS.priorityMax);
    const maxAttempts = spec.maxAttempts === undefined ? DEFAULTS.maxAttempts : validateInt(spec.maxAttempts, `${field}.maxAttempts`, 1, LIMITS.maxAttemptsMax);
    if (spec.delay !== undefined && spec.runAt !== undefined)
        throw new ValidationError(`${field}.delay`, 'give delay or runAt, not both');
    let runAt = now;
    if (spec.delay !== undefined) {
        runAt = now + parseDuration(spec.delay, `${field}.delay`, MAX_DURATION_MS);
        if (runAt > TIME_MAX_MS)
            throw new ValidationError(`${field}.delay`, `ends after 9999-12-31T23:59:59.999Z, the last time a task may run at; got ${JSON.stringify(spec.delay)}`);
    }
    // A time in the past means now; one outside the range is refused, not clamped.
    if (spec.runAt !== undefined)
        runAt = Math.max(parseTime(spec.runAt, `${field}.runAt`), now);
    const timeoutMs = spec.timeout === undefined ? null : parseDuration(spec.timeout, `${field}.timeout`, MAX_TIMER_MS);
    if (timeoutMs === 0)
        throw new ValidationError(`${field}.timeout`, 'must be greater than zero');
    let key = null;
    if (spec.key !== undefined) {
        if (typeof spec.key !== 'string' || spec.key.length === 0 || spec.key.length > LIMITS.keyMaxLength) {
            throw new ValidationError(`${field}.key`, `must be a string of 1..${LIMITS.keyMaxLength} characters`);
        }
        key = checkKeyParts(spec.key, `${field}.key`);
    }
    let tags = [];
    if (spec.tags !== undefined) {
        if (!Array.isArray(spec.tags) || spec.tags.length > LIMITS.tagsMax)
            throw new ValidationError(`${field}.tags`, `must be an array of at most ${LIMITS.tagsMax} strings`);
        tags = spec.tags.map((t, i) => validateName(t, `${field}.tags[${i}]`));
    }
    const dependsOn = spec.dependsOn === undefined ? [] : validateIds(spec.dependsOn, `${field}.dependsOn`);
    const parentId = spec.parentId === undefined ? null : validateIds([spec.parentId], `${field}.parentId`)[0];
    const runId = spec.runId === undefined ? null : validateName(spec.runId, `${field}.runId`);
    const triggerRule = spec.triggerRule ?? 'all_success';
    if (!TRIGGER_RULES.includes(triggerRule)) {
        throw new ValidationError(`${field}.triggerRule`, `must be one of ${TRIGGER_RULES.join(', ')}; got ${JSON.stringify(triggerRule)}`);
    }
    let dedupKey = null;
    if (spec.dedupKey !== undefined) {
        if (typeof spec.dedupKey !== 'string' || spec.dedupKey.length === 0 || spec.dedupKey.length > LIMITS.keyMaxLength) {
            throw new ValidationError(`${field}.dedupKey`, `must be a string of 1..${LIMITS.keyMaxLength} characters`);
        }
        dedupKey = checkKeyParts(spec.dedupKey, `${field}.dedupKey`);
    }
    const collapse = resolveCollapseOption(spec, key, dedupKey, dependsOn, field);
    // A debounced task waits out its quiet period from the start.
    if (collapse?.mode === 'debounce')
        runAt = Math.max(runAt, now + collapse.windowMs);
    return {
        name,
        queue,
        payload: validatePayload(spec.payload, `${field}.payload`),
        priority,
        runAt,
        maxAttempts,
        backoff: validateBackoff(spec.backoff, `${field}.backoff`),
        timeoutMs,
        parentId,
        runId,
        key,
        tags,
        dependsOn,
        triggerRule,
        dedupKey,
        collapse,
    };
}
/** debounce or throttle, alone: each decides which task an enqueue becomes, as key and dedupKey do. */
function resolveCollapseOption(spec, key, dedupKey, dependsOn, field) {
    if (spec.debounce !== undefined && spec.throttle !== undefined)
        throw new ValidationError(`${field}.throttle`, 'give debounce or throttle, not both');
    const mode = spec.debounce !== undefined ? 'debounce' : spec.throttle !== undefined ? 'throttle' : null;
    if (mode === null)
        return null;
    const f = `${field}.${mode}`;
    const c = resolveCollapse(mode, spec[mode], f);
    if (key !== null)
        throw new ValidationError(f, 'cannot be combined with key (an idempotency key already decides which task an enqueue returns)');
    if (dedupKey !== null)
        throw new ValidationError(f, 'cannot be combined with dedupKey');
    if (dependsOn.length)
        throw new ValidationError(f, 'cannot be combined with dependsOn (only a task waiting to run collapses; one blocked on dependencies is not)');
    checkKeyParts(c.key, `${f}.key`);
    return c;
}
/**
 * A key with a part that reads `undefined`, `null`, `NaN` or `[object Object]` was built from a
 * value that was not there (`${task.id}:${i}` where the handler has no `task`): every such key
 * of a tree is the same few strings, and the tree silently collapses to them. Parts are what
 * lies between `:`, `/`, `|`, `,`, `;`, `=`, `#`, `@` or spaces.
 */
function checkKeyParts(key, field) {
    const bad = key.split(/[:/|,;=#@\s]+/).find((part) => MISSING_VALUE_PARTS.has(part));
    if (bad !== undefined) {
        throw new ValidationError(field, `${JSON.stringify(key.slice(0, 80))} holds "${bad}": it was built from a value that is not there (in a handler, the task's own id is ctx.task.id; in a command, $TASKFRAME_TASK_ID)`);
    }
    return key;
}
const MISSING_VALUE_PARTS = new Set(['undefined', 'null', 'NaN', '[object Object]', '[object']);
function validateIds(ids, field) {
    if (!Array.isArray(ids))
        throw new ValidationError(field, 'must be an array of task ids');
    return ids.map((id, i) => {
        const s = typeof id === 'number' ? String(id) : id;
        if (typeof s !== 'string' || !/^\d{1,19}$/.test(s))
            throw new ValidationError(`${field}[${i}]`, `"${String(id)}" is not a task id`);
        return s;
    });
}
//# sourceMappingURL=spec.js.map