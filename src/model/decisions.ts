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
import { canStart, type FinishedState, type TaskState } from './state.js';
import type { TaskError, TaskId } from './task.js';
import { decideTrigger, type TriggerRule } from './trigger.js';

// ---- the errors the store writes, by kind ----

/** The `kind` of every error the store itself writes into a task (handlers' errors carry their own). */
export const ERROR_KIND = {
  /** Skipped: a dependency did not succeed (or, under any_failed, none failed). */
  DEPENDENCY: 'DEPENDENCY',
  /** Skipped by its lease holder: a run condition said there is nothing to do. */
  RUN_CONDITION: 'RUN_CONDITION',
  /** Cancelled by request, or because its parent was. */
  CANCELLED: 'CANCELLED',
  /** A waiting parent failed because one of its subtasks did. */
  SUBTASK: 'SUBTASK',
  /** Its worker stopped heartbeating during the last attempt. */
  LEASE_EXPIRED: 'LEASE_EXPIRED',
} as const;
export type StoreErrorKind = (typeof ERROR_KIND)[keyof typeof ERROR_KIND];

/** Why a dependent is skipped: the dependency that did not succeed, or none failing under any_failed. */
export function dependencySkipError(rule: TriggerRule, failedDependency: { id: TaskId; state: TaskState } | null): TaskError {
  const message = failedDependency ? `dependency ${failedDependency.id} ${failedDependency.state}` : `no dependency failed (trigger rule ${rule})`;
  return { message, kind: ERROR_KIND.DEPENDENCY };
}

export function runConditionError(reason: string): TaskError {
  return { message: reason, kind: ERROR_KIND.RUN_CONDITION };
}

export function cancelledError(reason: string): TaskError {
  return { message: reason, kind: ERROR_KIND.CANCELLED };
}

/** The reason given to each live task of a cancelled task's subtree. */
export function subtreeCancelReason(parentId: TaskId): string {
  return `parent ${parentId} cancelled`;
}

export function subtaskError(subtask: { id: TaskId; name: string; state: FinishedState }): TaskError {
  return { message: `subtask ${subtask.id} (${subtask.name}) ${subtask.state}`, kind: ERROR_KIND.SUBTASK };
}

export function leaseExpiredError(task: { attempt: number; maxAttempts: number; workerId: string | null }): TaskError {
  return {
    message: `lease expired on attempt ${task.attempt} of ${task.maxAttempts} (worker ${task.workerId} stopped heartbeating)`,
    kind: ERROR_KIND.LEASE_EXPIRED,
  };
}

// ---- event details, per event type ----

/** What an event records besides its type, time, attempt and worker (stored as JSON). */
export type EventDetail = Record<string, unknown>;

export const eventDetail = {
  created: (state: TaskState, dependsOn: readonly TaskId[]): EventDetail => (dependsOn.length ? { state, dependsOn: [...dependsOn] } : { state }),
  unblocked: (state: TaskState, lastDependency: TaskId): EventDetail => ({ state, lastDependency }),
  waiting: (childrenPending: number): EventDetail => ({ childrenPending }),
  timedOut: (error: TaskError): EventDetail => ({ error }),
  retryScheduled: (error: TaskError, retryAt: number): EventDetail => ({ error, retryAt }),
  leaseExpired: (workerId: string | null, leaseExpiresAt: number | null): EventDetail => ({ workerId, leaseExpiresAt }),
  retried: (previousState: TaskState): EventDetail => ({ previousState }),
  /** An enqueue that returned this task instead of creating one: by its idempotency key or its dedup key. */
  deduplicated: (by: 'key' | 'dedupKey', key: string): EventDetail => ({ by, key }),
  /** The event of a task entering a finished state (its type is the state). */
  finished: (state: FinishedState, error: TaskError | null): EventDetail | null =>
    state === 'succeeded' ? null : state === 'cancelled' ? { reason: error?.message ?? null } : { error },
};

// ---- creation ----

/** The state of a task free to run: pending, or scheduled while its run-at is ahead. */
export function readyState(runAt: number, now: number): 'pending' | 'scheduled' {
  return runAt > now ? 'scheduled' : 'pending';
}

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
export function createdState(
  task: { triggerRule: TriggerRule; runAt: number },
  dependencies: ReadonlyArray<{ id: TaskId; finished: FinishedState | null }>,
  now: number,
): CreatedState {
  let depsPending = 0;
  let depsFailed = 0;
  let firstFailed: { id: TaskId; state: TaskState } | null = null;
  for (const d of dependencies) {
    if (d.finished === null) depsPending++;
    else if (d.finished !== 'succeeded') {
      depsFailed++;
      firstFailed ??= { id: d.id, state: d.finished };
    }
  }
  const decision = dependencies.length ? decideTrigger(task.triggerRule, depsPending, depsFailed) : 'run';
  return {
    state: decision === 'run' ? readyState(task.runAt, now) : 'blocked',
    depsPending,
    depsFailed,
    skip: decision === 'skip' ? dependencySkipError(task.triggerRule, firstFailed) : null,
  };
}

// ---- completion and lease expiry ----

/** A completing task succeeds, or waits (holding no lease) while subtasks it spawned are open. */
export function completedState(task: { childrenPending: number }): 'succeeded' | 'waiting' {
  return task.childrenPending > 0 ? 'waiting' : 'succeeded';
}

