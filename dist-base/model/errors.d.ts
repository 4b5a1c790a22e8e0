/**
 * Every error taskframe raises on purpose carries a stable `code` (for scripts and the HTTP
 * layer) and a `context` object (what was being done, to what). Messages are for people.
 */
export type ErrorCode = 'VALIDATION' | 'ILLEGAL_TRANSITION' | 'LEASE_LOST' | 'NOT_FOUND' | 'CONFLICT' | 'STORE' | 'STORE_OPEN' | 'STORE_UNAVAILABLE' | 'SCHEMA_TOO_NEW' | 'TIMEOUT' | 'CANCELLED' | 'NO_HANDLER' | 'BATCH_OUTCOME_MISSING' | 'HANDLER' | 'PROVIDER' | 'BUS_REJECTED';
export declare class TaskframeError extends Error {
    readonly code: ErrorCode;
    readonly context: Record<string, unknown>;
    constructor(code: ErrorCode, message: string, context?: Record<string, unknown>, options?: {
        cause?: unknown;
    });
    toJSON(): Record<string, unknown>;
}
/** Bad input from a user: names the field (or file:line) and what is wrong with it. */
export declare class ValidationError extends TaskframeError {
    readonly field: string;
    constructor(field: string, message: string, context?: Record<string, unknown>);
}
export declare class IllegalTransitionError extends TaskframeError {
    constructor(from: string, to: string, context?: Record<string, unknown>);
}
/**
 * The caller's lease on a task is no longer valid: it expired and the task moved on, or the
 * task was cancelled. The late call changed nothing.
 */
export declare class LeaseLostError extends TaskframeError {
    constructor(taskId: string, leaseToken: number, actualState: string | null);
}
export declare class NotFoundError extends TaskframeError {
    constructor(what: string, id: string);
}
export declare class ConflictError extends TaskframeError {
    constructor(message: string, context?: Record<string, unknown>);
}
export declare class StoreError extends TaskframeError {
    constructor(message: string, context?: Record<string, unknown>, options?: {
        cause?: unknown;
    });
}
/** The store URL could not be opened: wrong scheme, unreadable file, not a database, refused. */
export declare class StoreOpenError extends TaskframeError {
    constructor(url: string, message: string, options?: {
        cause?: unknown;
    });
}
/**
 * The store cannot be reached right now: the connection broke, the server is restarting or
 * failing over, the host is cut off, the disk is full. Retryable: the same call may work a
 * moment later. An operation that fails with it was not acknowledged; it may or may not have
 * been applied (a commit whose answer was lost), so a retried enqueue without an idempotency
 * key can create the task twice, and nothing that was acknowledged is ever lost.
 */
export declare class StoreUnavailableError extends TaskframeError {
    readonly retryable = true;
    constructor(message: string, context?: Record<string, unknown>, options?: {
        cause?: unknown;
    });
}
export declare function isStoreUnavailable(err: unknown): err is StoreUnavailableError;
export declare class SchemaTooNewError extends TaskframeError {
    constructor(found: number, supported: number);
}
export declare class TaskTimeoutError extends TaskframeError {
    constructor(taskId: string, timeoutMs: number);
}
export declare class TaskCancelledError extends TaskframeError {
    constructor(taskId: string);
}
export declare class NoHandlerError extends TaskframeError {
    constructor(name: string, known: string[]);
}
/** Thrown by a handler to be retried after a given delay, whatever the backoff policy says. */
export declare class RetryLater extends Error {
    readonly delayMs: number;
    constructor(delayMs: number, message?: string);
}
/**
 * Thrown by a handler to finish the task as `skipped`, not failed: a run condition said there
 * is nothing to do. No retry; the reason is kept as the task's error (kind RUN_CONDITION).
 */
export declare class SkipTask extends Error {
    readonly reason: string;
    constructor(reason: string);
}
/** Thrown by a handler to fail the task for good: no further attempts. */
export declare class NonRetryableError extends Error {
    constructor(message: string, options?: {
        cause?: unknown;
    });
}
export declare function redactUrl(url: string): string;
/** A batch handler returned without an outcome (result or error) for one of its tasks. */
export declare class BatchOutcomeMissingError extends TaskframeError {
    constructor(taskId: string, name: string);
}
