/** The scaling policy, rule by rule, with a ManualClock and no sleeps. */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../model/clock.js';
import { groupPolicy, type GroupPolicy } from './config.js';
import { NO_ESTIMATES } from './estimate.js';
import { decide, type GroupState } from './policy.js';
import type { GroupSample } from './sample.js';

interface SampleSpec {
  ready?: Record<string, number>;
  soon?: Record<string, number>;
  later?: number;
  running?: number;
  oldestReadyAt?: number | null;
  nextDueAt?: number | null;
  /** Completions since the previous decision: count, per-name service time (ms each). */
  finished?: { n: number; serviceMs?: Record<string, { served: number; ms: number }>; capped?: boolean; firstAt?: number };
}

/** Drives decide() the way the runner does: each sample counts completions since the previous one. */
class Harness {
  readonly clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
  state: GroupState | null = null;
  private lastAt: number | null = null;
  constructor(readonly policy: GroupPolicy) {}

  sample(s: SampleSpec = {}): GroupSample {
    const at = this.clock.now();
    const ready = s.ready ?? {};
    const soon = s.soon ?? {};
    const readyN = Object.values(ready).reduce((a, b) => a + b, 0);
    const soonN = Object.values(soon).reduce((a, b) => a + b, 0);
    const byName: Record<string, { served: number; serviceMsSum: number }> = {};
    for (const [name, v] of Object.entries(s.finished?.serviceMs ?? {})) byName[name] = { served: v.served, serviceMsSum: v.served * v.ms };
    return {
      at,
      states: { ...(readyN ? { pending: readyN } : {}), ...(soonN + (s.later ?? 0) ? { scheduled: soonN + (s.later ?? 0) } : {}), ...(s.running ? { running: s.running } : {}) },
      ready,
      soon,
      oldestReadyAt: s.oldestReadyAt !== undefined ? s.oldestReadyAt : readyN > 0 ? at : null,
      nextDueAt: s.nextDueAt ?? null,
      finished: { since: this.lastAt ?? at - 10_000, n: s.finished?.n ?? 0, capped: s.finished?.capped ?? false, firstAt: s.finished?.firstAt ?? null, byName },
    };
  }

  decide(s: SampleSpec = {}, workersRunning: number | null = null) {
    const r = decide(this.policy, this.state, this.sample(s), workersRunning);
    this.state = r.state;
    this.lastAt = r.decision.at;
    return r.decision;
  }

  /** Starts from a recorded count, as a group that has been quiet a while (or whose rates are not known yet). */
  at(desired: number, changedAgoMs = 3_600_000, rates: 'quiet' | 'unknown' = 'quiet'): this {
    const known = rates === 'quiet' ? { arrivalRate: 0, completionRate: 0 } : {};
    this.state = { ...NO_ESTIMATES, ...known, prevAt: this.clock.now(), prevLive: 0, desired, changedAt: this.clock.now() - changedAgoMs, belowSince: null, belowPeak: 0, idleSince: null };
    this.lastAt = this.clock.now();
    return this;
  }
}

const P = (o: Partial<GroupPolicy> = {}) => groupPolicy({ latencyTargetMs: 5000, concurrency: 10, minWorkers: 0, maxWorkers: 50, cooldownMs: 60_000, idleBeforeZeroMs: 300_000, ...o });

