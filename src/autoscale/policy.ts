/**
 * The scaling policy (pure: no clock, no store, no timers; `sample.at` is the time). From a
 * sample and the state it left last time, it returns the desired worker count, the rule that
 * decided it, a sentence saying why, the inputs it used, and its new state. The runner, the
 * simulator and the tests all call this one function.
 *
 * The need, in task slots (a worker has `concurrency` of them):
 *   arrivals  arrival rate × mean service time ÷ utilization   (keep up, with headroom)
 *   backlog   ready work ÷ latency target, at most one slot per ready task
 *             (ready work = Σ ready tasks of a name × that name's service time)
 *   soon      the same for tasks coming due within the lookahead, over target + lookahead
 *   running   never fewer slots than tasks running now
 * Rules, in order:
 *   - nothing ready, running, coming due or finished lately: the need is zero (idle)
 *   - any work at all: at least one worker (back from zero, scheduled tasks included)
 *   - late: the oldest ready task waited past the target although the estimate is met and every
 *     worker asked for is running (and the last change has settled): multiply by lateFactor
 *   - min/max clamp; a count outside them is brought inside at once
 *   - up: at once, to the need
 *   - down: only if the need is at least `hysteresis` below the count, has stayed there for the
 *     cool-down, and the cool-down has passed since the last change; then to the highest need
 *     seen while it waited, removing at most `maxStep` of the workers per step
 *   - to zero: only after idleBeforeZero with nothing to do
 */
import type { GroupPolicy } from './config.js';
import { NO_ESTIMATES, serviceOf, updateEstimates, type Estimates } from './estimate.js';
import { sum, type GroupSample } from './sample.js';

export type Rule =
  | 'arrivals' // up: the arrival rate needs more slots
  | 'backlog' // up: ready (or soon due) work must start within the target
  | 'running' // up: more tasks are running than the count allows for
  | 'late' // up: the oldest ready task waited past the target
  | 'wake' // up from zero: work appeared
  | 'min' // raised to minWorkers
  | 'max' // capped at maxWorkers
  | 'steady' // the need equals the count
  | 'hysteresis' // the need is lower, but within the band
  | 'cooldown' // the need is lower; waiting out the cool-down
  | 'down' // scaled down one step
  | 'idle' // nothing to do; waiting out idleBeforeZero at one worker
  | 'zero'; // scaled to zero

export interface GroupState extends Estimates {
  /** The worker count in effect (last decided). */
  desired: number;
  /** When `desired` last changed. */
  changedAt: number | null;
  /** Since when the need has been clearly below `desired` (null: it is not). */
  belowSince: number | null;
  /** The highest need seen since `belowSince`: a step down goes no lower. */
  belowPeak: number;
  /** Since when the group has had nothing to do (null: it has). */
  idleSince: number | null;
}

export interface DecisionInputs {
  ready: number;
  soon: number;
  runningTasks: number;
  /** Claimable tasks due after the lookahead (they count for nothing yet). */
  later: number;
  oldestReadyAgeMs: number | null;
  nextDueInMs: number | null;
  arrivalRate: number | null;
  completionRate: number | null;
  meanServiceMs: number;
  /** Seconds of slot-time the ready backlog holds. */
  backlogWorkS: number;
  slots: { arrivals: number; backlog: number; soon: number; total: number };
  /** Workers the provider reported running (null: unknown). */
  workersRunning: number | null;
}

export interface Decision {
  at: number;
  from: number;
  desired: number;
  /** Workers the need alone calls for, before min/max and the scale-down rules. */
  need: number;
  rule: Rule;
  reason: string;
  inputs: DecisionInputs;
}

export interface DecideResult {
  state: GroupState;
  decision: Decision;
}

const r1 = (x: number) => Math.round(x * 10) / 10;
const secs = (ms: number) => (ms < 1000 ? `${Math.round(ms)}ms` : ms < 120_000 ? `${r1(ms / 1000)}s` : `${r1(ms / 60_000)}m`);

