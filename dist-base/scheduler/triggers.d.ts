import { EventEmitter } from 'node:events';
import type { Engine } from '../engine/engine.js';
import { type Logger } from '../logger.js';
import type { Run } from '../model/run.js';
import type { TriggerDef, Workflow } from '../workflow/format.js';
export declare const TRIGGER_LEADER = "triggers";
export interface TriggerSchedulerOptions {
    holderId: string;
    workflows: Workflow[];
    /** How often runOnce runs when started (ms). */
    intervalMs?: number;
    leaderTtlMs?: number;
    /** A fire time later than this when noticed counts as missed during downtime (ms). */
    graceMs?: number;
    /** Runs a RunIf condition; true when it exits 0. Default: `sh -c COMMAND` in the workflow's directory. */
    checkCondition?: (command: string, cwd: string, timeoutMs: number) => Promise<boolean>;
    /** The leader lease a workflow's triggers fire under (default: one lease, "triggers", for all). */
    leaderName?: (workflow: Workflow) => string;
    logger?: Logger;
}
export interface TriggerEvents {
    fired: [run: Run, workflow: Workflow, trigger: TriggerDef];
    skipped: [workflow: Workflow, trigger: TriggerDef, reason: 'overlap' | 'missed' | 'paused'];
    polled: [workflow: Workflow, trigger: TriggerDef, ok: boolean];
    error: [err: Error];
}
export declare class TriggerScheduler extends EventEmitter<TriggerEvents> {
    private readonly engine;
    private readonly options;
    private readonly intervalMs;
    private readonly leaderTtlMs;
    private readonly graceMs;
    private readonly check;
    private readonly log;
    private readonly loop;
    private readonly leaderName;
    /** Leader leases this scheduler holds now. */
    private readonly held;
    /** True when this scheduler holds a leader lease (any, with per-workflow leases). */
    isLeader: boolean;
    /** Earliest next `every` fire time seen in the current pass (an extra pass is made then). */
    private nextDue;
    constructor(engine: Engine, options: TriggerSchedulerOptions);
    start(): this;
    stop(): Promise<void>;
    /** One pass: if leader, handle every trigger that is due. Returns the runs started. */
    runOnce(): Promise<Run[]>;
    private due;
    private handle;
    /** A run of the workflow is in progress: one of its tasks, other than its bookkeeping, is not finished. */
    private hasRunning;
    private fire;
}
/** The latest fire time in (last, now], or null. */
export declare function latestSlot(t: TriggerDef, last: number, now: number): number | null;
/** `sh -c COMMAND`: true on exit 0. Killed after `timeoutMs`, which counts as false. */
export declare function runCondition(command: string, cwd: string, timeoutMs: number): Promise<boolean>;
