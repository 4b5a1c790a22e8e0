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
import { emptyBatchResult, type TaskClaimOp, type TaskCompleteOp, type TaskCompleteResult, type TaskInsertOp, type TaskInsertResult, type WriteBatch, type WriteBatchResult } from '../store.js';
import { insertAll, insertRun } from './insert.js';
import { claim, completeAll, completeAndClaim, expireLeases, fail, heartbeatAll, plainClaim, skip, unclaim } from './lease.js';
import { cancel, retryByHand } from './operator.js';
import { PgTx } from './tx.js';
import type { WalkCosts } from '../flow-plan.js';
import type { HistoryFloors } from './history-floor.js';

export { isPlainTask } from '../inserts.js';
export { PLAIN_INSERT_CHUNK } from './insert.js';

export class PgBatch {
  private readonly tx: PgTx;

  constructor(
    client: ClientBase,
    now: number,
    /** The wake-up channel: a plain insert notifies in its own statement (no extra round trip). */
    channel: string,
    /** A connection of the store's own pool (not a caller's): hot statements may be prepared on it. */
    prepared = false,
    /** What a finished task leaves behind (model/history.ts). */
    history: HistoryMode = 'full',
    /** The driver's note of claimed tasks whose completion has consequences (claimed.ts). */
    consequential: Set<string> | null = null,
    /** The driver's record of what flow claims' key walks cost. */
    walks: WalkCosts | null = null,
    /** Where in history a task by id can be (history-floor.ts). */
    floors: HistoryFloors | null = null,
  ) {
    this.tx = new PgTx(client, now, channel, prepared, history, consequential, walks, floors);
  }

  /** Queues in which a task became claimable during this transaction. */
  get wake(): Set<string> {
    return this.tx.wake;
  }

  async apply(b: WriteBatch): Promise<WriteBatchResult> {
    const tx = this.tx;
    const out = emptyBatchResult();
    for (const op of b.runInsert ?? []) out.runInsert.push(await insertRun(tx, op.run));
    if (b.taskInsert?.length) out.taskInsert = await insertAll(tx, b.taskInsert);
    if (b.taskComplete?.length) out.taskComplete = await completeAll(tx, b.taskComplete);
    for (const op of b.taskFail ?? []) out.taskFail.push(await fail(tx, op));
    for (const op of b.taskSkip ?? []) out.taskSkip.push(await skip(tx, op));
    for (const op of b.taskUnclaim ?? []) out.taskUnclaim.push(await unclaim(tx, op));
    if (b.taskHeartbeat?.length) out.taskHeartbeat = await heartbeatAll(tx, b.taskHeartbeat);
    for (const op of b.taskCancel ?? []) out.taskCancel.push(await cancel(tx, op));
    for (const op of b.taskRetry ?? []) out.taskRetry.push(await retryByHand(tx, op));
    for (const op of b.taskExpireLeases ?? []) out.taskExpireLeases.push(await expireLeases(tx, op));
    for (const op of b.taskClaim ?? []) out.taskClaim.push(await claim(tx, op));
    return out;
  }

  /** Inserts alone (transactional enqueue, on the caller's connection). */
  insertAll(ops: TaskInsertOp[]): Promise<TaskInsertResult[]> {
    return insertAll(this.tx, ops);
  }

  /** A claim inside a transaction (the flow-aware one follows when a flow rule exists). */
  claim(op: TaskClaimOp): Promise<ClaimedTask[]> {
    return claim(this.tx, op);
  }

  /** A claim that is the whole of an implicit transaction (see SQL.claimAlone); `flowOn`: the flow-aware claim must follow. */
  claimAlone(op: TaskClaimOp): Promise<{ claimed: ClaimedTask[]; flowOn: boolean }> {
    return plainClaim(this.tx, op, true);
  }

  completeAndClaim(ops: TaskCompleteOp[], op: TaskClaimOp): Promise<{ complete: Array<TaskCompleteResult | undefined>; claimed: ClaimedTask[]; flowOn: boolean }> {
    return completeAndClaim(this.tx, ops, op);
  }
}
