/** The simulator: the built-in day, and the real policy against a fixed fleet on short curves. */
import { describe, expect, it } from 'vitest';
import { groupPolicy } from '../config.js';
import { curveFrom, diurnal1b } from './curves.js';
import { peakFleet, simulate } from './simulator.js';

describe('diurnal-1b', () => {
  it('carries 1e9 tasks over 24 h, with a peak 3x the average, a quiet night and a 1e7-task burst', () => {
    const c = diurnal1b();
    let total = 0;
    let peak = 0;
    for (let t = 0; t < c.durationMs; t += 1000) {
      total += c.rate(t);
      peak = Math.max(peak, c.rate(t));
    }
    expect(total / 1e9).toBeCloseTo(1, 4);
    expect(peak / (1e9 / 86_400)).toBeCloseTo(3, 2);
    expect(c.rate(3 * 3_600_000)).toBeLessThan(peak / 8);
    expect(c.bursts).toEqual([{ atMs: 10.5 * 3_600_000, tasks: 1e7, overMs: 60_000 }]);
  });
});

describe('simulate', () => {
  const policy = groupPolicy({ minWorkers: 1, maxWorkers: 60, concurrency: 10, latencyTargetMs: 5000, cooldownMs: 60_000 });
  // Two hours: 200/s, up to 2,000/s and back, and 100,000 tasks in 30 s at 0:50.
  const curve = curveFrom({ duration: '2h', points: [['0s', 200], ['40m', 2000], ['80m', 2000], ['2h', 200]], bursts: [{ at: '50m', tasks: 100_000, over: '30s' }] }, 'test');
  const base = { policy, intervalMs: 5000, curve, serviceRate: 100, startupMs: 20_000 };

  it('the policy uses fewer worker-hours than a fleet sized for the peak, keeps p99 under the target outside the burst, and reports the burst', () => {
    const fixedWorkers = peakFleet(curve, 100, policy.utilization);
    expect(fixedWorkers).toBe(25);
    const p = simulate(base);
    const f = simulate({ ...base, fixedWorkers });
    expect(p.workerHours).toBeLessThan(0.8 * f.workerHours);
    expect(p.outside.worstWindowP99Ms).toBeLessThanOrEqual(policy.latencyTargetMs);
    expect(p.outside.p99WaitMs).toBeLessThanOrEqual(policy.latencyTargetMs);
    // Every task arrived and was served.
    expect(p.tasks).toBeCloseTo(f.tasks, 0);
    const [b] = p.bursts;
    // The first decision after the burst began asked for more, within one interval.
    expect(b!.reactionMs).not.toBeNull();
    expect(b!.reactionMs!).toBeLessThanOrEqual(5000);
    expect(b!.drainedMs).not.toBeNull();
    expect(b!.worstWaitMs).toBeGreaterThan(policy.latencyTargetMs);
    expect(b!.overTarget).toBeGreaterThan(0);
    // More workers than the fixed fleet drain it sooner.
    expect(p.peakWorkers).toBe(60);
    expect(b!.drainedMs!).toBeLessThan(f.bursts[0]!.drainedMs!);
    expect(p.zoom.length).toBeGreaterThan(0);
  });

  it('a slower worker start-up shows as waits on a steep ramp; a fleet too small never catches up', () => {
    const steep = curveFrom({ duration: '30m', points: [['0s', 100], ['2m', 3000], ['30m', 3000]] }, 'steep');
    const quick = simulate({ ...base, curve: steep, startupMs: 1000 });
    const slow = simulate({ ...base, curve: steep, startupMs: 120_000 });
    expect(slow.worstWaitMs).toBeGreaterThan(quick.worstWaitMs);
    const small = simulate({ ...base, curve: steep, fixedWorkers: 20 });
    // 2,000/s served against 3,000/s arriving: the backlog only grows.
    expect(small.worstWaitMs).toBeGreaterThan(5 * 60_000);
    expect(small.points.at(-1)!.backlog).toBeGreaterThan(1e6);
  });
});
