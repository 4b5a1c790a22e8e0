/**
 * Group commit. Every caller's write goes into one in-process queue; whatever has piled up
 * while the previous transaction ran is written in the next one. Under light load a
 * transaction carries a single operation and returns at once; under heavy load it carries
 * hundreds. No timer waits to fill a batch: a flush is scheduled with setImmediate so that
 * operations issued in the same turn of the event loop travel together.
 */
import { emptyBatchResult } from '../store/store.js';
import { isStoreUnavailable } from '../model/errors.js';
const GROUPS = ['taskInsert', 'taskComplete', 'taskFail', 'taskSkip', 'taskUnclaim', 'taskHeartbeat', 'taskCancel', 'taskRetry', 'taskExpireLeases', 'taskClaim'];
export class WriteQueue {
    store;
    clock;
    maxBatch;
    depth;
    pending = [];
    /** Batches handed to the store and not answered yet. */
    inFlight = 0;
    scheduled = false;
    stats = { transactions: 0, operations: 0, maxBatch: 0 };
    constructor(store, clock, 
    /** Upper bound on operations per transaction, so one transaction never grows unbounded. */
    maxBatch = 2000, 
    /**
     * Batches in flight at once. A store that applies batches in order off the main thread
     * (the SQLite writer thread) takes 2, so it never idles while this thread handles results.
     */
    depth = Math.max(1, store.pipelineDepth ?? 1)) {
        this.store = store;
        this.clock = clock;
        this.maxBatch = maxBatch;
        this.depth = depth;
    }
    push(group, op) {
        return new Promise((resolve, reject) => {
            this.pending.push({ group, ops: [op], resolve: (r) => resolve(r[0]), reject });
            this.schedule();
        });
    }
    /** Queues operations that commit together or not at all (never split across transactions). */
    pushAtomic(group, ops) {
        return new Promise((resolve, reject) => {
            this.pending.push({ group, ops, resolve: (r) => resolve(r), reject });
            this.schedule();
        });
    }
    /** Resolves once everything queued so far has been written. */
    async drain() {
        while (this.pending.length > 0 || this.inFlight > 0) {
            await new Promise((r) => setImmediate(r));
        }
    }
    schedule() {
        if (this.scheduled || this.inFlight >= this.depth)
            return;
        this.scheduled = true;
        setImmediate(() => {
            this.scheduled = false;
            this.flush();
        });
    }
    /** Sends what has piled up, as long as fewer than `depth` batches are in flight. */
    flush() {
        while (this.pending.length > 0 && this.inFlight < this.depth) {
            let n = 0;
            let ops = 0;
            // A worker's second claim waits for the next batch (sent at once while depth allows): in
            // the same batch both would come back together and the worker's claims would never overlap.
            const claimants = new Set();
            while (n < this.pending.length && (n === 0 || ops + this.pending[n].ops.length <= this.maxBatch)) {
                const next = this.pending[n];
                if (next.group === 'taskClaim') {
                    const worker = next.ops[0].workerId;
                    if (claimants.has(worker))
                        break;
                    claimants.add(worker);
                }
                ops += this.pending[n++].ops.length;
            }
            const items = this.pending.slice(0, n);
            this.pending = this.pending.slice(n);
            this.inFlight++;
            // No further .then/.catch in this chain: every microtask between a batch's answer and the
            // next flush changes what the next batch gathers (one more hop here split a producer's
            // inserts and a worker's completions into two transactions: twice the commits in the
            // steady state). write() settles its callers itself, whatever happens.
            void this.write(items).finally(() => {
                this.inFlight--;
                // Whatever arrived while this batch was written goes in the next one, at once.
                if (this.pending.length > 0)
                    this.flush();
            });
        }
    }
    async write(items) {
        const batch = { now: this.clock.now() };
        const index = [];
        let ops = 0;
        try {
            for (const it of items) {
                const arr = (batch[it.group] ??= []);
                index.push(arr.length);
                // One by one, not push(...ops): an atomic group can hold any number of operations, and
                // spreading 150,000 of them overflowed the call stack.
                for (const op of it.group === 'taskInsert' && arr.length > 0 ? rebaseInserts(it.ops, arr.length) : it.ops)
                    arr.push(op);
                ops += it.ops.length;
            }
        }
        catch (err) {
            // Its callers hear of it (a promise left unsettled would hang them).
            for (const it of items)
                it.reject(err);
            return;
        }
        this.stats.transactions++;
        this.stats.operations += ops;
        if (ops > this.stats.maxBatch)
            this.stats.maxBatch = ops;
        let result;
        try {
            result = await this.store.writeBatch(batch);
        }
        catch (err) {
            // The store could not be reached: every operation of the batch would fail the same way
            // (one by one, each waiting out its own connection attempt), so all get the error now.
            if (items.length === 1 || isStoreUnavailable(err)) {
                for (const it of items)
                    it.reject(err);
                return;
            }
            // One bad operation must not fail its neighbours: replay them one by one so only the
            // culprit sees the error.
            for (const it of items)
                await this.write([it]);
            return;
        }
        items.forEach((it, i) => it.resolve(result[it.group].slice(index[i], index[i] + it.ops.length)));
    }
}
/** In-batch dependency indexes are positions in the batch: shift them past the inserts queued before. */
function rebaseInserts(ops, base) {
    return ops.map((op) => (op.dependsOnIndex?.length ? { ...op, dependsOnIndex: op.dependsOnIndex.map((i) => i + base) } : op));
}
export { emptyBatchResult, GROUPS };
//# sourceMappingURL=write-queue.js.map