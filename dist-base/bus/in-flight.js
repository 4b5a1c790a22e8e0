/** Counts delivered-but-unsettled messages so an adapter stops fetching at `max` and resumes below it. */
export class InFlight {
    max;
    count = 0;
    waiters = [];
    closed = false;
    constructor(max) {
        this.max = max;
    }
    get size() {
        return this.count;
    }
    get room() {
        return Math.max(0, this.max - this.count);
    }
    /** Resolves once there is room for one more message. */
    async acquire() {
        while (this.count >= this.max && !this.closed)
            await new Promise((r) => this.waiters.push(r));
        this.count++;
    }
    /** Takes a slot without waiting (the caller checked `room`). */
    take() {
        this.count++;
    }
    release() {
        this.count = Math.max(0, this.count - 1);
        const w = this.waiters.shift();
        if (w)
            w();
    }
    /** Resolves when nothing is in flight (used by close). */
    async idle(timeoutMs) {
        const deadline = Date.now() + timeoutMs;
        while (this.count > 0 && Date.now() < deadline)
            await new Promise((r) => setTimeout(r, 5));
    }
    /** Wakes every waiter for good (on close), so no loop stays blocked. */
    wakeAll() {
        this.closed = true;
        const ws = this.waiters;
        this.waiters = [];
        for (const w of ws)
            w();
    }
}
//# sourceMappingURL=in-flight.js.map