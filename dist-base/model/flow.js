/**
 * Flow control at claim time: limit rules (a rate and/or a concurrency per key) and pauses at the
 * grain of a task name, a workflow run or a schedule. This module only defines and validates
 * them; the stores enforce them when tasks are claimed (docs/flow-control.md).
 */
import { ValidationError } from './errors.js';
import { validateName } from './spec.js';
export const FLOW_PAUSE_KINDS = ['name', 'run', 'schedule'];
/**
 * Rate windows slide: a bucket's claims are kept per slot of this length, 1/50 of the period
 * (at least 1 ms), and a slot counts while its latest claim is within the period.
 */
export const RATE_SLOTS_PER_PERIOD = 50;
export const rateSlotMs = (periodMs) => Math.max(1, Math.ceil(periodMs / RATE_SLOTS_PER_PERIOD));
const PERIOD_UNITS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** "100/1s", "5000/1m", "10/500ms", "3/s" (a bare unit is one of it). Strict: nothing else. */
const RATE_RE = /^([1-9][0-9]{0,8})\/([1-9][0-9]{0,8})?(ms|s|m|h|d)$/;
/** A rate period is at most a day: windows are counted per period, and a longer one is a quota, not a rate. */
const MAX_PERIOD_MS = 86_400_000;
const MAX_CONCURRENCY = 1_000_000;
const PATH_PART_RE = /^[A-Za-z0-9_-]{1,64}$/;
const TAG_PREFIX_RE = /^[A-Za-z0-9._:\-/=]{1,128}$/;
const ID_RE = /^[A-Za-z0-9][A-Za-z0-9._:\-/=]{0,199}$/;
/** Parses "N/period" strictly; ValidationError naming `field` otherwise. */
export function parseRate(value, field = 'rate') {
    if (typeof value !== 'string')
        throw new ValidationError(field, `must be text like "100/1s" or "5000/1m"; got ${JSON.stringify(value)}`);
    const m = RATE_RE.exec(value.trim());
    if (!m)
        throw new ValidationError(field, `malformed rate ${JSON.stringify(value)}: write N/period, N a whole number ≥ 1 and the period like 1s, 500ms, 1m, 1h`);
    const n = Number(m[1]);
    const periodMs = Number(m[2] ?? '1') * PERIOD_UNITS[m[3]];
    if (periodMs > MAX_PERIOD_MS)
        throw new ValidationError(field, `period of ${JSON.stringify(value)} is longer than 1d`);
    return { n, periodMs };
}
/** "100/1s" from a parsed rate (periods printed in their largest whole unit). */
export function rateText(r) {
    for (const [u, ms] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]]) {
        if (r.periodMs % ms === 0)
            return `${r.n}/${r.periodMs / ms}${u}`;
    }
    return `${r.n}/${r.periodMs}ms`;
}
/** Parses a key expression; a ValidationError naming `field` when it names nothing. */
export function parseFlowKey(value, field = 'key') {
    if (typeof value !== 'string' || value.length === 0)
        throw new ValidationError(field, 'must be a key expression: payload.<field path> or tag:<prefix>');
    if (value.startsWith('payload.')) {
        const path = value.slice('payload.'.length).split('.');
        if (path.length > 8)
            throw new ValidationError(field, `${JSON.stringify(value)}: a payload path has at most 8 parts`);
        for (const p of path) {
            if (!PATH_PART_RE.test(p)) {
                throw new ValidationError(field, `${JSON.stringify(value)} names no payload field: each part after "payload." is 1-64 of letters, digits, _ and -`);
            }
        }
        return { kind: 'payload', path };
    }
    if (value.startsWith('tag:')) {
        const prefix = value.slice('tag:'.length);
        if (!TAG_PREFIX_RE.test(prefix))
            throw new ValidationError(field, `${JSON.stringify(value)} names no tag prefix: write tag:<prefix>, e.g. tag:customer:`);
        return { kind: 'tag', prefix };
    }
    throw new ValidationError(field, `unknown key expression ${JSON.stringify(value)}: use payload.<field path> or tag:<prefix>`);
}
/**
 * The bucket a task falls in for a key: what the stores compute in SQL, written once here for
 * documentation and tests. A missing field, or no matching tag, is the empty key (one shared bucket).
 * Strings as they are; other JSON values as their JSON text.
 */
