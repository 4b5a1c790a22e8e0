import { describe, expect, it } from 'vitest';
import {
  afterLeaseExpired,
  cancelledError,
  completedState,
  createdState,
  dependencySkipError,
  ERROR_KIND,
  eventDetail,
  failedCount,
  failsParent,
  idAfter,
  LEASE_TOKEN_COUNTER_BITS,
  LEASE_TOKEN_RANDOM_BITS,
  leaseTokenClaimCount,
  parentAfterSubtask,
  planDependents,
  readyState,
  runConditionError,
  subtreeCancelReason,
  tallyFinishedDependencies,
  type DependentCounters,
} from './decisions.js';
import { decideTrigger } from './trigger.js';

const NOW = 1_000_000;

describe('trigger rules', () => {
  it.each([
    ['all_success', 1, 0, 'wait'],
    ['all_success', 0, 0, 'run'],
    ['all_success', 1, 1, 'skip'],
    ['all_done', 1, 1, 'wait'],
    ['all_done', 0, 2, 'run'],
    ['any_failed', 2, 0, 'wait'],
    ['any_failed', 2, 1, 'run'],
    ['any_failed', 0, 0, 'skip'],
  ] as const)('%s with %i pending and %i failed: %s', (rule, pending, failed, decision) => {
    expect(decideTrigger(rule, pending, failed)).toBe(decision);
  });
});

describe('creation', () => {
  it('a task without dependencies is pending, or scheduled while its run-at is ahead', () => {
    expect(readyState(NOW, NOW)).toBe('pending');
    expect(readyState(NOW + 1, NOW)).toBe('scheduled');
    expect(createdState({ triggerRule: 'all_success', runAt: NOW }, [], NOW)).toEqual({ state: 'pending', depsPending: 0, depsFailed: 0, skip: null });
    expect(createdState({ triggerRule: 'all_success', runAt: NOW + 5 }, [], NOW).state).toBe('scheduled');
  });

  it('counts live dependencies as pending and finished unsuccessful ones as failed', () => {
    const c = createdState(
      { triggerRule: 'all_done', runAt: NOW },
      [{ id: '1', finished: null }, { id: '2', finished: 'succeeded' }, { id: '3', finished: 'cancelled' }],
      NOW,
    );
    expect(c).toEqual({ state: 'blocked', depsPending: 1, depsFailed: 1, skip: null });
  });

  it('every dependency finished well: ready at once (scheduled if its time is ahead)', () => {
    expect(createdState({ triggerRule: 'all_success', runAt: NOW + 9 }, [{ id: '1', finished: 'succeeded' }], NOW).state).toBe('scheduled');
  });

  it('a dependency already failed: created blocked and skipped, naming the first one that did not succeed', () => {
    const c = createdState({ triggerRule: 'all_success', runAt: NOW }, [{ id: '7', finished: 'succeeded' }, { id: '8', finished: 'skipped' }, { id: '9', finished: 'failed' }], NOW);
    expect(c.state).toBe('blocked');
    expect(c.skip).toEqual({ message: 'dependency 8 skipped', kind: 'DEPENDENCY' });
  });

  it('any_failed with every dependency succeeded is skipped, saying so', () => {
    const c = createdState({ triggerRule: 'any_failed', runAt: NOW }, [{ id: '1', finished: 'succeeded' }], NOW);
    expect(c.skip).toEqual({ message: 'no dependency failed (trigger rule any_failed)', kind: ERROR_KIND.DEPENDENCY });
  });

  it('the created event names the state, and the dependencies when there are some', () => {
    expect(eventDetail.created('pending', [])).toEqual({ state: 'pending' });
    expect(eventDetail.created('blocked', ['1', '2'])).toEqual({ state: 'blocked', dependsOn: ['1', '2'] });
  });
});

