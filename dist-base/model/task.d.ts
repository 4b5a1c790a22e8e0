/**
 * The task record as every part of taskframe sees it. Times are epoch milliseconds; ids are
 * strings so that every driver (SQLite integers, PostgreSQL bigints) looks the same.
 */
import type { BackoffPolicy } from './backoff.js';
import type { TaskState } from './state.js';
import type { Collapse } from './collapse.js';
import type { TriggerRule } from './trigger.js';
export type TaskId = string;
export type Json = null | boolean | number | string | Json[] | {
    [key: string]: Json;
};
export interface TaskError {
    message: string;
    /** Error class or kind: 'Error', 'TIMEOUT', 'NO_HANDLER', 'EXIT', … */
    kind?: string;
    stack?: string;
    [key: string]: Json | undefined;
}
export interface Task {
    id: TaskId;
    /** The task type: names the handler or unit that runs it. */
    name: string;
    queue: string;
    state: TaskState;
    payload: Json;
    result: Json | null;
    error: TaskError | null;
    progress: Json | null;
    priority: number;
    runAt: number;
    /** Attempts started so far (1 while the first attempt runs). */
    attempt: number;
    maxAttempts: number;
    backoff: BackoffPolicy;
    timeoutMs: number | null;
    /**
     * Fencing token, new at every claim: random in its low bits, so it cannot be guessed (see
     * LEASE_TOKEN_RANDOM_BITS in decisions.ts); a late or guessed call with another token is refused.
     */
    leaseToken: number;
    leaseExpiresAt: number | null;
    workerId: string | null;
    parentId: TaskId | null;
    runId: string | null;
    key: string | null;
    tags: string[];
    /** Dependencies not finished yet. */
    depsPending: number;
    /** Dependencies that finished without succeeding. */
    depsFailed: number;
    /** When the task may run given how its dependencies ended (default all_success). */
    triggerRule: TriggerRule;
    /** Permanent idempotency key (e.g. a bus message id): never reused, live or finished. */
    dedupKey: string | null;
    /** Spawned subtasks not yet finished; a `waiting` task finishes when this reaches zero. */
    childrenPending: number;
    createdAt: number;
    startedAt: number | null;
    finishedAt: number | null;
    updatedAt: number;
}
/** A task a worker holds under a lease. */
export type ClaimedTask = Task & {
    state: 'running';
    leaseExpiresAt: number;
    workerId: string;
};
export declare const EVENT_TYPES: readonly ["created", "claimed", "progress", "retry_scheduled", "lease_expired", "timed_out", "succeeded", "waiting", "failed", "cancelled", "unclaimed", "unblocked", "skipped", "retried", "deduplicated", "debounced"];
export type EventType = (typeof EVENT_TYPES)[number];
export interface TaskEvent {
    id: string;
    taskId: TaskId;
    type: EventType;
    at: number;
    attempt: number;
    workerId: string | null;
    detail: Json | null;
}
/** A fully resolved task to insert: the engine fills every default before the store sees it. */
export interface NewTask {
    name: string;
    queue: string;
    payload: Json;
    priority: number;
    runAt: number;
    maxAttempts: number;
    backoff: BackoffPolicy;
    timeoutMs: number | null;
    parentId: TaskId | null;
    runId: string | null;
    key: string | null;
    tags: string[];
    dependsOn: TaskId[];
    triggerRule: TriggerRule;
    dedupKey: string | null;
    /** Debounce or throttle: enqueues with the same key collapse into this task (model/collapse.ts). */
    collapse?: Collapse | null;
}
