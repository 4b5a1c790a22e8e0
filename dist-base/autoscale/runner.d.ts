/**
 * The autoscaler: every interval, under the store's leader lease, it samples each group, asks
 * the policy for a count, asks the group's provider for it, and records the decision with its
 * inputs and the provider's answer. Several may run against one store; one acts. A new leader
 * reads the record and continues from it (count, cool-down, moving averages). A provider's
 * failure is recorded and logged; the next pass decides again.
 *
 *   const config = autoscaleConfig(loadConfig({ file: 'taskframe.yaml' }).values);
 *   const autoscaler = new Autoscaler(tf.engine, { config, db: 'sqlite:./app.db' }).start();
 *   …
 *   autoscaler.reconfigure(next);   // a reload: new policies (and history) from the next pass on
 *   await autoscaler.stop();   // stops local workers gracefully, resigns
 */
import { EventEmitter } from 'node:events';
import type { Engine } from '../engine/engine.js';
import { type Logger } from '../logger.js';
import type { AutoscaleConfig, GroupConfig } from './config.js';
import { type Decision } from './policy.js';
import { type Provider } from './provider.js';
import { type GroupRecord } from './record.js';
export interface AutoscalerOptions {
    config: AutoscaleConfig;
    /** This instance's name in the leader lease (default: the config's `id`, else host:pid:random). */
    holderId?: string;
    /** The store URL (`store.url`), for the local provider's {db} placeholder. */
    db?: string;
    logger?: Logger;
    /** Makes each group's provider (default: from its configuration). */
    providerFor?: (group: GroupConfig) => Provider;
}
export interface AutoscalerEvents {
    leader: [holder: string];
    follower: [];
    decision: [group: string, decision: Decision, record: GroupRecord];
    /** The record changed under this leader (another one wrote it): this pass was not saved. */
    conflict: [];
    error: [err: Error];
}
export interface PassResult {
    leader: boolean;
    decisions: Record<string, GroupRecord>;
}
export declare class Autoscaler extends EventEmitter<AutoscalerEvents> {
    private readonly engine;
    readonly holderId: string;
    private config;
    private readonly access;
    private readonly providers;
    private readonly log;
    private readonly loop;
    isLeader: boolean;
    constructor(engine: Engine, options: AutoscalerOptions);
    /**
     * A reloaded configuration: each group's policy and the history kept take effect from the next
     * pass (a pass under way finishes with the old ones). What a group is — its name, queues and
     * provider — and the loop's timing stay as started: a change there is refused, and needs a restart.
     */
    reconfigure(next: AutoscaleConfig): void;
    provider(group: string): Provider | undefined;
    start(): this;
    /** Stops deciding; local workers are stopped gracefully; leadership is given up for the next instance. */
    stop(): Promise<void>;
    /** One pass: take or keep leadership; as leader, decide every group, act, and record. */
    runOnce(): Promise<PassResult>;
    private decideGroup;
}
