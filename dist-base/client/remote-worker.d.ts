import { EventEmitter } from 'node:events';
import { TaskframeClient, type ClaimedTaskJson, type ClientOptions, type ItemResult } from './client.js';
export interface RemoteTaskContext {
    task: ClaimedTaskJson;
    signal: AbortSignal;
    log(text: string, stream?: 'stdout' | 'stderr'): Promise<void>;
}
export type RemoteHandler = (payload: any, ctx: RemoteTaskContext) => unknown | Promise<unknown>;
export interface RemoteWorkerOptions extends ClientOptions {
    handlers: Record<string, RemoteHandler>;
    queues?: string[];
    concurrency?: number;
    /** Most tasks per claim request. */
    batchSize?: number;
    leaseMs?: number;
    /** Long-poll wait when there is no work (ms). */
    waitMs?: number;
    workerId?: string;
}
export interface RemoteWorkerEvents {
    'task:end': [taskId: string, outcome: 'succeeded' | 'failed' | 'lost', result: ItemResult];
    error: [err: Error];
}
export declare class RemoteWorker extends EventEmitter<RemoteWorkerEvents> {
    readonly id: string;
    readonly client: TaskframeClient;
    private readonly queues;
    private readonly concurrency;
    private readonly batchSize;
    private readonly leaseMs;
    private readonly waitMs;
    private readonly handlers;
    private readonly held;
    private outbox;
    private flushing;
    private running;
    private loop;
    private hbTimer;
    private slotFreed;
    private givenBack;
    constructor(options: RemoteWorkerOptions);
    start(): this;
    /**
     * Stops claiming, lets running handlers finish within `graceMs`, gives back (unclaims) any
     * still running after that, and flushes every outcome.
     */
    stop(graceMs?: number): Promise<void>;
    private claimLoop;
    private run;
    private scheduleFlush;
    private flush;
    private heartbeat;
}
