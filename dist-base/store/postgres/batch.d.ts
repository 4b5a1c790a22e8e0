/**
 * Applies one write batch inside one transaction on one connection (PostgreSQL), with exactly the
 * meaning of the SQLite driver (the conformance suite holds both to it). The groups go in the
 * order the Store contract gives (store.ts), each through the function of the same name as in
 * the SQLite driver:
 *
 *   insert.ts    insertRun, insertAll (insertPlain, insertOne)
 *   lease.ts     completeAll (completeOne), fail, skip, unclaim, heartbeatAll, expireLeases, claim;
 *                and completeAndClaim, a worker's usual batch as one statement (driver.ts)
 *   operator.ts  cancel, retryByHand
 *   finish.ts    finish -> afterFinish -> dependentsFinished, subtaskFinished
 *
 * What each change implies is decided in src/model/decisions.ts; these files only carry it out.
 * Hot groups are set-based: runs of plain inserts, completions and heartbeats are one statement
 * each, a claim is one statement. Queues where something became claimable (now, or at a known
 * time: scheduled, retrying) are collected in `wake`; the driver notifies them once per
 * transaction.
 */
import type { ClientBase } from 'pg';
import type { HistoryMode } from '../../model/history.js';
import type { ClaimedTask } from '../../model/task.js';
import { type TaskClaimOp, type TaskCompleteOp, type TaskCompleteResult, type TaskInsertOp, type TaskInsertResult, type WriteBatch, type WriteBatchResult } from '../store.js';
export { isPlainTask } from '../inserts.js';
export { PLAIN_INSERT_CHUNK } from './insert.js';
export declare class PgBatch {
    private readonly tx;
    constructor(client: ClientBase, now: number, 
    /** The wake-up channel: a plain insert notifies in its own statement (no extra round trip). */
    channel: string, 
    /** A connection of the store's own pool (not a caller's): hot statements may be prepared on it. */
    prepared?: boolean, 
    /** What a finished task leaves behind (model/history.ts). */
    history?: HistoryMode, 
    /** The driver's note of claimed tasks whose completion has consequences (claimed.ts). */
    consequential?: Set<string> | null);
    /** Queues in which a task became claimable during this transaction. */
    get wake(): Set<string>;
    apply(b: WriteBatch): Promise<WriteBatchResult>;
    /** Inserts alone (transactional enqueue, on the caller's connection). */
    insertAll(ops: TaskInsertOp[]): Promise<TaskInsertResult[]>;
    /** A claim inside a transaction (the flow-aware one follows when a flow rule exists). */
    claim(op: TaskClaimOp): Promise<ClaimedTask[]>;
    /** A claim that is the whole of an implicit transaction (see SQL.claimAlone); `flowOn`: the flow-aware claim must follow. */
    claimAlone(op: TaskClaimOp): Promise<{
        claimed: ClaimedTask[];
        flowOn: boolean;
    }>;
    completeAndClaim(ops: TaskCompleteOp[], op: TaskClaimOp): Promise<{
        complete: Array<TaskCompleteResult | undefined>;
        claimed: ClaimedTask[];
        flowOn: boolean;
    }>;
}
