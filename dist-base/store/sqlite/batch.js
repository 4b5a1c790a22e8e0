import { emptyBatchResult } from '../store.js';
import { FlowStatements } from './flow.js';
import { insertAll, insertRun } from './insert.js';
import { claim, completeAll, expireLeases, fail, heartbeatAll, skip, unclaim } from './lease.js';
import { cancel, retryByHand } from './operator.js';
import { SizedStatements, SqliteTx } from './tx.js';
export class SqliteBatch {
    s;
    history;
    sized;
    flow;
    constructor(db, s, history = 'full') {
        this.s = s;
        this.history = history;
        this.sized = new SizedStatements(db);
        this.flow = new FlowStatements(db);
    }
    apply(b) {
        const tx = new SqliteTx(this.s, this.sized, b.now, this.flow, this.history);
        const out = emptyBatchResult();
        for (const op of b.runInsert ?? [])
            out.runInsert.push(insertRun(tx, op.run));
        if (b.taskInsert?.length)
            out.taskInsert = insertAll(tx, b.taskInsert);
        if (b.taskComplete?.length)
            out.taskComplete = completeAll(tx, b.taskComplete);
        for (const op of b.taskFail ?? [])
            out.taskFail.push(fail(tx, op));
        for (const op of b.taskSkip ?? [])
            out.taskSkip.push(skip(tx, op));
        for (const op of b.taskUnclaim ?? [])
            out.taskUnclaim.push(unclaim(tx, op));
        if (b.taskHeartbeat?.length)
            out.taskHeartbeat = heartbeatAll(tx, b.taskHeartbeat);
        for (const op of b.taskCancel ?? [])
            out.taskCancel.push(cancel(tx, op));
        for (const op of b.taskRetry ?? [])
            out.taskRetry.push(retryByHand(tx, op));
        for (const op of b.taskExpireLeases ?? [])
            out.taskExpireLeases.push(expireLeases(tx, op));
        for (const op of b.taskClaim ?? [])
            out.taskClaim.push(claim(tx, op));
        tx.flushEvents();
        return out;
    }
}
//# sourceMappingURL=batch.js.map