export class TaskframeError extends Error {
    code;
    context;
    constructor(code, message, context = {}, options) {
        super(message, options);
        this.name = new.target.name;
        this.code = code;
        this.context = context;
    }
    toJSON() {
        return { name: this.name, code: this.code, message: this.message, context: this.context };
    }
}
/** Bad input from a user: names the field (or file:line) and what is wrong with it. */
export class ValidationError extends TaskframeError {
    field;
    constructor(field, message, context = {}) {
        super('VALIDATION', `${field}: ${message}`, { field, ...context });
        this.field = field;
    }
}
export class IllegalTransitionError extends TaskframeError {
    constructor(from, to, context = {}) {
        super('ILLEGAL_TRANSITION', `illegal state transition ${from} -> ${to}`, { from, to, ...context });
    }
}
/**
 * The caller's lease on a task is no longer valid: it expired and the task moved on, or the
 * task was cancelled. The late call changed nothing.
 */
export class LeaseLostError extends TaskframeError {
    constructor(taskId, leaseToken, actualState) {
        super('LEASE_LOST', `lease lost on task ${taskId} (token ${leaseToken}); the task is now ${actualState ?? 'gone'}`, { taskId, leaseToken, actualState });
    }
}
export class NotFoundError extends TaskframeError {
    constructor(what, id) {
        super('NOT_FOUND', `${what} ${id} not found`, { what, id });
    }
}
export class ConflictError extends TaskframeError {
    constructor(message, context = {}) {
        super('CONFLICT', message, context);
    }
}
export class StoreError extends TaskframeError {
    constructor(message, context = {}, options) {
        super('STORE', message, context, options);
    }
}
/** The store URL could not be opened: wrong scheme, unreadable file, not a database, refused. */
export class StoreOpenError extends TaskframeError {
    constructor(url, message, options) {
        super('STORE_OPEN', `cannot open store ${redactUrl(url)}: ${message}`, { url: redactUrl(url) }, options);
    }
}
/**
 * The store cannot be reached right now: the connection broke, the server is restarting or
 * failing over, the host is cut off, the disk is full. Retryable: the same call may work a
 * moment later. An operation that fails with it was not acknowledged; it may or may not have
 * been applied (a commit whose answer was lost), so a retried enqueue without an idempotency
 * key can create the task twice, and nothing that was acknowledged is ever lost.
 */
export class StoreUnavailableError extends TaskframeError {
    retryable = true;
    constructor(message, context = {}, options) {
        super('STORE_UNAVAILABLE', message, context, options);
    }
}
export function isStoreUnavailable(err) {
    return err instanceof TaskframeError && err.code === 'STORE_UNAVAILABLE';
}
export class SchemaTooNewError extends TaskframeError {
    constructor(found, supported) {
        super('SCHEMA_TOO_NEW', `database schema is version ${found} but this taskframe supports up to ${supported}; upgrade taskframe`, { found, supported });
    }
}
export class TaskTimeoutError extends TaskframeError {
    constructor(taskId, timeoutMs) {
        super('TIMEOUT', `task ${taskId} timed out after ${timeoutMs} ms`, { taskId, timeoutMs });
    }
}
export class TaskCancelledError extends TaskframeError {
    constructor(taskId) {
        super('CANCELLED', `task ${taskId} was cancelled`, { taskId });
    }
}
export class NoHandlerError extends TaskframeError {
    constructor(name, known) {
        super('NO_HANDLER', `no handler registered for task name "${name}"${known.length ? ` (known: ${known.join(', ')})` : ''}`, {
            name,
        });
    }
}
/** Thrown by a handler to be retried after a given delay, whatever the backoff policy says. */
export class RetryLater extends Error {
    delayMs;
    constructor(delayMs, message = `retry requested in ${delayMs} ms`) {
        super(message);
        this.name = 'RetryLater';
        this.delayMs = delayMs;
    }
}
/**
 * Thrown by a handler to finish the task as `skipped`, not failed: a run condition said there
 * is nothing to do. No retry; the reason is kept as the task's error (kind RUN_CONDITION).
 */
export class SkipTask extends Error {
    reason;
    constructor(reason) {
        super(reason);
        this.reason = reason;
        this.name = 'SkipTask';
    }
}
/** Thrown by a handler to fail the task for good: no further attempts. */
export class NonRetryableError extends Error {
    constructor(message, options) {
        super(message, options);
        this.name = 'NonRetryableError';
    }
}
export function redactUrl(url) {
    return url.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@');
}
/** A batch handler returned without an outcome (result or error) for one of its tasks. */
export class BatchOutcomeMissingError extends TaskframeError {
    constructor(taskId, name) {
        super('BATCH_OUTCOME_MISSING', `the batch handler for "${name}" returned without settling task ${taskId} (return an array in the order of the tasks, a Map by task id, or call ctx.succeed/ctx.fail)`, {
            taskId,
            name,
        });
    }
}
//# sourceMappingURL=errors.js.map