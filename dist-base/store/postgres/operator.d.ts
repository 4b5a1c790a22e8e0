import type { TaskCancelOp, TaskOpResult, TaskRetryOp } from '../store.js';
import { type PgTx } from './tx.js';
export declare function cancel(tx: PgTx, op: TaskCancelOp): Promise<TaskOpResult>;
/** Runs a failed, cancelled or skipped task again, with a fresh set of attempts (not while a live task holds its key). */
export declare function retryByHand(tx: PgTx, op: TaskRetryOp): Promise<TaskOpResult>;
