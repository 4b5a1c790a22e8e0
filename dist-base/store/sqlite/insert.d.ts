import type { NewRun, Run } from '../../model/run.js';
import type { NewTask } from '../../model/task.js';
import type { TaskInsertOp, TaskInsertResult } from '../store.js';
import { type SqliteTx } from './tx.js';
/** A workflow run, in the transaction of its graph's inserts (applied before them). */
export declare function insertRun(tx: SqliteTx, r: NewRun): Run;
/** Inserts in the caller's order: runs of plain tasks set-based, the others one by one. */
export declare function insertAll(tx: SqliteTx, ops: TaskInsertOp[]): TaskInsertResult[];
/** Plain tasks, CHUNK per multi-row statement; each is pending or scheduled. */
export declare function insertPlain(tx: SqliteTx, tasks: NewTask[]): TaskInsertResult[];
/** A task with a key, dedup key, dependencies or a parent: looked up first, then inserted alone. */
export declare function insertOne(tx: SqliteTx, t: NewTask): TaskInsertResult;
