/**
 * What a state change implies, decided once for every store driver. A driver reads the rows a
 * decision needs, asks the functions here what follows, and carries that out in its own SQL
 * (set-based where it pays); it decides nothing itself. Every function is pure and tested on its
 * own (decisions.test.ts); the legal transitions themselves are the table in state.ts.
 *
 * Where to look:
 *   a task is created .............. createdState, eventDetail.created
 *   a worker completes .............. completedState (succeeded, or waiting for subtasks)
 *   a worker fails .................. retry or not is the engine's (engine/retry-policy.ts);
 *                                     eventDetail.timedOut, eventDetail.retryScheduled
 *   a worker skips .................. runConditionError
 *   a lease expires ................. afterLeaseExpired, eventDetail.leaseExpired
 *   any task finishes ............... eventDetail.finished; then its dependents:
 *                                     tallyFinishedDependencies, planDependents;
 *                                     and its waiting parent: parentAfterSubtask (failsParent)
 *   a task is cancelled ............. cancelledError; its live subtree: subtreeCancelReason
 *   retry by hand ................... canStart('retryByHand', state), eventDetail.retried
 */
import { type FinishedState, type TaskState } from './state.js';
import type { TaskError, TaskId } from './task.js';
import { type TriggerRule } from './trigger.js';
/** The `kind` of every error the store itself writes into a task (handlers' errors carry their own). */
export declare const ERROR_KIND: {
    /** Skipped: a dependency did not succeed (or, under any_failed, none failed). */
    readonly DEPENDENCY: "DEPENDENCY";
    /** Skipped by its lease holder: a run condition said there is nothing to do. */
    readonly RUN_CONDITION: "RUN_CONDITION";
    /** Cancelled by request, or because its parent was. */
    readonly CANCELLED: "CANCELLED";
    /** A waiting parent failed because one of its subtasks did. */
    readonly SUBTASK: "SUBTASK";
    /** Its worker stopped heartbeating during the last attempt. */
    readonly LEASE_EXPIRED: "LEASE_EXPIRED";
};
export type StoreErrorKind = (typeof ERROR_KIND)[keyof typeof ERROR_KIND];
/** Why a dependent is skipped: the dependency that did not succeed, or none failing under any_failed. */
export declare function dependencySkipError(rule: TriggerRule, failedDependency: {
    id: TaskId;
    state: TaskState;
} | null): TaskError;
export declare function runConditionError(reason: string): TaskError;
export declare function cancelledError(reason: string): TaskError;
/** The reason given to each live task of a cancelled task's subtree. */
export declare function subtreeCancelReason(parentId: TaskId): string;
export declare function subtaskError(subtask: {
    id: TaskId;
    name: string;
    state: FinishedState;
}): TaskError;
export declare function leaseExpiredError(task: {
    attempt: number;
    maxAttempts: number;
    workerId: string | null;
}): TaskError;
/** What an event records besides its type, time, attempt and worker (stored as JSON). */
export type EventDetail = Record<string, unknown>;
export declare const eventDetail: {
    created: (state: TaskState, dependsOn: readonly TaskId[]) => EventDetail;
    unblocked: (state: TaskState, lastDependency: TaskId) => EventDetail;
    waiting: (childrenPending: number) => EventDetail;
    timedOut: (error: TaskError) => EventDetail;
    retryScheduled: (error: TaskError, retryAt: number) => EventDetail;
    leaseExpired: (workerId: string | null, leaseExpiresAt: number | null) => EventDetail;
    retried: (previousState: TaskState) => EventDetail;
    /** An enqueue that returned this task instead of creating one: by its idempotency key or its dedup key. */
    deduplicated: (by: "key" | "dedupKey", key: string) => EventDetail;
    /** The event of a task entering a finished state (its type is the state). */
    finished: (state: FinishedState, error: TaskError | null) => EventDetail | null;
};
/** The state of a task free to run: pending, or scheduled while its run-at is ahead. */
export declare function readyState(runAt: number, now: number): 'pending' | 'scheduled';
export interface CreatedState {
    state: 'blocked' | 'scheduled' | 'pending';
    depsPending: number;
    depsFailed: number;
    /** Set when its dependencies already decide it will never run: it is created and skipped at once. */
    skip: TaskError | null;
}
/**
 * The state a new task starts in, given each of its (distinct) dependencies: one not finished
 * yet (`finished: null`) counts as pending — its own finish will move this task's counters —,
 * one finished without succeeding as failed; the trigger rule then decides between blocked,
 * ready and skipped.
 */
