import { emptyBatchResult } from '../store.js';
import { insertAll, insertRun } from './insert.js';
import { claim, completeAll, completeAndClaim, expireLeases, fail, heartbeatAll, plainClaim, skip, unclaim } from './lease.js';
import { cancel, retryByHand } from './operator.js';
import { PgTx } from './tx.js';
export { isPlainTask } from '../inserts.js';
export { PLAIN_INSERT_CHUNK } from './insert.js';
export class PgBatch {
    tx;
    constructor(client, now, 
    /** The wake-up channel: a plain insert notifies in its own statement (no extra round trip). */
    channel, 
    /** A connection of the store's own pool (not a caller's): hot statements may be prepared on it. */
    prepared = false, 
    /** What a finished task leaves behind (model/history.ts). */
    history = 'full', 
    /** The driver's note of claimed tasks whose completion has consequences (claimed.ts). */
    consequential = null) {
        this.tx = new PgTx(client, now, channel, prepared, history, consequential);
    }
    /** Queues in which a task became claimable during this transaction. */
    get wake() {
        return this.tx.wake;
    }
    async apply(b) {
        const tx = this.tx;
        const out = emptyBatchResult();
        for (const op of b.runInsert ?? [])
            out.runInsert.push(await insertRun(tx, op.run));
        if (b.taskInsert?.length)
            out.taskInsert = await insertAll(tx, b.taskInsert);
        if (b.taskComplete?.length)
            out.taskComplete = await completeAll(tx, b.taskComplete);
        for (const op of b.taskFail ?? [])
            out.taskFail.push(await fail(tx, op));
        for (const op of b.taskSkip ?? [])
            out.taskSkip.push(await skip(tx, op));
        for (const op of b.taskUnclaim ?? [])
            out.taskUnclaim.push(await unclaim(tx, op));
        if (b.taskHeartbeat?.length)
            out.taskHeartbeat = await heartbeatAll(tx, b.taskHeartbeat);
        for (const op of b.taskCancel ?? [])
            out.taskCancel.push(await cancel(tx, op));
        for (const op of b.taskRetry ?? [])
            out.taskRetry.push(await retryByHand(tx, op));
        for (const op of b.taskExpireLeases ?? [])
            out.taskExpireLeases.push(await expireLeases(tx, op));
        for (const op of b.taskClaim ?? [])
            out.taskClaim.push(await claim(tx, op));
        return out;
    }
    /** Inserts alone (transactional enqueue, on the caller's connection). */
    insertAll(ops) {
        return insertAll(this.tx, ops);
    }
    /** A claim inside a transaction (the flow-aware one follows when a flow rule exists). */
    claim(op) {
        return claim(this.tx, op);
    }
    /** A claim that is the whole of an implicit transaction (see SQL.claimAlone); `flowOn`: the flow-aware claim must follow. */
    claimAlone(op) {
        return plainClaim(this.tx, op, true);
    }
    completeAndClaim(ops, op) {
        return completeAndClaim(this.tx, ops, op);
    }
}
//# sourceMappingURL=batch.js.map