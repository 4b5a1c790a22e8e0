export type BackoffKind = 'exponential' | 'fibonacci' | 'fixed';
export interface BackoffPolicy {
    kind: BackoffKind;
    /** Delay before the first retry (ms). */
    baseMs: number;
    /** No delay exceeds this (ms). */
    capMs: number;
    /** Exponential only: fraction of the delay that is randomised (0 = none, 1 = full jitter). */
    jitter: number;
}
export declare const DEFAULT_BACKOFF: BackoffPolicy;
/**
 * Delay before the next attempt, after `attempt` attempts have failed (attempt >= 1).
 * `random` is injectable so tests can assert exact schedules.
 */
export declare function backoffDelay(policy: BackoffPolicy, attempt: number, random?: () => number): number;
export declare function validateBackoff(input: unknown, field?: string): BackoffPolicy;
