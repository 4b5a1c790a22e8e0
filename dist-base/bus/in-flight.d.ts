/** Counts delivered-but-unsettled messages so an adapter stops fetching at `max` and resumes below it. */
export declare class InFlight {
    readonly max: number;
    private count;
    private waiters;
    private closed;
    constructor(max: number);
    get size(): number;
    get room(): number;
    /** Resolves once there is room for one more message. */
    acquire(): Promise<void>;
    /** Takes a slot without waiting (the caller checked `room`). */
    take(): void;
    release(): void;
    /** Resolves when nothing is in flight (used by close). */
    idle(timeoutMs: number): Promise<void>;
    /** Wakes every waiter for good (on close), so no loop stays blocked. */
    wakeAll(): void;
}
