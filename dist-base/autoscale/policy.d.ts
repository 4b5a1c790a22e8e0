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
import { type Estimates } from './estimate.js';
import { type GroupSample } from './sample.js';
export type Rule = 'arrivals' | 'backlog' | 'running' | 'late' | 'wake' | 'min' | 'max' | 'steady' | 'hysteresis' | 'cooldown' | 'down' | 'idle' | 'zero';
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
    slots: {
        arrivals: number;
        backlog: number;
        soon: number;
        total: number;
    };
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
/**
 * Decides one group. `prior` is the state the last decision left (null the first time: the
 * count then starts from what the provider runs, clamped to min/max); `workersRunning` is what
 * the provider reports running now (null when it could not say).
 */
export declare function decide(policy: GroupPolicy, prior: GroupState | null, sample: GroupSample, workersRunning: number | null): DecideResult;
