/**
 * Applies one write batch inside the caller's transaction (SQLite). The groups go in the order
 * the Store contract gives (store.ts), each through the function of the same name as in the
 * PostgreSQL driver:
 *
 *   insert.ts    insertRun, insertAll (insertPlain, insertOne)
 *   lease.ts     completeAll (completeOne), fail, skip, unclaim, heartbeatAll, expireLeases, claim
 *   operator.ts  cancel, retryByHand
 *   finish.ts    finish -> afterFinish -> dependentsFinished, subtaskFinished
 *
 * What each change implies is decided in src/model/decisions.ts; these files only carry it out.
 * Set-based where it pays: plain inserts go in multi-row statements, every completion of the
 * batch moves to history in one guarded statement per chunk, and every event of the batch is
 * written at the end in multi-row inserts (in the order the changes happened).
 */
import type Database from 'better-sqlite3';
import type { HistoryMode } from '../../model/history.js';
import { emptyBatchResult, type WriteBatch, type WriteBatchResult } from '../store.js';
import { FlowStatements } from './flow.js';
import { insertAll, insertRun } from './insert.js';
import { claim, completeAll, expireLeases, fail, heartbeatAll, skip, unclaim } from './lease.js';
import { cancel, retryByHand } from './operator.js';
import type { Statements } from './statements.js';
import { SizedStatements, SqliteTx } from './tx.js';

export class SqliteBatch {
  private readonly sized: SizedStatements;
  private readonly flow: FlowStatements;

  constructor(
    db: Database.Database,
    private readonly s: Statements,
    private readonly history: HistoryMode = 'full',
  ) {
    this.sized = new SizedStatements(db);
    this.flow = new FlowStatements(db);
  }

  apply(b: WriteBatch): WriteBatchResult {
    const tx = new SqliteTx(this.s, this.sized, b.now, this.flow, this.history);
    const out = emptyBatchResult();
    for (const op of b.runInsert ?? []) out.runInsert.push(insertRun(tx, op.run));
    if (b.taskInsert?.length) out.taskInsert = insertAll(tx, b.taskInsert);
    if (b.taskComplete?.length) out.taskComplete = completeAll(tx, b.taskComplete);
    for (const op of b.taskFail ?? []) out.taskFail.push(fail(tx, op));
    for (const op of b.taskSkip ?? []) out.taskSkip.push(skip(tx, op));
    for (const op of b.taskUnclaim ?? []) out.taskUnclaim.push(unclaim(tx, op));
    if (b.taskHeartbeat?.length) out.taskHeartbeat = heartbeatAll(tx, b.taskHeartbeat);
    for (const op of b.taskCancel ?? []) out.taskCancel.push(cancel(tx, op));
    for (const op of b.taskRetry ?? []) out.taskRetry.push(retryByHand(tx, op));
    for (const op of b.taskExpireLeases ?? []) out.taskExpireLeases.push(expireLeases(tx, op));
    for (const op of b.taskClaim ?? []) out.taskClaim.push(claim(tx, op));
    tx.flushEvents();
    return out;
  }
}
