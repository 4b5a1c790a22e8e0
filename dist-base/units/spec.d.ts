import { type FlowLimitSpec } from '../model/flow.js';
import { type UnitEntry, type UnitSection } from './entries.js';
export interface UnitStep {
    name: string;
    /** argv; a relative program path is resolved against the unit's directory. */
    argv: string[];
    /** As written (set-up steps run it with /bin/sh -c, so && and pipes work). */
    text: string;
    /** file:line:column of its key. */
    at: string;
}
/** A unit named in `Requires=` or `After=`, as written and where. */
export interface UnitRef {
    kind: 'requires' | 'after';
    /** The unit's name (a systemd-style suffix such as `.service` taken off). */
    name: string;
    written: string;
    at: string;
}
export interface RunnerSpec {
    /** argv of the long-lived runner process. */
    argv: string[];
    /** Processes in the pool. */
    processes: number;
    /** Tasks in flight per process. */
    concurrency: number;
    /** Restart a process after it has answered this many tasks (null: never). */
    recycleAfter: number | null;
}
/**
 * A `[RunIf]` schedule: `cron=` (with `timezone=`) or `every=`. The same shape as a workflow's
 * cron and every triggers, so the trigger scheduler fires both.
 */
export interface UnitSchedule {
    kind: 'cron' | 'every';
    /** cron: the expression; every: the period as written. */
    value: string;
    timezone?: string;
    everyMs?: number;
    /** file:line of the key. */
    at: string;
}
/** The seed's `[RunIf]`: when a task of the unit needs to run, and when the unit starts on its own. */
export interface UnitRunIf {
    /**
     * Condition commands (`Requires=`, repeatable), run before the unit's checks like a check:
     * all exit 0: the unit runs; one exits non-zero: it does not (a task of this unit ends
     * `skipped`). One that cannot be started, or is killed, fails the task naming it.
     */
    requires: UnitStep[];
    /** `cron=` / `every=`: a worker serving the unit starts one on this schedule (leader-elected). */
    triggers: UnitSchedule[];
    /** May a scheduled start happen while the previous one still runs? */
    overlap: 'allow' | 'forbid';
    /** After downtime through several fire times: skip them, or start once. */
    catchup: 'skip' | 'once';
}
export interface UnitSpec {
    name: string;
    file: string;
    /** The directory the unit file is in: relative paths in the unit are resolved against it. */
    dir: string;
    format: 'ini' | 'yaml';
    requires: string[];
    after: string[];
    /** Every name in Requires= and After=, with where it was written (for messages). */
    refs: UnitRef[];
    /** Where each setting was written, by lower-case `section.key` (`service.workingdirectory`): file:line:column. */
    at: Record<string, string>;
    /** argv of the command (with Args appended), or one shell line when `shell` is true. */
    argv: string[];
    shell: boolean;
    env: Record<string, string>;
    workingDirectory: string | null;
    user: string | null;
    group: string | null;
    /** Retries after the first attempt (Restart=); null: the task's own maxAttempts decides. */
    retries: number | null;
    limitMem: {
        bytes: number;
        text: string;
    } | null;
    limitDisk: {
        bytes: number;
        text: string;
    } | null;
    maxTimeMs: number | null;
    /** After MaxTime (or cancel), how long between TERM and KILL. */
    killGraceMs: number;
    jail: boolean;
    network: boolean;
    /** Captured output kept per attempt (bytes); the tail is kept. */
    logLimitBytes: number;
    checks: UnitStep[];
    setup: UnitStep[];
    runIf: UnitRunIf | null;
    runner: RunnerSpec | null;
    /**
     * Flow control for the unit's tasks (`[Service] RateLimit=`, `ConcurrencyLimit=`, `LimitKey=`):
     * one limit rule with id `unit:<name>` scoped to the unit's task name, applied when a worker
     * loads the unit (docs/flow-control.md). `at`: where its first key was written.
     */
    flowLimit: {
        spec: FlowLimitSpec;
        at: string;
    } | null;
    /** Content hash: set-up runs once per worker per version. */
    version: string;
}
export declare const UNIT_DEFAULTS: {
    readonly killGraceMs: 5000;
    readonly logLimitBytes: 1048576;
    readonly runnerProcesses: 1;
    readonly runnerConcurrency: 64;
};
/** Unit names in Requires=/After= may carry a systemd-style suffix: libpng.service is unit libpng. */
export declare const unitRef: (s: string) => string;
export declare function buildUnit(p: {
    name: string;
    file: string;
    format: 'ini' | 'yaml';
    entries: UnitEntry[];
    sections?: UnitSection[];
    source: string;
}): UnitSpec;
