export class LogSink {
    logs;
    intervalMs;
    maxBatch;
    onError;
    batch = null;
    timer = null;
    immediate = null;
    chain = Promise.resolve();
    /** Write failures (the store was unreachable); logs are best effort, outcomes are not held. */
    errors = 0;
    constructor(logs, intervalMs = 100, maxBatch = 5000, onError = () => undefined) {
        this.logs = logs;
        this.intervalMs = intervalMs;
        this.maxBatch = maxBatch;
        this.onError = onError;
    }
    /** Resolves once these entries are in the store. `soon`: write on the next turn, not the timer. */
    append(entries, soon = false) {
        const b = (this.batch ??= newBatch());
        if (entries.length > 0)
            b.entries.push(...entries);
        if (soon || b.entries.length >= this.maxBatch) {
            this.immediate ??= setImmediate(() => {
                this.immediate = null;
                this.flush();
            });
        }
        else if (!this.timer) {
            this.timer = setTimeout(() => {
                this.timer = null;
                this.flush();
            }, this.intervalMs);
            this.timer.unref();
        }
        return b.done;
    }
    flush() {
        const b = this.batch;
        this.batch = null;
        if (this.timer)
            clearTimeout(this.timer);
        this.timer = null;
        if (!b)
            return;
        // Batches are chained so entries reach the store in the order they were captured.
        this.chain = this.chain
            .then(() => this.logs.append(b.entries))
            .catch((err) => {
            this.errors++;
            this.onError(err);
        })
            .then(b.resolve);
    }
}
function newBatch() {
    let resolve;
    const done = new Promise((r) => (resolve = r));
    return { entries: [], done, resolve };
}
//# sourceMappingURL=log-sink.js.map