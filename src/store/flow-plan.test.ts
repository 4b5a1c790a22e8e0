import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FlowLimit } from '../model/flow.js';
import { bucketOf, DUE_SET_READS, hasRoom, listWalk, planClaim, rateUse, rotate, rotation, WalkCosts, type FlowCandidate, type FlowState, type RateLog, type StoredRate } from './flow-plan.js';

const rated: FlowLimit = { id: 'r', queue: null, name: 't', key: null, rate: { n: 2, periodMs: 100 }, concurrency: null, updatedAt: 0 };
const task = (id: number): FlowCandidate => ({ id, queue: 'q', name: 't', priority: 0, runAt: 0, payload: null, tags: [] });
const stored = (log: RateLog | null, windowStart = 0, used = 0): StoredRate => ({ windowStart, used, log });
const state = (s: StoredRate): FlowState => ({ running: new Map(), rate: new Map([[bucketOf('r', ''), s]]), cursor: new Map(), rank: new Map() });
const ids = (s: StoredRate, now: number, n = 3) => planClaim({ limits: [rated], candidates: Array.from({ length: n }, (_, i) => task(i + 1)), state: state(s), limit: 5, now }).ids;

describe('planClaim and sliding rate windows', () => {
  it('counts the claims of the last period, across the boundaries of aligned windows', () => {
    // Two claims at 95: at 150 the aligned window 100..199 would be empty, the last period is not.
    expect(ids(stored([[95, 2]]), 150)).toEqual([]);
    expect(hasRoom(rated, '', state(stored([[95, 2]])), 150)).toBe(false);
    // At 195 they have left it (95 is not after 195 - 100).
    const p = planClaim({ limits: [rated], candidates: [task(1), task(2), task(3)], state: state(stored([[95, 2]])), limit: 5, now: 195 });
    expect(p.ids).toEqual([1, 2]);
    expect([...p.rate.values()]).toEqual([{ limitId: 'r', key: '', windowStart: 195, used: 2, log: [[195, 2]] }]);
    // One claim still within the period leaves room for one.
    expect(ids(stored([[60, 1], [120, 1]]), 170)).toEqual([1]);
  });

  it('a claim whose clock is behind the newest claim takes nothing under that limit (the log stays in time order)', () => {
    // Another process's claim at 205 wrote its log; this claim read its clock at 195, before the lock.
    const late = planClaim({ limits: [rated], candidates: [task(1), task(2)], state: state(stored([[205, 1]])), limit: 5, now: 195 });
    expect(late.ids).toEqual([]);
    expect(late.rate.size).toBe(0);
    expect(hasRoom(rated, '', state(stored([[205, 1]])), 195)).toBe(false);
    // A claim at 290 may have dropped slots a claim at 195 would still count: refused too.
    expect(ids(stored([[290, 1]]), 195)).toEqual([]);
    // At the same millisecond as the newest claim: counted as usual.
    expect(ids(stored([[205, 1]]), 205)).toEqual([1]);
  });

  it('a row written before logs counts its whole aligned window as claimed at its end', () => {
    expect(ids(stored(null, 100, 2), 250)).toEqual([]);
    expect(ids(stored(null, 100, 2), 299)).toEqual([1, 2]);
    expect(ids(stored(null, 100, 1), 250)).toEqual([1]);
  });

  it('the usage shows the claims of the period ending now, and when it began', () => {
    expect(rateUse(rated, stored([[60, 1], [120, 1]]), 150)).toEqual({ windowClaims: 2, windowStart: 51 });
    expect(rateUse(rated, stored([[60, 1], [120, 1]]), 170)).toEqual({ windowClaims: 1, windowStart: 71 });
    expect(rateUse(rated, stored([[60, 1]]), 160)).toEqual({ windowClaims: 0, windowStart: null });
  });

  it('never more than N in any period, and about N per period under steady demand (random claim sequences)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 10, max: 2_000 }),
        fc.array(fc.record({ step: fc.integer({ min: 0, max: 40 }), behind: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 60 }) }), want: fc.integer({ min: 1, max: 8 }) }), { minLength: 1, maxLength: 300 }),
        (n, periodMs, claims) => {
          const limit: FlowLimit = { ...rated, rate: { n, periodMs } };
          let s: StoredRate | undefined;
          let now = 1_000_000;
          const taken: number[] = [];
          for (const c of claims) {
            // Clocks read before the claim lock: a claim may come with a time a little before the last one's.
            now += c.step - c.behind;
            const st: FlowState = { running: new Map(), rate: s ? new Map([[bucketOf('r', ''), s]]) : new Map(), cursor: new Map(), rank: new Map() };
            const p = planClaim({ limits: [limit], candidates: Array.from({ length: c.want }, (_, i) => task(i + 1)), state: st, limit: c.want, now });
            for (let i = 0; i < p.ids.length; i++) taken.push(now);
            const w = p.rate.get(bucketOf('r', ''));
            if (w) s = { windowStart: w.windowStart, used: w.used, log: w.log };
            now += c.behind;
          }
          for (const t of taken) expect(taken.filter((x) => x > t - periodMs && x <= t).length).toBeLessThanOrEqual(n);
        },
      ),
    );
    // Demand at every millisecond for 20 periods: at least 49/51 of N per period are served.
    const limit: FlowLimit = { ...rated, rate: { n: 100, periodMs: 1000 } };
    let s: StoredRate | undefined;
    let got = 0;
    for (let now = 0; now < 20_000; now++) {
      const st: FlowState = { running: new Map(), rate: s ? new Map([[bucketOf('r', ''), s]]) : new Map(), cursor: new Map(), rank: new Map() };
      const p = planClaim({ limits: [limit], candidates: [task(1), task(2), task(3)], state: st, limit: 3, now });
      got += p.ids.length;
      const w = p.rate.get(bucketOf('r', ''));
      if (w) s = { windowStart: w.windowStart, used: w.used, log: w.log };
    }
    expect(got).toBeGreaterThanOrEqual(Math.floor((20 * 100 * 49) / 51));
    expect(got).toBeLessThanOrEqual(20 * 100);
  });
});

