import { decide } from '../policy.js';
const ZOOM_BEFORE_MS = 300_000;
const ZOOM_AFTER_MS = 900_000;
const ZOOM_STEP_MS = 10_000;
/** A histogram of waits in whole steps. */
class Waits {
    bins = new Map();
    total = 0;
    max = 0;
    add(waitMs, n, stepMs) {
        if (n <= 0)
            return;
        const k = Math.round(waitMs / stepMs);
        this.bins.set(k, (this.bins.get(k) ?? 0) + n);
        this.total += n;
        if (waitMs > this.max)
            this.max = waitMs;
    }
    merge(o) {
        for (const [k, n] of o.bins)
            this.bins.set(k, (this.bins.get(k) ?? 0) + n);
        this.total += o.total;
        this.max = Math.max(this.max, o.max);
    }
    quantile(q, stepMs) {
        if (this.total === 0)
            return 0;
        let acc = 0;
        for (const k of [...this.bins.keys()].sort((a, b) => a - b)) {
            acc += this.bins.get(k);
            if (acc >= q * this.total)
                return k * stepMs;
        }
        return this.max;
    }
    over(ms, stepMs) {
        let n = 0;
        for (const [k, c] of this.bins)
            if (k * stepMs > ms)
                n += c;
        return n;
    }
}
export function simulate(o) {
    const step = o.stepMs ?? 1000;
    const bucket = o.bucketMs ?? 300_000;
    const policy = o.policy;
    const serviceS = policy.concurrency / o.serviceRate;
    const nBuckets = Math.ceil(o.curve.durationMs / bucket);
    const byArrival = Array.from({ length: nBuckets }, () => new Waits());
    const points = Array.from({ length: nBuckets }, (_, i) => ({ t: i * bucket, arrivals: 0, desired: 0, active: 0, backlog: 0, p99WaitMs: 0, maxWaitMs: 0 }));
    const queue = [];
    let backlog = 0;
    /** Times at which each provisioned worker starts serving. */
    let workers = o.fixedWorkers !== undefined ? Array(o.fixedWorkers).fill(0) : [];
    let state = null;
    const warmup = o.fixedWorkers !== undefined ? 0 : (o.warmupMs ?? 1_800_000);
    let lastDecision = -Infinity;
    let lastSampleAt = -warmup;
    let servedSince = 0;
    let workerMs = 0;
    let decisions = 0;
    let changes = 0;
    let peakWorkers = workers.length;
    const zoom = [];
    const burstState = o.curve.bursts.map((b) => ({ ...b, reactionMs: null, drainedMs: null, desiredBefore: null }));
    for (let t = -warmup; t < o.curve.durationMs; t += step) {
        const recorded = t >= 0;
        // Arrivals of this step: the curve, and any burst under way.
        let arrived = (o.curve.rate(Math.max(0, t + step / 2)) * step) / 1000;
        for (const b of o.curve.bursts) {
            const from = Math.max(t, b.atMs);
            const to = Math.min(t + step, b.atMs + b.overMs);
            if (to > from)
                arrived += (b.tasks * (to - from)) / b.overMs;
        }
        if (arrived > 0)
            queue.push({ t, n: arrived });
        backlog += arrived;
        // Serve first-in first-out with the workers that have started.
        const active = workers.filter((at) => at <= t).length;
        let capacity = (active * o.serviceRate * step) / 1000;
        let served = 0;
        while (capacity > 1e-9 && queue.length) {
            const c = queue[0];
            const x = Math.min(c.n, capacity);
            if (c.t >= 0)
                byArrival[Math.min(nBuckets - 1, Math.floor(c.t / bucket))].add(t - c.t, x, step);
            c.n -= x;
            capacity -= x;
            served += x;
            if (c.n <= 1e-9)
                queue.shift();
        }
        backlog = Math.max(0, backlog - served);
        if (backlog < 1e-6) {
            backlog = 0;
            queue.length = 0;
        }
        servedSince += served;
        if (recorded) {
            workerMs += workers.length * step;
            const p = points[Math.min(nBuckets - 1, Math.floor(t / bucket))];
            p.arrivals += arrived;
            p.active += active * step;
            p.backlog = Math.max(p.backlog, backlog);
        }
        // The policy decides every interval, from a sample like the store's.
        if (o.fixedWorkers === undefined && t + step - lastDecision >= o.intervalMs) {
            const now = t + step;
            const runningTasks = Math.min(active * policy.concurrency, (served / (step / 1000)) * serviceS);
            const sample = {
                at: now,
                states: { ...(backlog > 0 ? { pending: backlog } : {}), ...(runningTasks > 0 ? { running: runningTasks } : {}) },
                ready: backlog > 0 ? { sim: backlog } : {},
                soon: {},
                oldestReadyAt: queue.length ? queue[0].t : null,
                nextDueAt: null,
                finished: { since: lastSampleAt, n: servedSince, capped: false, firstAt: null, byName: servedSince > 0 ? { sim: { served: servedSince, serviceMsSum: servedSince * serviceS * 1000 } } : {} },
            };
            const before = state?.desired ?? null;
            const r = decide(policy, state, sample, active);
            state = r.state;
            decisions++;
            lastDecision = now;
            lastSampleAt = now;
            servedSince = 0;
            const want = r.decision.desired;
            if (want !== workers.length)
                changes++;
            if (want > workers.length)
                workers = [...workers, ...Array(want - workers.length).fill(now + o.startupMs)];
            else if (want < workers.length) {
                // Workers still starting go first, then the newest.
                workers = [...workers].sort((a, b) => a - b).slice(0, want);
            }
            for (const b of burstState) {
                if (now < b.atMs)
                    b.desiredBefore = want;
                else if (b.reactionMs === null && before !== null && want > before)
                    b.reactionMs = now - b.atMs;
            }
        }
        if (!recorded)
            continue;
        const z = o.curve.bursts[0];
        if (z && t >= z.atMs - ZOOM_BEFORE_MS && t < z.atMs + ZOOM_AFTER_MS) {
            const i = Math.floor((t - (z.atMs - ZOOM_BEFORE_MS)) / ZOOM_STEP_MS);
            const zp = (zoom[i] ??= { t: z.atMs - ZOOM_BEFORE_MS + i * ZOOM_STEP_MS, arrivals: 0, desired: 0, active: 0, backlog: 0 });
            zp.arrivals += (arrived * 1000) / ZOOM_STEP_MS;
            zp.desired = Math.max(zp.desired, workers.length);
            zp.active = Math.max(zp.active, active);
            zp.backlog = Math.max(zp.backlog, backlog);
        }
        peakWorkers = Math.max(peakWorkers, workers.length);
        for (const b of burstState)
            if (b.drainedMs === null && t >= b.atMs + b.overMs && backlog === 0)
                b.drainedMs = t + step - b.atMs;
        const cur = points[Math.min(nBuckets - 1, Math.floor(t / bucket))];
        cur.desired = Math.max(cur.desired, workers.length);
    }
    for (const [i, p] of points.entries()) {
        const span = Math.min(bucket, o.curve.durationMs - p.t);
        p.arrivals /= span / 1000;
        p.active /= span;
        p.p99WaitMs = byArrival[i].quantile(0.99, step);
        p.maxWaitMs = byArrival[i].max;
    }
    const all = new Waits();
    const outside = new Waits();
    let worstWindowP99Ms = 0;
    const inBurst = (i) => burstState.some((b) => {
        const end = b.atMs + (b.drainedMs ?? o.curve.durationMs - b.atMs);
        return points[i].t < end && points[i].t + bucket > b.atMs;
    });
    const bursts = burstState.map((b) => ({ atMs: b.atMs, tasks: b.tasks, reactionMs: b.reactionMs, drainedMs: b.drainedMs, p99WaitMs: 0, worstWaitMs: 0, overTarget: 0 }));
    const burstWaits = burstState.map(() => new Waits());
    for (const [i, w] of byArrival.entries()) {
        all.merge(w);
        if (!inBurst(i)) {
            outside.merge(w);
            worstWindowP99Ms = Math.max(worstWindowP99Ms, points[i].p99WaitMs);
        }
        burstState.forEach((b, k) => {
            const end = b.atMs + (b.drainedMs ?? o.curve.durationMs - b.atMs);
            if (points[i].t < end && points[i].t + bucket > b.atMs)
                burstWaits[k].merge(w);
        });
    }
    bursts.forEach((b, k) => {
        b.p99WaitMs = burstWaits[k].quantile(0.99, step);
        b.worstWaitMs = burstWaits[k].max;
        b.overTarget = burstWaits[k].over(policy.latencyTargetMs, step);
    });
    return {
        points,
        workerHours: workerMs / 3_600_000,
        tasks: all.total + backlog,
        p99WaitMs: all.quantile(0.99, step),
        worstWaitMs: all.max,
        outside: { p99WaitMs: outside.quantile(0.99, step), worstWaitMs: outside.max, worstWindowP99Ms, overTarget: outside.over(policy.latencyTargetMs, step) },
        bursts,
        zoom,
        peakWorkers,
        decisions,
        changes,
    };
}
/** Workers a fixed fleet needs to carry the curve's peak rate (bursts aside) at the policy's utilization. */
export function peakFleet(curve, serviceRate, utilization, stepMs = 60_000) {
    let peak = 0;
    for (let t = 0; t < curve.durationMs; t += stepMs)
        peak = Math.max(peak, curve.rate(t));
    return Math.ceil(peak / (serviceRate * utilization));
}
//# sourceMappingURL=simulator.js.map