/**
 * Decides one group. `prior` is the state the last decision left (null the first time: the
 * count then starts from what the provider runs, clamped to min/max); `workersRunning` is what
 * the provider reports running now (null when it could not say).
 */
export function decide(policy: GroupPolicy, prior: GroupState | null, sample: GroupSample, workersRunning: number | null): DecideResult {
  const now = sample.at;
  const est = updateEstimates(policy, prior ?? NO_ESTIMATES, sample);
  const from = prior?.desired ?? clamp(workersRunning ?? policy.minWorkers, policy);

  // ---- the need ----
  const meanServiceMs = est.meanServiceMs ?? policy.defaultServiceMs;
  const targetS = policy.latencyTargetMs / 1000;
  const work = (byName: Record<string, number>) => Object.entries(byName).reduce((w, [name, n]) => w + (n * serviceOf(policy, est, name)) / 1000, 0);
  const ready = sum(sample.ready);
  const soon = sum(sample.soon);
  const runningTasks = sample.states.running ?? 0;
  const backlogWorkS = work(sample.ready);
  const slots = {
    arrivals: ((est.arrivalRate ?? 0) * meanServiceMs) / 1000 / policy.utilization,
    backlog: Math.min(ready, backlogWorkS / targetS),
    soon: Math.min(soon, work(sample.soon) / (targetS + policy.lookaheadMs / 1000)),
    total: 0,
  };
  slots.total = Math.max(runningTasks, slots.arrivals + slots.backlog + slots.soon);
  const idle = ready + soon + runningTasks === 0 && sample.finished.n === 0;
  let need = idle ? 0 : Math.max(1, Math.ceil(slots.total / policy.concurrency - 1e-9));
  let upRule: Rule = slots.total === runningTasks && runningTasks > slots.arrivals + slots.backlog + slots.soon ? 'running' : slots.backlog + slots.soon >= slots.arrivals ? 'backlog' : 'arrivals';

  const oldestReadyAgeMs = sample.oldestReadyAt === null ? null : Math.max(0, now - sample.oldestReadyAt);
  const late = ready > 0 && oldestReadyAgeMs !== null && oldestReadyAgeMs > policy.latencyTargetMs;
  const settled = (workersRunning === null || workersRunning >= from) && (prior?.changedAt == null || now - prior.changedAt >= policy.settleMs);
  let lateNote = '';
  if (late && settled && from > 0) {
    const boosted = Math.max(Math.ceil(from * policy.lateFactor), from + 1);
    if (boosted > need) {
      need = boosted;
      upRule = 'late';
    }
    lateNote = `the oldest ready task has waited ${secs(oldestReadyAgeMs!)} (target ${secs(policy.latencyTargetMs)})`;
  }

  const inputs: DecisionInputs = {
    ready,
    soon,
    runningTasks,
    later: (sample.states.scheduled ?? 0) + (sample.states.retrying ?? 0) + (sample.states.pending ?? 0) - ready - soon,
    oldestReadyAgeMs,
    nextDueInMs: sample.nextDueAt === null ? null : sample.nextDueAt - now,
    arrivalRate: est.arrivalRate,
    completionRate: est.completionRate,
    meanServiceMs,
    backlogWorkS,
    slots,
    workersRunning,
  };
  const why = explainNeed(policy, inputs, need, lateNote);

  // ---- from the need to the count ----
  const idleSince = idle ? (prior?.idleSince ?? now) : null;
  const base: Omit<GroupState, 'desired' | 'changedAt' | 'belowSince' | 'belowPeak'> = { ...est, idleSince };
  const hold = (rule: Rule, reason: string, below: { since: number | null; peak: number } = { since: null, peak: 0 }): DecideResult => ({
    state: { ...base, desired: from, changedAt: prior?.changedAt ?? null, belowSince: below.since, belowPeak: below.peak },
    decision: { at: now, from, desired: from, need, rule, reason, inputs },
  });
  const change = (to: number, rule: Rule, reason: string): DecideResult => ({
    state: { ...base, desired: to, changedAt: now, belowSince: null, belowPeak: 0 },
    decision: { at: now, from, desired: to, need, rule, reason, inputs },
  });

  if (from > policy.maxWorkers) return change(policy.maxWorkers, 'max', `${from} → ${policy.maxWorkers}: capped at maxWorkers; ${why}`);
  if (from < policy.minWorkers) return change(policy.minWorkers, 'min', `${from} → ${policy.minWorkers}: raised to minWorkers; ${why}`);
  const target = clamp(need, policy);
  if (target > from) {
    const rule: Rule = need > policy.maxWorkers ? 'max' : from === 0 ? 'wake' : upRule;
    const cap = need > policy.maxWorkers ? ` (capped at maxWorkers ${policy.maxWorkers})` : '';
    return change(target, rule, `${from} → ${target}${cap}: ${why}`);
  }
  if (target === from) return hold(need < target ? 'min' : 'steady', `holding ${from}: ${why}`);

  // The need is lower: hysteresis, cool-down, step, idle.
  if (target > from * (1 - policy.hysteresis)) {
    return hold('hysteresis', `holding ${from}: the need (${target}) is within the ${Math.round(policy.hysteresis * 100)}% hysteresis band; ${why}`);
  }
  const belowSince = prior?.belowSince ?? now;
  const belowPeak = prior?.belowSince != null ? Math.max(prior.belowPeak, target) : target;
  const waited = now - belowSince;
  const sinceChange = prior?.changedAt == null ? Infinity : now - prior.changedAt;
  if (waited < policy.cooldownMs || sinceChange < policy.cooldownMs) {
    const left = Math.max(policy.cooldownMs - waited, policy.cooldownMs - sinceChange);
    return hold('cooldown', `holding ${from}: the need has been ${belowPeak} or less for ${secs(waited)}; scaling down after the ${secs(policy.cooldownMs)} cool-down (${secs(left)} to go); ${why}`, { since: belowSince, peak: belowPeak });
  }
  const step = Math.max(1, Math.floor(from * policy.maxStepDown));
  let to = Math.max(belowPeak, from - step, policy.minWorkers);
  if (to === 0) {
    const idleFor = idleSince === null ? 0 : now - idleSince;
    if (idleFor < policy.idleBeforeZeroMs) {
      if (from === 1) return hold('idle', `holding 1: idle for ${secs(idleFor)}; scaling to zero after ${secs(policy.idleBeforeZeroMs)} idle`, { since: belowSince, peak: belowPeak });
      to = 1;
    } else {
      return change(0, 'zero', `${from} → 0: nothing ready, running or coming due for ${secs(idleFor)}`);
    }
  }
  return change(to, 'down', `${from} → ${to}: the need stayed at ${belowPeak} or less for the ${secs(policy.cooldownMs)} cool-down (at most ${step} removed per step); ${why}`);
}

