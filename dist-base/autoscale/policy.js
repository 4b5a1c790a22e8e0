import { NO_ESTIMATES, serviceOf, updateEstimates } from './estimate.js';
import { sum } from './sample.js';
const r1 = (x) => Math.round(x * 10) / 10;
const secs = (ms) => (ms < 1000 ? `${Math.round(ms)}ms` : ms < 120_000 ? `${r1(ms / 1000)}s` : `${r1(ms / 60_000)}m`);
/**
 * Decides one group. `prior` is the state the last decision left (null the first time: the
 * count then starts from what the provider runs, clamped to min/max); `workersRunning` is what
 * the provider reports running now (null when it could not say).
 */
export function decide(policy, prior, sample, workersRunning) {
    const now = sample.at;
    const est = updateEstimates(policy, prior ?? NO_ESTIMATES, sample);
    const from = prior?.desired ?? clamp(workersRunning ?? policy.minWorkers, policy);
    // ---- the need ----
    const meanServiceMs = est.meanServiceMs ?? policy.defaultServiceMs;
    const targetS = policy.latencyTargetMs / 1000;
    const work = (byName) => Object.entries(byName).reduce((w, [name, n]) => w + (n * serviceOf(policy, est, name)) / 1000, 0);
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
    let upRule = slots.total === runningTasks && runningTasks > slots.arrivals + slots.backlog + slots.soon ? 'running' : slots.backlog + slots.soon >= slots.arrivals ? 'backlog' : 'arrivals';
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
        lateNote = `the oldest ready task has waited ${secs(oldestReadyAgeMs)} (target ${secs(policy.latencyTargetMs)})`;
    }
    const inputs = {
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
    const base = { ...est, idleSince };
    const hold = (rule, reason, below = { since: null, peak: 0 }) => ({
        state: { ...base, desired: from, changedAt: prior?.changedAt ?? null, belowSince: below.since, belowPeak: below.peak },
        decision: { at: now, from, desired: from, need, rule, reason, inputs },
    });
    const change = (to, rule, reason) => ({
        state: { ...base, desired: to, changedAt: now, belowSince: null, belowPeak: 0 },
        decision: { at: now, from, desired: to, need, rule, reason, inputs },
    });
    if (from > policy.maxWorkers)
        return change(policy.maxWorkers, 'max', `${from} → ${policy.maxWorkers}: capped at maxWorkers; ${why}`);
    if (from < policy.minWorkers)
        return change(policy.minWorkers, 'min', `${from} → ${policy.minWorkers}: raised to minWorkers; ${why}`);
    const target = clamp(need, policy);
    if (target > from) {
        const rule = need > policy.maxWorkers ? 'max' : from === 0 ? 'wake' : upRule;
        const cap = need > policy.maxWorkers ? ` (capped at maxWorkers ${policy.maxWorkers})` : '';
        return change(target, rule, `${from} → ${target}${cap}: ${why}`);
    }
    if (target === from)
        return hold(need < target ? 'min' : 'steady', `holding ${from}: ${why}`);
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
            if (from === 1)
                return hold('idle', `holding 1: idle for ${secs(idleFor)}; scaling to zero after ${secs(policy.idleBeforeZeroMs)} idle`, { since: belowSince, peak: belowPeak });
            to = 1;
        }
        else {
            return change(0, 'zero', `${from} → 0: nothing ready, running or coming due for ${secs(idleFor)}`);
        }
    }
    return change(to, 'down', `${from} → ${to}: the need stayed at ${belowPeak} or less for the ${secs(policy.cooldownMs)} cool-down (at most ${step} removed per step); ${why}`);
}
function clamp(n, p) {
    return Math.min(p.maxWorkers, Math.max(p.minWorkers, n));
}
/** One sentence on where the need came from, for `autoscale status` and the dashboard. */
function explainNeed(p, i, need, lateNote) {
    const parts = [];
    if (i.ready > 0)
        parts.push(`${i.ready} ready (~${r1(i.backlogWorkS)}s of work) to start within ${secs(p.latencyTargetMs)}: ${r1(i.slots.backlog)} slots`);
    if (i.soon > 0)
        parts.push(`${i.soon} coming due within ${secs(p.lookaheadMs)}: ${r1(i.slots.soon)} slots`);
    if ((i.arrivalRate ?? 0) > 0)
        parts.push(`arrivals ${r1(i.arrivalRate)}/s × ${secs(i.meanServiceMs)} at ${Math.round(p.utilization * 100)}%: ${r1(i.slots.arrivals)} slots`);
    if (i.runningTasks > 0)
        parts.push(`${i.runningTasks} running`);
    if (lateNote)
        parts.push(lateNote);
    if (parts.length === 0)
        return `need ${need}: nothing ready, running or coming due`;
    return `need ${need} (${p.concurrency} slots per worker): ${parts.join('; ')}`;
}
//# sourceMappingURL=policy.js.map