describe('completion and lease expiry', () => {
  it('a completing task waits while subtasks are open, else succeeds', () => {
    expect(completedState({ childrenPending: 2 })).toBe('waiting');
    expect(completedState({ childrenPending: 0 })).toBe('succeeded');
    expect(eventDetail.waiting(2)).toEqual({ childrenPending: 2 });
  });

  it('an expired lease with attempts left makes the task pending; on the last attempt it fails, naming attempt and worker', () => {
    expect(afterLeaseExpired({ attempt: 1, maxAttempts: 3, workerId: 'w1' })).toEqual({ state: 'pending' });
    expect(afterLeaseExpired({ attempt: 3, maxAttempts: 3, workerId: 'w1' })).toEqual({
      state: 'failed',
      error: { message: 'lease expired on attempt 3 of 3 (worker w1 stopped heartbeating)', kind: 'LEASE_EXPIRED' },
    });
    expect(eventDetail.leaseExpired('w1', 123)).toEqual({ workerId: 'w1', leaseExpiresAt: 123 });
  });
});

describe('a finished task\'s dependents', () => {
  it('failures count as failed; successes do not', () => {
    expect(failedCount('succeeded', 3)).toBe(0);
    expect(failedCount('skipped', 3)).toBe(3);
  });

  it('a fan-in moves once per dependent, by how many of its dependencies finished, naming the highest id', () => {
    const edges = [
      { depId: '9', taskId: '100' },
      { depId: '10', taskId: '100' },
      { depId: '2', taskId: '100' },
      { depId: '9', taskId: '101' },
    ];
    const t = tallyFinishedDependencies(edges, 'failed');
    expect(t.get('100')).toEqual({ finished: 3, failed: 3, last: '10' });
    expect(t.get('101')).toEqual({ finished: 1, failed: 1, last: '9' });
    expect(tallyFinishedDependencies([{ depId: 3, taskId: 5 }, { depId: 4, taskId: 5 }], 'succeeded').get(5)).toEqual({ finished: 2, failed: 0, last: 4 });
  });

  it('orders ids as numbers, whether numbers or decimal strings', () => {
    expect(idAfter('10', '9')).toBe(true);
    expect(idAfter('9', '10')).toBe(false);
    expect(idAfter('12345678901234567890', '12345678901234567889')).toBe(true);
    expect(idAfter(10, 9)).toBe(true);
  });

  const dep = (id: number, over: Partial<DependentCounters<number>> = {}): DependentCounters<number> => ({
    id, state: 'blocked', triggerRule: 'all_success', depsPending: 0, depsFailed: 0, runAt: NOW, ...over,
  });

  it('unblocks the ready ones in id order (pending, or scheduled while their time is ahead), leaves the waiting ones', () => {
    const plan = planDependents([dep(3), dep(1, { runAt: NOW + 1 }), dep(2, { depsPending: 1 })], 'succeeded', () => 42, NOW);
    expect(plan.toPending).toEqual([3]);
    expect(plan.toScheduled).toEqual([1]);
    expect(plan.unblocked).toEqual([
      { id: 1, detail: { state: 'scheduled', lastDependency: '42' } },
      { id: 3, detail: { state: 'pending', lastDependency: '42' } },
    ]);
    expect(plan.skipped).toEqual([]);
  });

  it('skips those that can never run, naming the dependency that finished last and how', () => {
    const plan = planDependents([dep(5, { depsFailed: 1, depsPending: 2 }), dep(6, { triggerRule: 'all_done', depsFailed: 1 })], 'cancelled', (d) => d * 10, NOW);
    expect(plan.skipped).toEqual([{ id: 5, error: { message: 'dependency 50 cancelled', kind: 'DEPENDENCY' } }]);
    expect(plan.toPending).toEqual([6]);
  });

  it('any_failed: runs at the first failure; skipped once everything succeeded', () => {
    expect(planDependents([dep(1, { triggerRule: 'any_failed', depsPending: 3, depsFailed: 1 })], 'failed', () => 9, NOW).toPending).toEqual([1]);
    expect(planDependents([dep(1, { triggerRule: 'any_failed' })], 'succeeded', () => 9, NOW).skipped).toEqual([
      { id: 1, error: dependencySkipError('any_failed', null) },
    ]);
  });

  it('only a blocked dependent is settled (one cancelled or already skipped is left alone)', () => {
    const plan = planDependents([dep(1, { state: 'cancelled' }), dep(2, { state: 'pending' })], 'succeeded', () => 9, NOW);
    expect(plan).toEqual({ toPending: [], toScheduled: [], unblocked: [], skipped: [] });
  });
});