export declare function createdState(task: {
    triggerRule: TriggerRule;
    runAt: number;
}, dependencies: ReadonlyArray<{
    id: TaskId;
    finished: FinishedState | null;
}>, now: number): CreatedState;
/** A completing task succeeds, or waits (holding no lease) while subtasks it spawned are open. */
export declare function completedState(task: {
    childrenPending: number;
}): 'succeeded' | 'waiting';
/** A task whose lease ran out goes back to pending while attempts remain, else fails. */
export declare function afterLeaseExpired(task: {
    attempt: number;
    maxAttempts: number;
    workerId: string | null;
}): {
    state: 'pending';
} | {
    state: 'failed';
    error: TaskError;
};
/** How many of a dependent's finished dependencies count as failed: every one but a success. */
export declare function failedCount(cause: FinishedState, finished: number): number;
export interface CounterMove<Id> {
    /** Dependencies of this dependent that just finished. */
    finished: number;
    /** Of those, how many did not succeed. */
    failed: number;
    /** The one with the highest id: named in the dependent's event. */
    last: Id;
}
/**
 * Tasks that finished the same way (`cause`), given as dependency edges (depId finished, taskId
 * waits on it): each dependent's counters move once, by how many of its dependencies finished (a
 * fan-in of many in one batch is one update, not many).
 */
export declare function tallyFinishedDependencies<Id extends number | string>(edges: Iterable<{
    depId: Id;
    taskId: Id;
}>, cause: FinishedState): Map<Id, CounterMove<Id>>;
/** Integer ids as numbers (SQLite) or decimal strings (PostgreSQL bigints): a comes after b. */
export declare function idAfter<Id extends number | string>(a: Id, b: Id): boolean;
/** A dependent's state and counters, after they moved. */
export interface DependentCounters<Id> {
    id: Id;
    state: TaskState;
    triggerRule: TriggerRule;
    depsPending: number;
    depsFailed: number;
    runAt: number;
}
/** What to do with the dependents whose counters just moved: one set statement per target state. */
export interface DependentsPlan<Id> {
    toPending: Id[];
    toScheduled: Id[];
    /** The `unblocked` event of each of them. */
    unblocked: Array<{
        id: Id;
        detail: EventDetail;
    }>;
    /** Dependents that will never run: finished as skipped (and their own consequences follow). */
    skipped: Array<{
        id: Id;
        error: TaskError;
    }>;
}
/**
 * Decides each dependent by its trigger rule, in id order: blocked ones now free to run are
 * unblocked (to pending, or scheduled while their run-at is ahead), those that can never run
 * are skipped, the rest wait. Only a blocked task is unblocked or skipped by its dependencies.
 */
export declare function planDependents<Id extends number | string>(dependents: Iterable<DependentCounters<Id>>, cause: FinishedState, lastOf: (dependent: Id) => Id, now: number): DependentsPlan<Id>;
/**
 * Whether a subtask that ended in `state` fails the parent waiting on it. Cancelled does not (the
 * parent or an operator chose it); a skip because its run condition said no does not (there was
 * nothing to do); a skip because one of its dependencies failed does, like a failure.
 */
export declare function failsParent(state: FinishedState, error: {
    kind?: string;
} | null): boolean;
/**
 * A subtask finished and its parent's count of open subtasks went down: a parent waiting on it
 * fails (see failsParent) or, after its last subtask, succeeds. A parent that is not waiting
 * (still running, or being cancelled) is left alone: it finishes on its own terms.
 */
export declare function parentAfterSubtask(parent: {
    state: TaskState;
    childrenPending: number;
} | undefined, subtask: {
    id: TaskId;
    name: string;
    state: FinishedState;
    error: TaskError | null;
}): {
    state: 'succeeded';
    error: null;
} | {
    state: 'failed';
    error: TaskError;
} | null;
/**
 * A lease token is a JS-safe integer (53 bits) made at each claim: the low LEASE_TOKEN_RANDOM_BITS
 * bits come from the database's cryptographic random source, the bits above them count the task's
 * claims (wrapping after 8,191). So a token still grows with each claim of its task (readable in
 * logs, comparable in tests), yet knowing the last one, or the attempt number, gives one chance
 * in 2^40 (about 10^12) of naming the current one: a guessed or stale token is refused.
 * A number rather than a string keeps the wire format and every prepared statement as they were.
 */
export declare const LEASE_TOKEN_RANDOM_BITS = 40;
export declare const LEASE_TOKEN_COUNTER_BITS: number;
/** How many times the task had been claimed (modulo 2^13) when this token was made. */
export declare function leaseTokenClaimCount(token: number): number;