function clamp(n: number, p: GroupPolicy): number {
  return Math.min(p.maxWorkers, Math.max(p.minWorkers, n));
}

/** One sentence on where the need came from, for `autoscale status` and the dashboard. */
function explainNeed(p: GroupPolicy, i: DecisionInputs, need: number, lateNote: string): string {
  const parts: string[] = [];
  if (i.ready > 0) parts.push(`${i.ready} ready (~${r1(i.backlogWorkS)}s of work) to start within ${secs(p.latencyTargetMs)}: ${r1(i.slots.backlog)} slots`);
  if (i.soon > 0) parts.push(`${i.soon} coming due within ${secs(p.lookaheadMs)}: ${r1(i.slots.soon)} slots`);
  if ((i.arrivalRate ?? 0) > 0) parts.push(`arrivals ${r1(i.arrivalRate!)}/s × ${secs(i.meanServiceMs)} at ${Math.round(p.utilization * 100)}%: ${r1(i.slots.arrivals)} slots`);
  if (i.runningTasks > 0) parts.push(`${i.runningTasks} running`);
  if (lateNote) parts.push(lateNote);
  if (parts.length === 0) return `need ${need}: nothing ready, running or coming due`;
  return `need ${need} (${p.concurrency} slots per worker): ${parts.join('; ')}`;
}