describe('a finished task\'s waiting parent', () => {
  const sub = (state: 'succeeded' | 'failed' | 'cancelled' | 'skipped', error: { message: string; kind?: string } | null = null) => ({ id: '12', name: 'resize', state, error });

  it('fails on a failed subtask, or one skipped because a dependency failed; not on a cancel or a run-condition skip', () => {
    expect(failsParent('failed', null)).toBe(true);
    expect(failsParent('skipped', dependencySkipError('all_success', { id: '1', state: 'failed' }))).toBe(true);
    expect(failsParent('skipped', runConditionError('nothing to do'))).toBe(false);
    expect(failsParent('cancelled', cancelledError('x'))).toBe(false);
    expect(failsParent('succeeded', null)).toBe(false);
  });

  it('a waiting parent fails naming the subtask, or succeeds after its last subtask', () => {
    expect(parentAfterSubtask({ state: 'waiting', childrenPending: 3 }, sub('failed', { message: 'boom' }))).toEqual({
      state: 'failed',
      error: { message: 'subtask 12 (resize) failed', kind: 'SUBTASK' },
    });
    expect(parentAfterSubtask({ state: 'waiting', childrenPending: 1 }, sub('succeeded'))).toBeNull();
    expect(parentAfterSubtask({ state: 'waiting', childrenPending: 0 }, sub('succeeded'))).toEqual({ state: 'succeeded', error: null });
    expect(parentAfterSubtask({ state: 'waiting', childrenPending: 0 }, sub('cancelled', cancelledError('parent 1 cancelled')))).toEqual({ state: 'succeeded', error: null });
  });

  it('a parent still running, being cancelled, or gone is left alone', () => {
    expect(parentAfterSubtask({ state: 'running', childrenPending: 0 }, sub('failed'))).toBeNull();
    expect(parentAfterSubtask({ state: 'cancelled', childrenPending: 0 }, sub('succeeded'))).toBeNull();
    expect(parentAfterSubtask(undefined, sub('failed'))).toBeNull();
  });
});

describe('errors and events the store writes', () => {
  it('each error kind is one constant, and the messages say what happened', () => {
    expect(Object.values(ERROR_KIND).sort()).toEqual(['CANCELLED', 'DEPENDENCY', 'LEASE_EXPIRED', 'RUN_CONDITION', 'SUBTASK']);
    expect(runConditionError('said no')).toEqual({ message: 'said no', kind: 'RUN_CONDITION' });
    expect(cancelledError('by request')).toEqual({ message: 'by request', kind: 'CANCELLED' });
    expect(subtreeCancelReason('77')).toBe('parent 77 cancelled');
  });

  it('a finish event carries nothing on success, the reason on cancel, the error otherwise', () => {
    const e = { message: 'x', kind: 'Error' };
    expect(eventDetail.finished('succeeded', null)).toBeNull();
    expect(eventDetail.finished('cancelled', cancelledError('stop'))).toEqual({ reason: 'stop' });
    expect(eventDetail.finished('failed', e)).toEqual({ error: e });
    expect(eventDetail.finished('skipped', e)).toEqual({ error: e });
    expect(eventDetail.retryScheduled(e, 5)).toEqual({ error: e, retryAt: 5 });
    expect(eventDetail.timedOut(e)).toEqual({ error: e });
    expect(eventDetail.retried('failed')).toEqual({ previousState: 'failed' });
  });
});

describe('lease tokens', () => {
  it('fit in a JS-safe integer: 40 random bits under a 13-bit claim count', () => {
    expect(LEASE_TOKEN_RANDOM_BITS + LEASE_TOKEN_COUNTER_BITS).toBe(53);
    expect(leaseTokenClaimCount(3 * 2 ** 40 + 12345)).toBe(3);
    expect(leaseTokenClaimCount(Number.MAX_SAFE_INTEGER)).toBe(2 ** 13 - 1);
  });
});
