/**
 * Rates and service times from successive samples, smoothed (pure). Arrivals are not counted
 * directly: every task that arrived since the last sample is either still live or has finished,
 * so arrivals = completions + the change in live tasks. Completions come from the finished
 * summary, which reads at most a fixed number of rows: when it is capped, the count is scaled up
 * from the span it covered. Moving averages are exponential in time (time constant `smoothingMs`),
 * so an irregular sampling interval weighs each sample by how long it stood.
 */
import type { GroupPolicy } from './config.js';
import { sum, type GroupSample } from './sample.js';

export interface Estimates {
  /** Tasks arriving per second (every task created in the group's queues). */
  arrivalRate: number | null;
  /** Tasks finishing per second. */
  completionRate: number | null;
  /** Smoothed run time per task name (ms). */
  serviceMs: Record<string, number>;
  /** Smoothed run time over the completion mix (ms). */
  meanServiceMs: number | null;
  /** The sample these were last updated from. */
  prevAt: number | null;
  prevLive: number | null;
}

export const NO_ESTIMATES: Estimates = { arrivalRate: null, completionRate: null, serviceMs: {}, meanServiceMs: null, prevAt: null, prevLive: null };

/** Task names whose service time is remembered; beyond this, names not seen lately are dropped. */
const MAX_NAMES = 64;

export function liveTotal(sample: GroupSample): number {
  return sum(sample.states as Record<string, number>);
}

export function updateEstimates(policy: GroupPolicy, prior: Estimates, sample: GroupSample): Estimates {
  const now = sample.at;
  const live = liveTotal(sample);
  const f = sample.finished;
  const windowMs = now - f.since;
  // A capped read saw only [firstAt, now]: scale its count to the whole window.
  const covered = f.capped && f.firstAt !== null ? Math.max(1, now - f.firstAt) : windowMs;
  const finished = covered > 0 && windowMs > 0 ? (f.n * windowMs) / covered : f.n;
  const completionNow = windowMs > 0 ? finished / (windowMs / 1000) : null;
  const contiguous = prior.prevAt !== null && prior.prevLive !== null && prior.prevAt === f.since && now > prior.prevAt;
  const arrivalNow = contiguous ? Math.max(0, (finished + live - prior.prevLive!) / ((now - prior.prevAt!) / 1000)) : completionNow;
  const dt = prior.prevAt !== null && now > prior.prevAt ? now - prior.prevAt : null;
  const alpha = dt === null ? 1 : 1 - Math.exp(-dt / policy.smoothingMs);
  const smooth = (old: number | null, v: number | null) => (v === null ? old : old === null ? v : old + alpha * (v - old));

  const serviceMs = { ...prior.serviceMs };
  let servedAll = 0;
  let msAll = 0;
  for (const [name, o] of Object.entries(f.byName)) {
    if (o.served <= 0) continue;
    const mean = o.serviceMsSum / o.served;
    serviceMs[name] = smooth(serviceMs[name] ?? null, mean)!;
    servedAll += o.served;
    msAll += o.serviceMsSum;
  }
  const names = Object.keys(serviceMs);
  if (names.length > MAX_NAMES) for (const n of names) if (!(n in f.byName) && Object.keys(serviceMs).length > MAX_NAMES) delete serviceMs[n];
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
export function serviceOf(policy: GroupPolicy, e: Estimates, name: string): number {
  return e.serviceMs[name] ?? e.meanServiceMs ?? policy.defaultServiceMs;
}
