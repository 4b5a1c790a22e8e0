/**
 * Maintenance: reaps expired leases and purges finished tasks past retention. Every process
 * may run it; a leader lease in the store makes exactly one of them do the work at a time,
 * and another takes over within one lease period when the leader dies.
 */
import { EventEmitter } from 'node:events';
import type { Engine } from '../engine/engine.js';
import { type Logger } from '../logger.js';
import type { Task } from '../model/task.js';
export interface MaintenanceOptions {
    holderId: string;
    /** How often to run (ms). */
    intervalMs?: number;
    /** Leadership lease (ms); a dead leader is replaced within this. */
    leaderTtlMs?: number;
    /** Finished tasks older than this are removed with their events; null keeps them forever. */
    retentionMs?: number | null;
    logger?: Logger;
}
export interface MaintenanceEvents {
    leader: [holder: string];
    follower: [];
    expired: [tasks: Task[]];
    purged: [counts: {
        tasks: number;
        events: number;
    }];
    error: [err: Error];
}
export declare const MAINTENANCE_LEADER = "maintenance";
export declare class Maintenance extends EventEmitter<MaintenanceEvents> {
    private readonly engine;
    readonly holderId: string;
    private readonly intervalMs;
    private readonly leaderTtlMs;
    private readonly retentionMs;
    private readonly log;
    private readonly loop;
    isLeader: boolean;
    constructor(engine: Engine, options: MaintenanceOptions);
    start(): this;
    stop(): Promise<void>;
    /** One pass: take or keep leadership, and if leader, reap leases and purge history. */
    runOnce(): Promise<void>;
}