describe('targets: the need', () => {
  it('ready work must start within the latency target: slots = work / target, at most one per task', () => {
    const h = new Harness(P()).at(1);
    // 100 tasks × 1 s (the default service time, nothing observed yet) = 100 s of work; in 5 s: 20 slots = 2 workers.
    const d = h.decide({ ready: { a: 100 } }, 1);
    expect(d).toMatchObject({ from: 1, desired: 2, rule: 'backlog' });
    expect(d.inputs.slots.backlog).toBe(20);
    expect(d.reason).toContain('100 ready');
    // A target half as long needs twice the slots.
    expect(new Harness(P({ latencyTargetMs: 2500 })).at(1).decide({ ready: { a: 100 } }, 1).desired).toBe(4);
    // Long tasks: never more slots than ready tasks (3 tasks of 60 s start at once on 3 slots).
    const long = new Harness(P({ defaultServiceMs: 60_000 })).at(1).decide({ ready: { a: 3 } }, 1);
    expect(long.inputs.slots.backlog).toBe(3);
    expect(long.desired).toBe(1);
  });

  it('uses the observed service time of each task name, weighted by the backlog mix', () => {
    // A long time constant: the backlog appearing barely moves the arrival estimate here.
    const h = new Harness(P({ smoothingMs: 3_600_000 })).at(1);
    h.clock.advance(5000);
    // Observed: slow tasks take 4 s, fast ones 100 ms.
    const d = h.decide({ ready: { slow: 50, fast: 50 }, finished: { n: 20, serviceMs: { slow: { served: 10, ms: 4000 }, fast: { served: 10, ms: 100 } } } }, 1);
    // 50 × 4 s + 50 × 0.1 s = 205 s of work; / 5 s = 41 slots = 5 workers.
    expect(d.inputs.backlogWorkS).toBeCloseTo(205, 5);
    expect(d.inputs.slots.arrivals).toBeLessThan(1);
    expect(d.desired).toBe(5);
    // Same count of ready tasks, all fast: one worker is plenty.
    h.clock.advance(5000);
    expect(h.decide({ ready: { fast: 100 } }, 5).need).toBe(1);
  });

  it('a name never observed counts at the mean of the mix, or the configured default before anything was observed', () => {
    const fresh = new Harness(P({ defaultServiceMs: 2000 })).at(1);
    expect(fresh.decide({ ready: { newname: 50 } }, 1).inputs.backlogWorkS).toBe(100);
    const h = new Harness(P({ defaultServiceMs: 2000 })).at(1);
    h.clock.advance(5000);
    expect(h.decide({ ready: { newname: 50 }, finished: { n: 10, serviceMs: { known: { served: 10, ms: 500 } } } }, 1).inputs.backlogWorkS).toBe(25);
  });

  it('keeps up with the arrival rate at the configured utilization: arrivals = completions + growth of the live set', () => {
    const h = new Harness(P({ utilization: 0.5 })).at(1, undefined, 'unknown');
    // 10 s apart: 1,000 finished (200 ms each) and the live set grew by 0 -> 100 tasks/s.
    h.clock.advance(10_000);
    const d = h.decide({ running: 20, finished: { n: 1000, serviceMs: { a: { served: 1000, ms: 200 } } } }, 1);
    expect(d.inputs.arrivalRate).toBeCloseTo(100 + 20 / 10, 5); // the 20 now running arrived too
    // 102/s × 0.2 s / 0.5 = 40.8 slots -> 5 workers.
    expect(d).toMatchObject({ desired: 5, rule: 'arrivals' });
    expect(d.reason).toMatch(/arrivals 102\/s × 200ms at 50%/);
  });

  it('scales a capped completion count up to the whole window', () => {
    const h = new Harness(P()).at(1, undefined, 'unknown');
    h.clock.advance(10_000);
    // The read stopped at its limit: 1,000 rows covering only the last 2 s of the 10 s window.
    const d = h.decide({ running: 1, finished: { n: 1000, capped: true, firstAt: h.clock.now() - 2000, serviceMs: { a: { served: 1000, ms: 10 } } } }, 1);
    expect(d.inputs.completionRate).toBeCloseTo(500, 5);
  });

  it('never fewer slots than tasks running now', () => {
    const d = new Harness(P()).at(2).decide({ running: 47 }, 2);
    expect(d).toMatchObject({ desired: 5, rule: 'running' });
  });

  it('smooths the rates: a jump moves the estimate part of the way (time constant `smoothing`)', () => {
    const h = new Harness(P({ smoothingMs: 30_000 })).at(1, undefined, 'unknown');
    h.clock.advance(10_000);
    expect(h.decide({ running: 1, finished: { n: 100 } }, 1).inputs.completionRate).toBeCloseTo(10, 5);
    h.clock.advance(10_000);
    const r = h.decide({ running: 1, finished: { n: 1100 } }, 1).inputs.completionRate!;
    // 10/s -> 110/s observed; after 10 s of a 30 s time constant: 10 + (1 - e^(-1/3)) × 100.
    expect(r).toBeCloseTo(10 + (1 - Math.exp(-1 / 3)) * 100, 5);
  });
});

describe('min and max', () => {
  it('clamps the need to maxWorkers and says so; keeps minWorkers when idle', () => {
    const d = new Harness(P({ maxWorkers: 4 })).at(1).decide({ ready: { a: 10_000 } }, 1);
    expect(d).toMatchObject({ desired: 4, rule: 'max', need: 200 });
    expect(d.reason).toContain('capped at maxWorkers 4');
    const idle = new Harness(P({ minWorkers: 2 })).at(2).decide({}, 2);
    expect(idle).toMatchObject({ desired: 2, need: 0, rule: 'min' });
  });

  it('a count outside min..max (the configuration changed) is brought inside at once', () => {
    expect(new Harness(P({ maxWorkers: 3 })).at(8, 0).decide({ ready: { a: 10_000 } }, 8)).toMatchObject({ from: 8, desired: 3, rule: 'max' });
    expect(new Harness(P({ minWorkers: 3 })).at(1, 0).decide({}, 1)).toMatchObject({ from: 1, desired: 3, rule: 'min' });
  });

  it('a first decision starts from what the provider runs, and does not scale it down before a cool-down', () => {
    const h = new Harness(P({ minWorkers: 1 }));
    expect(h.decide({ running: 30 }, 6)).toMatchObject({ from: 6, desired: 6, need: 3, rule: 'cooldown' });
  });
});

