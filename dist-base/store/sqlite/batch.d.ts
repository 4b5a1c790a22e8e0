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
import { type WriteBatch, type WriteBatchResult } from '../store.js';
import type { Statements } from './statements.js';
export declare class SqliteBatch {
    private readonly s;
    private readonly history;
    private readonly sized;
    private readonly flow;
    constructor(db: Database.Database, s: Statements, history?: HistoryMode);
    apply(b: WriteBatch): WriteBatchResult;
}
