/**
 * The loop every background service shares: one pass at start, then one every interval, never
 * two at once; stop() waits for the pass in progress. A service may ask for one more pass at a
 * given moment between the regular ones (passIn: a trigger due before the next tick). Tests call
 * the service's runOnce() instead.
 */
export declare class Periodic {
    private readonly intervalMs;
    private readonly pass;
    private readonly onError;
    private timer;
    private extra;
    private running;
    /** The last pass failed because the store was unavailable (reported once per outage). */
    private unavailable;
    constructor(intervalMs: number, pass: () => Promise<unknown>, onError: (err: Error) => void);
    get started(): boolean;
    start(): void;
    /**
     * One more pass in `delayMs`. A later call replaces an earlier one; nothing once stopped. If a
     * pass is running then, the extra one follows it (it was asked for a reason: something is due).
     */
    passIn(delayMs: number): void;
    stop(): Promise<void>;
    private tick;
}
