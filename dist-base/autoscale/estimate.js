import { sum } from './sample.js';
export const NO_ESTIMATES = { arrivalRate: null, completionRate: null, serviceMs: {}, meanServiceMs: null, prevAt: null, prevLive: null };
/** Task names whose service time is remembered; beyond this, names not seen lately are dropped. */
const MAX_NAMES = 64;
export function liveTotal(sample) {
    return sum(sample.states);
}
export function updateEstimates(policy, prior, sample) {
    const now = sample.at;
    const live = liveTotal(sample);
    const f = sample.finished;
    const windowMs = now - f.since;
    // A capped read saw only [firstAt, now]: scale its count to the whole window.
    const covered = f.capped && f.firstAt !== null ? Math.max(1, now - f.firstAt) : windowMs;
    const finished = covered > 0 && windowMs > 0 ? (f.n * windowMs) / covered : f.n;
    const completionNow = windowMs > 0 ? finished / (windowMs / 1000) : null;
    const contiguous = prior.prevAt !== null && prior.prevLive !== null && prior.prevAt === f.since && now > prior.prevAt;
    const arrivalNow = contiguous ? Math.max(0, (finished + live - prior.prevLive) / ((now - prior.prevAt) / 1000)) : completionNow;
    const dt = prior.prevAt !== null && now > prior.prevAt ? now - prior.prevAt : null;
    const alpha = dt === null ? 1 : 1 - Math.exp(-dt / policy.smoothingMs);
    const smooth = (old, v) => (v === null ? old : old === null ? v : old + alpha * (v - old));
    const serviceMs = { ...prior.serviceMs };
    let servedAll = 0;
    let msAll = 0;
    for (const [name, o] of Object.entries(f.byName)) {
        if (o.served <= 0)
            continue;
        const mean = o.serviceMsSum / o.served;
        serviceMs[name] = smooth(serviceMs[name] ?? null, mean);
        servedAll += o.served;
        msAll += o.serviceMsSum;
    }
    const names = Object.keys(serviceMs);
    if (names.length > MAX_NAMES)
        for (const n of names)
            if (!(n in f.byName) && Object.keys(serviceMs).length > MAX_NAMES)
                delete serviceMs[n];
    return {
        arrivalRate: smooth(prior.arrivalRate, arrivalNow),
        completionRate: smooth(prior.completionRate, completionNow),
        serviceMs,
        meanServiceMs: smooth(prior.meanServiceMs, servedAll > 0 ? msAll / servedAll : null),
        prevAt: now,
        prevLive: live,
    };
}
/** The service time to assume for a task name: its own, else the mix's, else the configured default. */
export function serviceOf(policy, e, name) {
    return e.serviceMs[name] ?? e.meanServiceMs ?? policy.defaultServiceMs;
}
//# sourceMappingURL=estimate.js.map