/** A task whose lease ran out goes back to pending while attempts remain, else fails. */
export function afterLeaseExpired(task: { attempt: number; maxAttempts: number; workerId: string | null }): { state: 'pending' } | { state: 'failed'; error: TaskError } {
  if (task.attempt < task.maxAttempts) return { state: 'pending' };
  return { state: 'failed', error: leaseExpiredError(task) };
}

// ---- a finished task's dependents ----

/** How many of a dependent's finished dependencies count as failed: every one but a success. */
export function failedCount(cause: FinishedState, finished: number): number {
  return cause === 'succeeded' ? 0 : finished;
}

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
export function tallyFinishedDependencies<Id extends number | string>(edges: Iterable<{ depId: Id; taskId: Id }>, cause: FinishedState): Map<Id, CounterMove<Id>> {
  const out = new Map<Id, CounterMove<Id>>();
  for (const e of edges) {
    const m = out.get(e.taskId);
    if (!m) out.set(e.taskId, { finished: 1, failed: failedCount(cause, 1), last: e.depId });
    else {
      m.finished++;
      m.failed = failedCount(cause, m.finished);
      if (idAfter(e.depId, m.last)) m.last = e.depId;
    }
  }
  return out;
}

/** Integer ids as numbers (SQLite) or decimal strings (PostgreSQL bigints): a comes after b. */
export function idAfter<Id extends number | string>(a: Id, b: Id): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a > b;
  const x = String(a);
  const y = String(b);
  return x.length !== y.length ? x.length > y.length : x > y;
}

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
  unblocked: Array<{ id: Id; detail: EventDetail }>;
  /** Dependents that will never run: finished as skipped (and their own consequences follow). */
  skipped: Array<{ id: Id; error: TaskError }>;
}

/**
 * Decides each dependent by its trigger rule, in id order: blocked ones now free to run are
 * unblocked (to pending, or scheduled while their run-at is ahead), those that can never run
 * are skipped, the rest wait. Only a blocked task is unblocked or skipped by its dependencies.
 */
export function planDependents<Id extends number | string>(
  dependents: Iterable<DependentCounters<Id>>,
  cause: FinishedState,
  lastOf: (dependent: Id) => Id,
  now: number,
): DependentsPlan<Id> {
  const plan: DependentsPlan<Id> = { toPending: [], toScheduled: [], unblocked: [], skipped: [] };
  const sorted = [...dependents].sort((a, b) => (idAfter(a.id, b.id) ? 1 : idAfter(b.id, a.id) ? -1 : 0));
  for (const d of sorted) {
    if (!canStart('dependencyFinished', d.state)) continue;
    const decision = decideTrigger(d.triggerRule, d.depsPending, d.depsFailed);
    if (decision === 'run') {
      const state = readyState(d.runAt, now);
      (state === 'pending' ? plan.toPending : plan.toScheduled).push(d.id);
      plan.unblocked.push({ id: d.id, detail: eventDetail.unblocked(state, String(lastOf(d.id))) });
    } else if (decision === 'skip') {
      const failed = cause === 'succeeded' ? null : { id: String(lastOf(d.id)), state: cause };
      plan.skipped.push({ id: d.id, error: dependencySkipError(d.triggerRule, failed) });
    }
  }
  return plan;
}

// ---- a finished task's waiting parent ----

/**
 * Whether a subtask that ended in `state` fails the parent waiting on it. Cancelled does not (the
 * parent or an operator chose it); a skip because its run condition said no does not (there was
 * nothing to do); a skip because one of its dependencies failed does, like a failure.
 */
export function failsParent(state: FinishedState, error: { kind?: string } | null): boolean {
  if (state === 'failed') return true;
  if (state === 'skipped') return error?.kind !== ERROR_KIND.RUN_CONDITION;
  return false;
}

/**
 * A subtask finished and its parent's count of open subtasks went down: a parent waiting on it
 * fails (see failsParent) or, after its last subtask, succeeds. A parent that is not waiting
 * (still running, or being cancelled) is left alone: it finishes on its own terms.
 */
export function parentAfterSubtask(
  parent: { state: TaskState; childrenPending: number } | undefined,
  subtask: { id: TaskId; name: string; state: FinishedState; error: TaskError | null },
): { state: 'succeeded'; error: null } | { state: 'failed'; error: TaskError } | null {
  if (!parent || !canStart('subtaskFinished', parent.state)) return null;
  if (failsParent(subtask.state, subtask.error)) return { state: 'failed', error: subtaskError(subtask) };
  return parent.childrenPending === 0 ? { state: 'succeeded', error: null } : null;
}

// ---- lease tokens ----

/**
 * A lease token is a JS-safe integer (53 bits) made at each claim: the low LEASE_TOKEN_RANDOM_BITS
 * bits come from the database's cryptographic random source, the bits above them count the task's
 * claims (wrapping after 8,191). So a token still grows with each claim of its task (readable in
 * logs, comparable in tests), yet knowing the last one, or the attempt number, gives one chance
 * in 2^40 (about 10^12) of naming the current one: a guessed or stale token is refused.
 * A number rather than a string keeps the wire format and every prepared statement as they were.
 */
export const LEASE_TOKEN_RANDOM_BITS = 40;
export const LEASE_TOKEN_COUNTER_BITS = 53 - LEASE_TOKEN_RANDOM_BITS;

/** How many times the task had been claimed (modulo 2^13) when this token was made. */
export function leaseTokenClaimCount(token: number): number {
  return Math.floor(token / 2 ** LEASE_TOKEN_RANDOM_BITS);
}
