import { describe, expect, it } from 'vitest';
import type { FlowLimit } from '../model/flow.js';
import { bucketOf, hasRoom, planClaim, rotation, type FlowCandidate, type FlowState } from './flow-plan.js';

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

describe('rotation', () => {
  const space = Array.from({ length: 1000 }, (_, i) => `k${String(i).padStart(4, '0')}`);
  const drive = (cursor: string | null, want: number, room: (k: string) => boolean) => {
    const asked: number[] = [];
    const it = rotation(cursor, want, room, 10_000);
    let r = it.next();
    while (!r.done) {
      const { after, n } = r.value;
      asked.push(n);
      const from = after === null ? 0 : space.findIndex((k) => k > after);
      r = it.next(from < 0 ? [] : space.slice(from, from + n));
    }
    return { chosen: r.value, asked };
  };

  it('walks what the claim needs plus a little, from after the cursor, wrapping round', () => {
    expect(drive('k0998', 3, () => true)).toEqual({ chosen: ['k0999', 'k0000', 'k0001'], asked: [19, 38] });
  });

  it('walks twice as many keys per step while keys have no room (few steps), up to the chunk', () => {
    const { chosen, asked } = drive(null, 2, (k) => k >= 'k0500');
    expect(chosen).toEqual(['k0500', 'k0501']);
    expect(asked).toEqual([18, 36, 72, 144, 256]);
  });
});
