/**
 * Remote workers this server has heard from (claim or heartbeat), for the live-workers gauge
 * and the dashboard. In memory: a worker counts as live until its last lease would have run out.
 */
export interface WorkerSeen {
    workerId: string;
    queues: string[];
    lastSeenAt: number;
    liveUntil: number;
}
export declare class WorkerRegistry {
    private readonly now;
    private readonly seen;
    constructor(now: () => number);
    touch(workerId: string, leaseMs: number, queues?: string[]): void;
    live(): WorkerSeen[];
}
