import { isStoreUnavailable } from '../model/errors.js';
/**
 * The loop every background service shares: one pass at start, then one every interval, never
 * two at once; stop() waits for the pass in progress. A service may ask for one more pass at a
 * given moment between the regular ones (passIn: a trigger due before the next tick). Tests call
 * the service's runOnce() instead.
 */
export class Periodic {
    intervalMs;
    pass;
    onError;
    timer = null;
    extra = null;
    running = null;
    /** The last pass failed because the store was unavailable (reported once per outage). */
    unavailable = false;
    constructor(intervalMs, pass, onError) {
        this.intervalMs = intervalMs;
        this.pass = pass;
        this.onError = onError;
    }
    get started() {
        return this.timer !== null;
    }
    start() {
        if (this.timer)
            return;
        this.timer = setInterval(() => this.tick(), this.intervalMs);
        this.timer.unref();
        this.tick();
    }
    /**
     * One more pass in `delayMs`. A later call replaces an earlier one; nothing once stopped. If a
     * pass is running then, the extra one follows it (it was asked for a reason: something is due).
     */
    passIn(delayMs) {
        if (!this.timer)
            return;
        if (this.extra)
            clearTimeout(this.extra);
        this.extra = setTimeout(() => {
            this.extra = null;
            if (!this.running)
                this.tick();
            else
                void this.running.then(() => this.timer && !this.running && this.tick());
        }, Math.max(0, delayMs));
        this.extra.unref();
    }
    async stop() {
        if (this.timer)
            clearInterval(this.timer);
        if (this.extra)
            clearTimeout(this.extra);
        this.timer = null;
        this.extra = null;
        await this.running;
    }
    tick() {
        if (this.running || !this.timer)
            return;
        this.running = this.pass()
            .then(() => {
            this.unavailable = false;
        }, (err) => {
            // A store that is down fails every pass the same way: say so once, not every interval.
            const again = this.unavailable && isStoreUnavailable(err);
            this.unavailable = isStoreUnavailable(err);
            if (!again)
                this.onError(err instanceof Error ? err : new Error(String(err)));
        })
            .finally(() => {
            this.running = null;
        });
    }
}
//# sourceMappingURL=periodic.js.map