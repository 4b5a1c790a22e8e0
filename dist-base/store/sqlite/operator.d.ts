import type { TaskCancelOp, TaskOpResult, TaskRetryOp } from '../store.js';
import { type SqliteTx } from './tx.js';
export declare function cancel(tx: SqliteTx, op: TaskCancelOp): TaskOpResult;
/** Runs a failed, cancelled or skipped task again, with a fresh set of attempts (not while a live task holds its key). */
export declare function retryByHand(tx: SqliteTx, op: TaskRetryOp): TaskOpResult;
