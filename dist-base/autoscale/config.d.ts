import type { TaskframeConfig } from '../config/schema.js';
/** What the pure policy needs of a group: every duration in ms. */
export interface GroupPolicy {
    latencyTargetMs: number;
    minWorkers: number;
    maxWorkers: number;
    concurrency: number;
    utilization: number;
    lookaheadMs: number;
    defaultServiceMs: number;
    smoothingMs: number;
    lateFactor: number;
    settleMs: number;
    cooldownMs: number;
    hysteresis: number;
    maxStepDown: number;
    idleBeforeZeroMs: number;
}
export type LocalProviderConfig = {
    type: 'local';
    command: string[];
    cwd?: string;
    env?: Record<string, string>;
    output: string;
    stopTimeoutMs: number;
    restartBackoffMs: number;
    restartBackoffMaxMs: number;
};
export type CommandProviderConfig = {
    type: 'command';
    command: string[];
    cwd?: string;
    env?: Record<string, string>;
    timeoutMs: number;
    retries: number;
    backoffMs: number;
    backoffMaxMs: number;
};
export type KedaProviderConfig = {
    type: 'keda';
};
export type ProviderConfig = LocalProviderConfig | CommandProviderConfig | KedaProviderConfig;
export interface GroupConfig {
    name: string;
    queues: string[];
    policy: GroupPolicy;
    provider: ProviderConfig;
}
export interface AutoscaleConfig {
    intervalMs: number;
    leaderTtlMs: number;
    history: number;
    /** This instance's name in the leader lease, when configured (`autoscale.id`, `--id`). */
    id?: string;
    groups: GroupConfig[];
}
/**
 * The autoscaler's options from a loaded configuration (already checked by loadConfig). Refused
 * when there is no group to scale: `taskframe autoscale` needs an `autoscale:` section with groups.
 */
export declare function autoscaleConfig(c: Pick<TaskframeConfig, 'autoscale'>, file?: string | null): AutoscaleConfig;
/** The TypeScript API: the `autoscale:` section given as an object, checked as the file's would be (errors name the key). */
export declare function resolveAutoscaleConfig(section: unknown): AutoscaleConfig;
/** The policy's defaults, resolved: what a group gets for every field it leaves out. */
export declare const DEFAULT_POLICY: GroupPolicy;
/** A group policy from partial settings (tests and the TypeScript API), with the defaults. */
export declare function groupPolicy(overrides?: Partial<GroupPolicy>): GroupPolicy;
