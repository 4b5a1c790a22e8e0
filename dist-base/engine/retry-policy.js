/**
 * What happens after an attempt fails: retry after a delay, or fail for good. Pure, so the
 * schedule is tested with a fixed clock and a fixed random source.
 */
import { backoffDelay } from '../model/backoff.js';
import { NonRetryableError, RetryLater, TaskframeError, TaskTimeoutError } from '../model/errors.js';
const STACK_LIMIT = 4000;
export function toTaskError(err) {
    // "Do not retry" wrapped around a failure: the failure still says what it was (its kind, code).
    if (err instanceof NonRetryableError && err.cause instanceof Error)
        return { ...toTaskError(err.cause), message: err.message || err.cause.message };
    if (err instanceof TaskframeError) {
        return { message: err.message, kind: err.code, ...(err.stack ? { stack: err.stack.slice(0, STACK_LIMIT) } : {}) };
    }
    if (err instanceof Error) {
        const extra = {};
        const e = err;
        if (typeof e.code === 'string' || typeof e.code === 'number')
            extra.code = e.code;
        if (typeof e.exitCode === 'number')
            extra.exitCode = e.exitCode;
        if (typeof e.signal === 'string')
            extra.signal = e.signal;
        return { message: err.message || err.name, kind: err.name, ...extra, ...(err.stack ? { stack: err.stack.slice(0, STACK_LIMIT) } : {}) };
    }
    return { message: typeof err === 'string' ? err : JSON.stringify(err) ?? String(err), kind: 'thrown' };
}
export function decideFailure(task, err, now, random = Math.random) {
    const error = toTaskError(err);
    const reason = err instanceof TaskTimeoutError ? 'timed_out' : 'failed';
    if (err instanceof NonRetryableError)
        return { error: { ...error, retryable: false }, retryAt: null, reason };
    if (task.attempt >= task.maxAttempts)
        return { error, retryAt: null, reason };
    if (err instanceof RetryLater)
        return { error, retryAt: now + Math.max(0, err.delayMs), reason };
    return { error, retryAt: now + backoffDelay(task.backoff, task.attempt, random), reason };
}
//# sourceMappingURL=retry-policy.js.map