/**
 * Rates and service times from successive samples, smoothed (pure). Arrivals are not counted
 * directly: every task that arrived since the last sample is either still live or has finished,
 * so arrivals = completions + the change in live tasks. Completions come from the finished
 * summary, which reads at most a fixed number of rows: when it is capped, the count is scaled up
 * from the span it covered. Moving averages are exponential in time (time constant `smoothingMs`),
 * so an irregular sampling interval weighs each sample by how long it stood.
 */
import type { GroupPolicy } from './config.js';
import { type GroupSample } from './sample.js';
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
export declare const NO_ESTIMATES: Estimates;
export declare function liveTotal(sample: GroupSample): number;
export declare function updateEstimates(policy: GroupPolicy, prior: Estimates, sample: GroupSample): Estimates;
/** The service time to assume for a task name: its own, else the mix's, else the configured default. */
export declare function serviceOf(policy: GroupPolicy, e: Estimates, name: string): number;
