import { ValidationError } from '../model/errors.js';
export class EnqueueBatcher {
    engine;
    maxBatch;
    queue = [];
    flushing = false;
    constructor(engine, maxBatch = 1000) {
        this.engine = engine;
        this.maxBatch = maxBatch;
    }
    enqueue(spec) {
        return new Promise((resolve, reject) => {
            this.queue.push({ spec, resolve, reject });
            if (!this.flushing) {
                this.flushing = true;
                // Let the messages already delivered in this turn of the event loop join the batch.
                setImmediate(() => void this.flush());
            }
        });
    }
    async flush() {
        while (this.queue.length > 0) {
            const batch = this.queue.splice(0, this.maxBatch);
            try {
                const results = await this.engine.enqueueManyResults(batch.map((b) => b.spec));
                batch.forEach((b, i) => b.resolve(results[i]));
            }
            catch (err) {
                if (!(err instanceof ValidationError)) {
                    for (const b of batch)
                        b.reject(err);
                    continue;
                }
                await Promise.all(batch.map((b) => this.engine.enqueueOne(b.spec).then(b.resolve, b.reject)));
            }
        }
        this.flushing = false;
    }
}
//# sourceMappingURL=enqueue-batcher.js.map