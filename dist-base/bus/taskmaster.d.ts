/**
 * Taskmasters run rules (rules.ts) on finished tasks, two ways:
 *
 * - BusTaskmaster reads done messages from a bus topic (from this taskframe or any producer of
 *   seed-000 done messages) and either enqueues the follow-up tasks directly or publishes them
 *   to a tasks topic for an ingress to pick up. It acks a done message only after every
 *   follow-up is enqueued or published.
 * - StoreTaskmaster follows the store's event feed with a durable cursor (no bus at all) and
 *   enqueues follow-ups directly; the cursor moves only after they are committed.
 *
 * Either way every follow-up carries the dedup key `rule:<rule>:<done id>`, so seeing a done
 * message twice creates nothing twice.
 */
import { EventEmitter } from 'node:events';
import type { Engine } from '../engine/engine.js';
import { type Logger } from '../logger.js';
import type { Task } from '../model/task.js';
import { type Bus } from './bus.js';
import { type Rule } from './rules.js';
export interface TaskmasterEvents {
    /** A follow-up was enqueued (task) or published (null) for a rule. */
    created: [rule: string, task: Task | null, created: boolean];
    error: [err: Error];
}
export interface BusTaskmasterOptions {
    bus: Bus;
    rules: Rule[];
    doneTopic: string;
    /** Enqueue follow-ups here… */
    engine?: Engine;
    /** …or publish them to this topic (taskframe format, with their dedup key). */
    tasksTopic?: string;
    group?: string;
    logger?: Logger;
}
export declare class BusTaskmaster extends EventEmitter<TaskmasterEvents> {
    private readonly o;
    private sub;
    private readonly log;
    constructor(o: BusTaskmasterOptions);
    start(): Promise<this>;
    stop(): Promise<void>;
    private handle;
}
export interface StoreTaskmasterOptions {
    engine: Engine;
    rules: Rule[];
    /** Names the durable cursor (`rules:<name>`). */
    name?: string;
    batchSize?: number;
    pollIntervalMs?: number;
    logger?: Logger;
}
export declare class StoreTaskmaster extends EventEmitter<TaskmasterEvents> {
    private readonly o;
    readonly cursorName: string;
    private cursor;
    private running;
    private loop;
    private wake;
    private readonly log;
    constructor(o: StoreTaskmasterOptions);
    /** One round over the feed; returns the number of events passed. New taskmasters start at the feed's end. */
    runOnce(): Promise<number>;
    start(): this;
    stop(): Promise<void>;
}