describe('rotation', () => {
  const space = Array.from({ length: 1000 }, (_, i) => `k${String(i).padStart(4, '0')}`);
  const drive = (cursor: string | null, want: number, room: (k: string) => boolean, maxKeys = 10_000) => {
    const asked: number[] = [];
    const it = rotation(cursor, want, room, maxKeys);
    let r = it.next();
    while (!r.done) {
      const { after, n } = r.value;
      asked.push(n);
      const from = after === null ? 0 : space.findIndex((k) => k > after);
      r = it.next(from < 0 ? [] : space.slice(from, from + n));
    }
    return { ...r.value, asked };
  };

  it('walks what the claim needs plus a little, from after the cursor, wrapping round', () => {
    expect(drive('k0998', 3, () => true)).toEqual({ chosen: ['k0999', 'k0000', 'k0001'], stoppedAt: null, walked: 39, asked: [19, 38] });
  });

  it('walks twice as many keys per step while keys have no room (few steps), up to the chunk', () => {
    const { chosen, asked, stoppedAt } = drive(null, 2, (k) => k >= 'k0500');
    expect(chosen).toEqual(['k0500', 'k0501']);
    expect(stoppedAt).toBeNull();
    expect(asked).toEqual([18, 36, 72, 144, 256]);
  });

  it('stopped by its limit of keys, says where it stopped (the next claim goes on from there), not when it came round', () => {
    const capped = (cursor: string | null, want: number, room: (k: string) => boolean, maxKeys: number) => {
      const { chosen, stoppedAt } = drive(cursor, want, room, maxKeys);
      return { chosen, stoppedAt };
    };
    // Nothing with room in the first 300 keys looked at: the walk stops after its step that
    // crossed 300 keys (21 + 42 + 84 + 168 from k0101), at the last key it saw.
    expect(capped('k0100', 5, (k) => k === 'k0990', 300)).toEqual({ chosen: [], stoppedAt: 'k0415' });
    expect(capped('k0100', 5, (k) => k === 'k0990' || k === 'k0200', 300)).toEqual({ chosen: ['k0200'], stoppedAt: 'k0415' });
    // Coming round the whole space is not a stop: the cursor stays the key served last.
    expect(capped('k0100', 5, (k) => k === 'k0200', 10_000)).toEqual({ chosen: ['k0200'], stoppedAt: null });
  });
});

describe('the due set in place of the key walk', () => {
  it('serves the keys an unbounded walk of the whole key space would, in the same turns', () => {
    const space = Array.from({ length: 60 }, (_, i) => `k${String(i).padStart(2, '0')}`);
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }),
        fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }),
        fc.option(fc.integer({ min: 0, max: 119 }), { nil: null }),
        fc.integer({ min: 1, max: 70 }),
        (due, room, c, want) => {
          // The cursor is a key served earlier: in the space or not (k05x sorts between k05 and k06).
          const cursor = c === null ? null : c % 2 === 0 ? space[c / 2]! : `${space[(c - 1) / 2]!}x`;
          const fullWalk = (after: string | null, n: number) => {
            const from = after === null ? 0 : space.findIndex((k) => k > after);
            return from < 0 ? [] : space.slice(from, from + n);
          };
          const turn = (k: string) => due[space.indexOf(k)]! && room[space.indexOf(k)]!;
          const walked = rotate(cursor, want, turn, 1_000_000, fullWalk);
          const dueKeys = space.filter((_, i) => due[i]).map((key) => ({ key, afterCursor: cursor !== null && key > cursor }));
          const listed = rotate(cursor, want, turn, 1_000_000, listWalk(dueKeys));
          const turns = ({ chosen, stoppedAt }: typeof walked) => ({ chosen, stoppedAt });
          expect(turns(listed)).toEqual(turns(walked));
          expect(listed.walked).toBeLessThanOrEqual(walked.walked); // the point of reading the due set
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is read after a walk that looked at many keys for few turns, and not after one that paid its way', () => {
    const costs = new WalkCosts();
    expect(costs.dueSetBound('l')).toBe(0);
    costs.record('l', 216, 200);
    expect(costs.dueSetBound('l')).toBe(0);
    costs.record('l', 10_000, 1);
    expect(costs.dueSetBound('l')).toBe(20_000);
    costs.record('l', 300, 2);
    expect(costs.dueSetBound('l')).toBe(1000);
    expect(costs.dueSetBound('other')).toBe(0);
    // After DUE_SET_READS claims read the due tasks, one walks again (and records what it cost).
    for (let i = 1; i < DUE_SET_READS; i++) expect(costs.dueSetBound('l')).toBe(1000);
    expect(costs.dueSetBound('l')).toBe(0);
  });
});
