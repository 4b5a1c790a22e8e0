/**
 * Replays an arrival curve against the REAL policy (policy.ts `decide`, fed samples of the same
 * shape the store gives it) and a queue served by the workers it asks for.
 *
 * The queue is a fluid model in steps of `stepMs` (1 s): arrivals join a first-in-first-out
 * queue in cohorts (one per step), each active worker serves `serviceRate` tasks per second
 * (measured by a calibration run, or given), and a task's wait is the time from its arrival to
 * the step that starts it. A requested worker serves only after `startupMs`; a removed one stops
 * at once. Waits come from capacity falling short; at these slot counts the queueing jitter of
 * individual tasks is milliseconds and is not modelled. The same queue is run with a fixed fleet
 * sized for the peak at the same utilization, for comparison.
 */
import type { GroupPolicy } from '../config.js';
import type { Curve } from './curves.js';
export interface SimOptions {
    policy: GroupPolicy;
    /** How often the policy decides (the autoscaler's interval). */
    intervalMs: number;
    curve: Curve;
    /** Tasks per second one worker serves with all its slots busy. */
    serviceRate: number;
    /** From a worker being asked for to its serving tasks. */
    startupMs: number;
    stepMs?: number;
    /** Width of the chart's points and of the per-window p99. */
    bucketMs?: number;
    /** Run this fixed number of workers instead of the policy. */
    fixedWorkers?: number;
    /**
     * The policy first runs this long at the curve's starting rate, unrecorded, so the day starts
     * with the fleet a steady night would have (default 30 min).
     */
    warmupMs?: number;
}
export interface SimPoint {
    /** Start of the window (ms from the start). */
    t: number;
    /** Mean arrival rate over the window (tasks/s). */
    arrivals: number;
    /** Most workers asked for in the window. */
    desired: number;
    /** Mean workers serving over the window. */
    active: number;
    /** Largest backlog in the window (tasks waiting). */
    backlog: number;
    /** p99 and largest wait of the tasks that arrived in the window (ms). */
    p99WaitMs: number;
    maxWaitMs: number;
}
/** The first burst, close up: one point per `ZOOM_STEP_MS` from 5 minutes before it to 15 after. */
export interface ZoomPoint {
    t: number;
    arrivals: number;
    desired: number;
    active: number;
    backlog: number;
}
export interface BurstReport {
    atMs: number;
    tasks: number;
    /** From the burst's start to the first decision asking for more workers. */
    reactionMs: number | null;
    /** From the burst's start to the backlog being empty again. */
    drainedMs: number | null;
    p99WaitMs: number;
    worstWaitMs: number;
    /** Tasks of the burst window that waited longer than the target. */
    overTarget: number;
}
export interface SimResult {
    points: SimPoint[];
    workerHours: number;
    tasks: number;
    p99WaitMs: number;
    worstWaitMs: number;
    /** Excluding tasks that arrived between a burst's start and its backlog draining. */
    outside: {
        p99WaitMs: number;
        worstWaitMs: number;
        worstWindowP99Ms: number;
        overTarget: number;
    };
    bursts: BurstReport[];
    zoom: ZoomPoint[];
    peakWorkers: number;
    decisions: number;
    changes: number;
}
export declare function simulate(o: SimOptions): SimResult;
/** Workers a fixed fleet needs to carry the curve's peak rate (bursts aside) at the policy's utilization. */
export declare function peakFleet(curve: Curve, serviceRate: number, utilization: number, stepMs?: number): number;