export function flowKeyOf(key, task) {
    if (key === null)
        return '';
    if (key.kind === 'tag')
        return task.tags.find((t) => t.startsWith(key.prefix)) ?? '';
    let v = task.payload;
    for (const p of key.path) {
        if (v === null || typeof v !== 'object' || Array.isArray(v))
            return '';
        v = v[p];
    }
    if (v === undefined || v === null)
        return '';
    return typeof v === 'string' ? v : JSON.stringify(v);
}
/** The default id of a rule: its scope and key, so setting the same scope again replaces it. */
export function defaultLimitId(s) {
    const parts = [];
    if (s.queue !== null)
        parts.push(`queue=${s.queue}`);
    if (s.name !== null)
        parts.push(`name=${s.name}`);
    if (s.key !== null)
        parts.push(`key=${s.key}`);
    return parts.join('/').replace(/[^A-Za-z0-9._:\-/=]/g, '_').slice(0, 200);
}
/**
 * Validates a rule as given by any surface. Field names are the spec's (`queue`, `name`, `key`,
 * `rate`, `concurrency`, `id`), prefixed with `where` (e.g. "flow.limits[2]"). Whether the queue
 * is known is the engine's question (it needs the store), asked after this.
 */
export function validateLimit(spec, now, where = '') {
    const f = (name) => (where ? `${where}.${name}` : name);
    if (spec === null || typeof spec !== 'object' || Array.isArray(spec))
        throw new ValidationError(where || 'limit', 'must be an object with queue and/or name, and rate and/or concurrency');
    const s = spec;
    const known = new Set(['id', 'queue', 'name', 'key', 'rate', 'concurrency']);
    for (const k of Object.keys(s))
        if (!known.has(k))
            throw new ValidationError(f(k), `unknown field (known: ${[...known].join(', ')})`);
    const queue = s.queue === undefined || s.queue === null ? null : validateName(s.queue, f('queue'));
    const name = s.name === undefined || s.name === null ? null : validateName(s.name, f('name'));
    if (queue === null && name === null)
        throw new ValidationError(f('queue'), 'a limit needs a scope: a queue, a task name, or both');
    const key = s.key === undefined || s.key === null ? null : (parseFlowKey(s.key, f('key')), s.key);
    const rate = s.rate === undefined || s.rate === null ? null : parseRate(s.rate, f('rate'));
    let concurrency = null;
    if (s.concurrency !== undefined && s.concurrency !== null) {
        const k = s.concurrency;
        if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > MAX_CONCURRENCY) {
            throw new ValidationError(f('concurrency'), `must be a whole number from 1 to ${MAX_CONCURRENCY}; got ${JSON.stringify(k)}`);
        }
        concurrency = k;
    }
    if (rate === null && concurrency === null)
        throw new ValidationError(f('rate'), 'a limit needs a rate ("100/1s") and/or a concurrency (K ≥ 1)');
    let id;
    if (s.id === undefined || s.id === null)
        id = defaultLimitId({ queue, name, key });
    else {
        if (typeof s.id !== 'string' || !ID_RE.test(s.id))
            throw new ValidationError(f('id'), 'must be 1-200 of letters, digits and . _ : - / =, starting with a letter or digit');
        id = s.id;
    }
    return { id, queue, name, key, rate, concurrency, updatedAt: now };
}
/** Validates a pause target: `{name}`, `{run}` or `{schedule}`, exactly one. */
export function validatePauseTarget(t) {
    if (t === null || typeof t !== 'object' || Array.isArray(t))
        throw new ValidationError('target', 'give one of name, run or schedule');
    const o = t;
    const given = FLOW_PAUSE_KINDS.filter((k) => o[k] !== undefined && o[k] !== null);
    for (const k of Object.keys(o))
        if (!FLOW_PAUSE_KINDS.includes(k))
            throw new ValidationError(k, 'unknown field (give one of name, run or schedule)');
    if (given.length !== 1)
        throw new ValidationError(given[1] ?? 'name', 'give exactly one of name, run or schedule');
    const kind = given[0];
    const v = o[kind];
    if (kind === 'run') {
        if (typeof v !== 'string' || v.length === 0 || v.length > 200)
            throw new ValidationError('run', 'must be a run id');
        return { kind, target: v };
    }
    return { kind, target: validateName(v, kind) };
}
/** A rule as the HTTP API and `--json` print it (rate as text, time as ISO 8601). */
export function flowLimitJson(l) {
    return {
        id: l.id, queue: l.queue, name: l.name, key: l.key, rate: l.rate ? rateText(l.rate) : null,
        concurrency: l.concurrency, updatedAt: new Date(l.updatedAt).toISOString(),
    };
}
//# sourceMappingURL=flow.js.map