describe('scale up fast, down slowly', () => {
  it('scales up at once to the need, however far, even right after a change', () => {
    const h = new Harness(P()).at(1, 0);
    expect(h.decide({ ready: { a: 400 } }, 1)).toMatchObject({ from: 1, desired: 8, rule: 'backlog' });
    h.clock.advance(1000);
    // 1,000 ready: 200 slots for the backlog alone, plus the arrivals that grew it.
    const d = h.decide({ ready: { a: 1000 } }, 1);
    expect(d.from).toBe(8);
    expect(d.desired).toBeGreaterThanOrEqual(20);
  });

  it('hysteresis: a need within the band holds the count; a clearly lower one starts the cool-down', () => {
    const h = new Harness(P({ hysteresis: 0.2 })).at(10);
    // 90 running tasks: need 9, within 20% of 10.
    expect(h.decide({ running: 90 }, 10)).toMatchObject({ desired: 10, need: 9, rule: 'hysteresis' });
    h.clock.advance(5000);
    expect(h.decide({ running: 80 }, 10)).toMatchObject({ desired: 10, need: 8, rule: 'cooldown' });
  });

  it('cool-down: the need must stay lower for the cool-down, and as long since the last change, then it steps down at most maxStep at a time to the highest need seen', () => {
    const h = new Harness(P({ cooldownMs: 60_000, maxStepDown: 0.5, hysteresis: 0.1 })).at(20);
    const step = (running: number) => {
      h.clock.advance(10_000);
      return h.decide({ running }, 20);
    };
    expect(step(30)).toMatchObject({ desired: 20, need: 3, rule: 'cooldown' });
    expect(step(50)).toMatchObject({ desired: 20, need: 5, rule: 'cooldown' });
    // The need jumps back into the band: the cool-down starts over.
    expect(step(190)).toMatchObject({ desired: 20, rule: 'hysteresis' });
    const downs: number[] = [];
    for (let i = 0; i < 40; i++) {
      const d = step(i < 3 ? 70 : 10);
      if (d.desired !== d.from) downs.push(d.at);
      expect(d.desired).toBeGreaterThanOrEqual(1);
    }
    // First step 60 s after the need fell: 20 -> 10 (half at most, and never below the 7 it saw), then 10 -> 5 -> 3 -> 2 -> 1, one per cool-down.
    expect(h.state!.desired).toBe(1);
    for (let i = 1; i < downs.length; i++) expect(downs[i]! - downs[i - 1]!).toBeGreaterThanOrEqual(60_000);
  });

  it('a step down goes no lower than the highest need seen during the cool-down', () => {
    const h = new Harness(P({ cooldownMs: 30_000, maxStepDown: 1 })).at(20);
    for (const running of [10, 60, 20, 10]) {
      h.clock.advance(10_000);
      h.decide({ running }, 20);
    }
    expect(h.state!.desired).toBe(6);
  });

  it('no scale-down within the cool-down after a scale-up', () => {
    const h = new Harness(P({ cooldownMs: 60_000 })).at(1);
    expect(h.decide({ ready: { a: 500 } }, 1).desired).toBe(10);
    for (let t = 0; t < 50_000; t += 10_000) {
      h.clock.advance(10_000);
      expect(h.decide({ running: 5 }, 10)).toMatchObject({ desired: 10, rule: 'cooldown' });
    }
    h.clock.advance(20_000);
    expect(h.decide({ running: 5 }, 10)).toMatchObject({ desired: 5, rule: 'down' });
  });
});

