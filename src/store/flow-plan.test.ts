import { describe, expect, it } from 'vitest';
import type { FlowLimit } from '../model/flow.js';
import { bucketOf, hasRoom, planClaim, type FlowCandidate, type FlowState } from './flow-plan.js';

const rated: FlowLimit = { id: 'r', queue: null, name: 't', key: null, rate: { n: 2, periodMs: 100 }, concurrency: null, updatedAt: 0 };
const task = (id: number): FlowCandidate => ({ id, queue: 'q', name: 't', priority: 0, runAt: 0, payload: null, tags: [] });
const state = (windowStart: number, used: number): FlowState => ({
  running: new Map(), rate: new Map([[bucketOf('r', ''), { windowStart, used }]]), cursor: new Map(), rank: new Map(),
});

describe('planClaim and rate windows', () => {
  it('counts the current window and starts a new one when the stored window is older', () => {
    expect(planClaim({ limits: [rated], candidates: [task(1), task(2)], state: state(100, 1), limit: 5, now: 150 }).ids).toEqual([1]);
    const fresh = planClaim({ limits: [rated], candidates: [task(1), task(2), task(3)], state: state(0, 2), limit: 5, now: 150 });
    expect(fresh.ids).toEqual([1, 2]);
    expect([...fresh.rate.values()]).toEqual([{ limitId: 'r', key: '', windowStart: 100, used: 2 }]);
  });

  it('a claim whose clock is behind the stored window takes nothing under that limit (no reset of the newer count)', () => {
    // Another process's claim at 205 wrote window 200; this claim read its clock at 195, before the lock.
    const late = planClaim({ limits: [rated], candidates: [task(1)], state: state(200, 1), limit: 5, now: 195 });
    expect(late.ids).toEqual([]);
    expect(late.rate.size).toBe(0);
    expect(hasRoom(rated, '', state(200, 0), 195)).toBe(false);
    expect(hasRoom(rated, '', state(100, 2), 195)).toBe(false);
    expect(hasRoom(rated, '', state(0, 2), 195)).toBe(true);
  });
});
