/**
 * A provider runs the workers: it lists the ones it runs and is asked for N, with the reason.
 * Implementations live in providers/, one file each: `local` (processes on this host),
 * `command` (your executable, the hook to any datacenter or cloud API), `keda` (nothing: KEDA
 * reads the desired count from the server). A provider's failure is a ProviderError; the
 * autoscaler records it and carries on.
 */
import { TaskframeError } from '../model/errors.js';
import type { GroupConfig } from './config.js';
import type { Decision } from './policy.js';
import type { WorkerCounts } from './record.js';
import type { Logger } from '../logger.js';
export declare const WORKER_STATES: readonly ["starting", "running", "stopping"];
export type ProviderWorkerState = (typeof WORKER_STATES)[number];
export interface ProviderWorker {
    id: string;
    state: ProviderWorkerState;
}
export interface ScaleRequest {
    group: string;
    queues: string[];
    desired: number;
    reason: string;
    decision: Decision;
}
export interface Provider {
    readonly type: string;
    /** The workers it runs now; null when it cannot know (keda). */
    list(): Promise<ProviderWorker[] | null>;
    /** Asks for `desired` workers; resolves to the workers it runs afterwards (null: cannot know). */
    scale(request: ScaleRequest): Promise<ProviderWorker[] | null>;
    /**
     * This autoscaler stops acting (leadership lost, or shutting down). A provider whose workers
     * belong to this process (local) stops them gracefully; one that drives a shared fleet keeps
     * it, for the next leader to continue.
     */
    release(): Promise<void>;
    close(): Promise<void>;
}
export interface ProviderContext {
    group: GroupConfig;
    /** The store URL the autoscaler uses (the {db} placeholder). */
    db: string;
    logger: Logger;
}
export declare class ProviderError extends TaskframeError {
    constructor(provider: string, group: string, message: string, context?: Record<string, unknown>);
}
export declare function countWorkers(workers: ProviderWorker[] | null): WorkerCounts | null;
