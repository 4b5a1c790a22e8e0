import { MAX_DURATION_MS } from './duration.js';
import { ValidationError } from './errors.js';
export const DEFAULT_BACKOFF = Object.freeze({ kind: 'exponential', baseMs: 1000, capMs: 3_600_000, jitter: 0.5 });
/**
 * Delay before the next attempt, after `attempt` attempts have failed (attempt >= 1).
 * `random` is injectable so tests can assert exact schedules.
 */
export function backoffDelay(policy, attempt, random = Math.random) {
    const n = Math.max(1, attempt);
    let raw;
    switch (policy.kind) {
        case 'fixed':
            raw = policy.baseMs;
            break;
        case 'fibonacci':
            raw = policy.baseMs * fibonacci(n);
            break;
        case 'exponential': {
            raw = policy.baseMs * 2 ** Math.min(n - 1, 52);
            const capped = Math.min(raw, policy.capMs);
            // Jitter spreads retries of tasks that failed together so they do not stampede back.
            const spread = capped * policy.jitter;
            return Math.round(capped - spread + spread * random());
        }
    }
    return Math.round(Math.min(raw, policy.capMs));
}
function fibonacci(n) {
    let a = 1;
    let b = 1;
    for (let i = 2; i < n && b < Number.MAX_SAFE_INTEGER / 2; i++)
        [a, b] = [b, a + b];
    return n <= 2 ? 1 : b;
}
export function validateBackoff(input, field = 'backoff') {
    if (input === undefined || input === null)
        return DEFAULT_BACKOFF;
    if (typeof input !== 'object' || Array.isArray(input))
        throw new ValidationError(field, 'must be an object {kind, baseMs, capMs, jitter}');
    const o = input;
    for (const key of Object.keys(o)) {
        if (!['kind', 'baseMs', 'capMs', 'jitter'].includes(key))
            throw new ValidationError(`${field}.${key}`, 'unknown backoff option');
    }
    const kind = o.kind ?? DEFAULT_BACKOFF.kind;
    if (kind !== 'exponential' && kind !== 'fibonacci' && kind !== 'fixed') {
        throw new ValidationError(`${field}.kind`, `must be one of exponential, fibonacci, fixed; got ${JSON.stringify(kind)}`);
    }
    const baseMs = o.baseMs ?? DEFAULT_BACKOFF.baseMs;
    const capMs = o.capMs ?? DEFAULT_BACKOFF.capMs;
    const jitter = o.jitter ?? (kind === 'exponential' ? DEFAULT_BACKOFF.jitter : 0);
    // A retry waits at most capMs, so both are delays: bounded like every delay (36500d).
    const inRange = (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= MAX_DURATION_MS;
    if (!inRange(baseMs))
        throw new ValidationError(`${field}.baseMs`, `must be a number of milliseconds from 0 to ${MAX_DURATION_MS} (36500d); got ${JSON.stringify(baseMs)}`);
    if (!inRange(capMs))
        throw new ValidationError(`${field}.capMs`, `must be a number of milliseconds from 0 to ${MAX_DURATION_MS} (36500d); got ${JSON.stringify(capMs)}`);
    if (capMs < baseMs) {
        const which = o.capMs === undefined ? 'baseMs' : 'capMs';
        throw new ValidationError(`${field}.${which}`, `baseMs (${baseMs}) must not exceed capMs (${capMs}${o.capMs === undefined ? ', the default' : ''})`);
    }
    if (typeof jitter !== 'number' || !(jitter >= 0 && jitter <= 1))
        throw new ValidationError(`${field}.jitter`, `must be a number between 0 and 1; got ${JSON.stringify(jitter)}`);
    return { kind, baseMs, capMs, jitter };
}
//# sourceMappingURL=backoff.js.map