describe('scale to zero and back', () => {
  it('goes to zero only after idleBeforeZero with nothing ready, running, coming due or finished', () => {
    const h = new Harness(P({ cooldownMs: 30_000, idleBeforeZeroMs: 120_000 })).at(1);
    const decisions = [];
    for (let i = 0; i < 14; i++) {
      h.clock.advance(10_000);
      decisions.push(h.decide({}, 1));
    }
    const zeroAt = decisions.findIndex((d) => d.desired === 0);
    // Idle from the first sample (t = 10 s): zero once 120 s have passed, not before.
    expect(decisions[zeroAt - 1]).toMatchObject({ desired: 1, rule: 'idle' });
    expect(decisions[zeroAt]).toMatchObject({ from: 1, desired: 0, rule: 'zero' });
    expect(decisions[zeroAt]!.at - decisions[0]!.at).toBe(120_000);
  });

  it('work finishing between samples is not idle: a trickle keeps one worker', () => {
    const h = new Harness(P({ cooldownMs: 10_000, idleBeforeZeroMs: 30_000 })).at(1);
    for (let i = 0; i < 20; i++) {
      h.clock.advance(10_000);
      expect(h.decide({ finished: { n: 1, serviceMs: { a: { served: 1, ms: 100 } } } }, 1).desired).toBe(1);
    }
  });

  it('back from zero at once when a task is ready', () => {
    const h = new Harness(P()).at(0);
    expect(h.decide({}, 0)).toMatchObject({ desired: 0, rule: 'steady' });
    h.clock.advance(5000);
    expect(h.decide({ ready: { a: 1 } }, 0)).toMatchObject({ from: 0, desired: 1, rule: 'wake' });
  });

  it('a queue whose tasks are all scheduled for later stays at zero, and wakes within the lookahead, before they are due', () => {
    const h = new Harness(P({ lookaheadMs: 30_000 })).at(0);
    const dueAt = h.clock.now() + 10 * 60_000;
    // Ten minutes away: nothing to do yet.
    const d = h.decide({ later: 500, nextDueAt: dueAt }, 0);
    expect(d).toMatchObject({ desired: 0, need: 0 });
    expect(d.inputs).toMatchObject({ later: 500, nextDueInMs: 10 * 60_000 });
    // 20 s before they are due, they count as work coming due: wake.
    h.clock.set(dueAt - 20_000);
    const woke = h.decide({ soon: { report: 500 }, nextDueAt: dueAt }, 0);
    expect(woke).toMatchObject({ from: 0, rule: 'wake' });
    // 500 × 1 s over 5 s + 30 s = 14.3 slots -> 2 workers, ready before the tasks are.
    expect(woke.desired).toBe(2);
  });

  it('retrying tasks coming due wake a group at zero too', () => {
    const h = new Harness(P()).at(0);
    expect(h.decide({ soon: { flaky: 1 }, nextDueAt: h.clock.now() + 5000 }, 0)).toMatchObject({ desired: 1, rule: 'wake' });
  });
});

describe('late: the estimate says enough, yet tasks wait', () => {
  it('multiplies by lateFactor when every worker asked for runs and the last change settled; not while workers start', () => {
    const h = new Harness(P({ lateFactor: 2, settleMs: 30_000 })).at(4);
    const now = () => h.clock.now();
    // 10 ready tasks (2 slots by the estimate), but the oldest has waited 12 s against a 5 s target.
    const d = h.decide({ ready: { a: 10 }, running: 30, oldestReadyAt: now() - 12_000 }, 4);
    expect(d).toMatchObject({ from: 4, desired: 8, rule: 'late' });
    expect(d.reason).toContain('waited 12s (target 5s)');
    // Workers still starting (4 of 8 running): no second boost.
    h.clock.advance(40_000);
    expect(h.decide({ ready: { a: 10 }, running: 30, oldestReadyAt: now() - 12_000 }, 4)).toMatchObject({ desired: 8 });
    // All 8 running, but the boost was only 5 s ago: wait for it to settle.
    const h2 = new Harness(P({ lateFactor: 2, settleMs: 30_000 })).at(8, 5000);
    expect(h2.decide({ ready: { a: 10 }, running: 30, oldestReadyAt: h2.clock.now() - 12_000 }, 8)).toMatchObject({ desired: 8 });
    // Settled and still late: boost again.
    h.clock.advance(40_000);
    expect(h.decide({ ready: { a: 10 }, running: 30, oldestReadyAt: now() - 12_000 }, 8)).toMatchObject({ from: 8, desired: 16, rule: 'late' });
  });

  it('a ready task within the target does not trigger it', () => {
    const d = new Harness(P()).at(4).decide({ ready: { a: 10 }, running: 30, oldestReadyAt: Date.UTC(2026, 0, 1, 12) - 4000 }, 4);
    expect(d.rule).not.toBe('late');
  });
});

describe('state', () => {
  it('a decision carries its inputs and the state needed to continue (a new leader starts from it)', () => {
    const h = new Harness(P()).at(2);
    h.clock.advance(5000);
    const d = h.decide({ ready: { a: 1000 }, running: 3, finished: { n: 50, serviceMs: { a: { served: 50, ms: 300 } } } }, 2);
    expect(d.inputs).toMatchObject({ ready: 1000, runningTasks: 3, workersRunning: 2, meanServiceMs: 300 });
    expect(d.desired).toBeGreaterThan(2);
    const state = JSON.parse(JSON.stringify(h.state)) as GroupState;
    expect(state).toMatchObject({ desired: d.desired, changedAt: d.at, serviceMs: { a: 300 }, prevAt: d.at });
    // The recorded state, round-tripped through JSON, decides the same as the live one.
    h.clock.advance(5000);
    const s = h.sample({ running: 3 });
    expect(decide(h.policy, state, s, 2)).toEqual(decide(h.policy, h.state, s, 2));
  });
});
