export class StoreOutage {
    log;
    failures = 0;
    since = 0;
    /** When an unanswered call was first reported (null: none is). */
    stalledSince = null;
    lastMessage = '';
    minMs;
    maxMs;
    random;
    now;
    constructor(log, options = {}) {
        this.log = log;
        this.minMs = options.minMs ?? 100;
        this.maxMs = options.maxMs ?? 2000;
        this.random = options.random ?? Math.random;
        this.now = options.now ?? Date.now;
    }
    get failing() {
        return this.failures > 0 || this.stalledSince !== null;
    }
    /**
     * Watches a store call: if it has not answered within `afterMs`, says so once (a host cut off
     * from the database sees no error at all, only silence, until TCP gives up many minutes later).
     */
    watch(what, call, afterMs) {
        const started = this.now();
        const timer = setTimeout(() => {
            if (this.stalledSince !== null || this.failures > 0)
                return;
            this.stalledSince = started;
            this.log.warn({ waitedMs: this.now() - started }, `store has not answered a ${what} for ${this.now() - started} ms; the host may be cut off from it (its leases run out meanwhile and other workers take over its tasks)`);
        }, afterMs);
        timer.unref();
        return call.finally(() => clearTimeout(timer));
    }
    /**
     * A store call failed (`what`: claim, result, heartbeat) for the `attempt`-th time in a row.
     * Returns how long that call waits before its next attempt. Logs only when the outage starts.
     */
    failed(what, err, attempt = 1) {
        const message = err instanceof Error ? err.message : String(err);
        if (this.failures === 0) {
            this.since = this.now();
            this.log.warn({ err: message, code: err?.code }, `store unavailable (${what} failed); claims paused, results and heartbeats retried with backoff up to ${this.maxMs} ms`);
        }
        this.lastMessage = message;
        this.failures++;
        return this.delay(attempt);
    }
    /**
     * The pause after the `attempt`-th failure in a row of one call (or one round of calls).
     * Counted per call, not per outage: twenty results that failed together in a short blip wait
     * 100 ms, not the 2 s that the outage's twentieth failure would call for (their leases ran out
     * meanwhile in a failover test).
     */
    delay(attempt) {
        const base = Math.min(this.maxMs, this.minMs * 2 ** Math.min(20, Math.max(0, attempt - 1)));
        // ±20%: workers that lost the store together do not come back in lockstep.
        return Math.round(base * (0.8 + 0.4 * this.random()));
    }
    /** A store call worked: logs once if an outage just ended. */
    recovered() {
        if (this.failures === 0 && this.stalledSince === null)
            return;
        const since = this.failures > 0 || this.stalledSince === null ? this.since : this.stalledSince;
        this.log.warn({ failedAttempts: this.failures, ...(this.failures ? { lastError: this.lastMessage } : {}) }, `store available again after ${this.now() - since} ms`);
        this.failures = 0;
        this.stalledSince = null;
    }
}
//# sourceMappingURL=store-outage.js.map