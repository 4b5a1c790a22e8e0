/**
 * What a worker does while its store cannot be written: wait longer after each failure
 * (exponential with jitter, capped), and say so once when the trouble starts and once when it
 * ends, not once per attempt. A worker on a full SQLite disk once logged its failed claims
 * 1,800 times a second at 100% CPU; a PostgreSQL restart logged one line per held task per
 * heartbeat.
 */
import type { Logger } from '../logger.js';
export interface OutageOptions {
    /** First pause after a failure (ms). */
    minMs?: number;
    /** Longest pause (ms): once the store is back, work resumes within about this. */
    maxMs?: number;
    random?: () => number;
    now?: () => number;
}
export declare class StoreOutage {
    private readonly log;
    private failures;
    private since;
    /** When an unanswered call was first reported (null: none is). */
    private stalledSince;
    private lastMessage;
    private readonly minMs;
    private readonly maxMs;
    private readonly random;
    private readonly now;
    constructor(log: Logger, options?: OutageOptions);
    get failing(): boolean;
    /**
     * Watches a store call: if it has not answered within `afterMs`, says so once (a host cut off
     * from the database sees no error at all, only silence, until TCP gives up many minutes later).
     */
    watch<T>(what: string, call: Promise<T>, afterMs: number): Promise<T>;
    /**
     * A store call failed (`what`: claim, result, heartbeat) for the `attempt`-th time in a row.
     * Returns how long that call waits before its next attempt. Logs only when the outage starts.
     */
    failed(what: string, err: unknown, attempt?: number): number;
    /**
     * The pause after the `attempt`-th failure in a row of one call (or one round of calls).
     * Counted per call, not per outage: twenty results that failed together in a short blip wait
     * 100 ms, not the 2 s that the outage's twentieth failure would call for (their leases ran out
     * meanwhile in a failover test).
     */
    delay(attempt: number): number;
    /** A store call worked: logs once if an outage just ended. */
    recovered(): void;
}
