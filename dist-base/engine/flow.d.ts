/**
 * Flow control at run time (docs/flow-control.md): limit rules (a rate and/or a concurrency per
 * key, enforced by the store when tasks are claimed) and pauses by task name, run, schedule or
 * queue. Every change is validated here first (bad input writes nothing), stored, and recorded in
 * the flow audit in the same transaction; it holds from the next claim on, in every process.
 */
import type { EventEmitter } from 'node:events';
import type { Clock } from '../model/clock.js';
import { type FlowAuditEntry, type FlowLimit, type FlowLimitSpec, type FlowPause, type FlowUsage } from '../model/flow.js';
import type { Store } from '../store/store.js';
/** What can be paused through `engine.flow`: exactly one of these. */
export type FlowTarget = {
    name: string;
} | {
    run: string;
} | {
    schedule: string;
} | {
    queue: string;
};
/** Who made a change, for the audit (a principal name, "cli", "config"). */
export interface FlowActor {
    actor?: string | null;
}
export interface FlowPausedState {
    queues: string[];
    names: string[];
    runs: string[];
    schedules: string[];
}
export declare class Flow {
    private readonly store;
    private readonly clock;
    /** The engine's signals: a resume or a removed limit wakes the workers. */
    private readonly signals;
    /** Queues declared in the configuration: known even before a task was enqueued to them. */
    private readonly declared;
    constructor(store: Store, clock: Clock, 
    /** The engine's signals: a resume or a removed limit wakes the workers. */
    signals: Pick<EventEmitter, 'emit'>);
    /** Rate rules as last read (at most RULES_TTL_MS old), for waking workers when a window opens. */
    private rates;
    private refreshing;
    private wakeTimer;
    /**
     * A claim took fewer tasks than asked: if a rate rule may be what held them back, wake the
     * workers at the next slot of the rate windows (else an idle worker would wait for its poll, and
     * a 1,000/s limit would be served at the poll's pace). One timer per engine; cheap when no rule.
     * `askedAt`: the clock when the claim was asked for. The slot that held the claim back is the
     * one it was asked in, not the one its answer arrives in: a wake-up that fires a little early
     * gets a short answer just after the next slot began, and timing from the answer slept through
     * that whole slot (bench:flow lost one second in twenty that way, with fixed windows).
     */
    claimedShort(askedAt: number): void;
    /** Names queues as known (the configuration's `flow.queues`), so limits may be set on them before any task. */
    declareQueues(queues: readonly string[]): void;
    /**
     * Creates or replaces a limit rule (same id = same rule). A ValidationError naming the field
     * for a bad rule, or for a queue nobody knows: no task was ever enqueued to it (live or in
     * retained history), it was never paused, holds no other limit, and is not declared.
     */
    setLimit(spec: FlowLimitSpec, opts?: FlowActor & {
        where?: string;
    }): Promise<FlowLimit>;
    /**
     * Applies the rules a file declares (a workflow, a unit, the configuration): every rule is
     * validated, and every queue checked, before any is written, so one bad rule writes nothing.
     * A rule equal to the stored one is not written again (no audit line for each load); stored
     * rules the file `owns` but no longer declares are removed. Idempotent.
     */
    applyLimits(rules: ReadonlyArray<{
        spec: FlowLimitSpec;
        where: string;
    }>, opts?: FlowActor & {
        owns?: (id: string) => boolean;
    }): Promise<{
        set: FlowLimit[];
        unchanged: FlowLimit[];
        removed: string[];
    }>;
    /** Removes a rule; NotFoundError when there is none with this id. */
    removeLimit(id: string, opts?: FlowActor): Promise<void>;
    listLimits(): Promise<FlowLimit[]>;
    /** Buckets in use now: running per key (concurrency limits), claims in the current window (rate limits). */
    usage(): Promise<FlowUsage[]>;
    /** No claim starts a task of the target until it is resumed; running tasks finish. True when it changed. */
    pause(target: FlowTarget, opts?: FlowActor): Promise<boolean>;
    resume(target: FlowTarget, opts?: FlowActor): Promise<boolean>;
    paused(): Promise<FlowPausedState>;
    pauses(): Promise<FlowPause[]>;
    /** Whether a schedule is paused (the scheduler asks before it fires one). */
    schedulePaused(name: string): Promise<boolean>;
    audit(p?: {
        limit?: number;
        beforeId?: string;
    }): Promise<FlowAuditEntry[]>;
    private target;
    private queueKnown;
}
