import type { ClaimedTask, Task } from '../../model/task.js';
import type { TaskClaimOp, TaskCompleteOp, TaskCompleteResult, TaskExpireLeasesOp, TaskFailOp, TaskHeartbeatOp, TaskOpResult, TaskSkipOp, TaskUnclaimOp } from '../store.js';
import { type SqliteTx } from './tx.js';
export declare function claim(tx: SqliteTx, op: TaskClaimOp): ClaimedTask[];
/**
 * Completions: the first one of each task goes in the set move (running under its lease with no
 * open subtask -> history as succeeded, CHUNK per statement); the rest one by one (completeOne).
 * Then the consequences of every success at once: dependents, then each one's parent.
 */
export declare function completeAll(tx: SqliteTx, ops: TaskCompleteOp[]): TaskCompleteResult[];
/** A completion the set move did not take: open subtasks (-> waiting), a lost lease, or a repeat. */
export declare function completeOne(tx: SqliteTx, op: TaskCompleteOp): TaskCompleteResult;
/** Lease extensions, with progress recorded where a heartbeat carries some. */
export declare function heartbeatAll(tx: SqliteTx, ops: TaskHeartbeatOp[]): TaskOpResult[];
/** A failed attempt: retrying at the time the engine chose (retry-policy.ts), or failed for good. */
export declare function fail(tx: SqliteTx, op: TaskFailOp): TaskOpResult;
/** The lease holder finishes its task as skipped: its run condition said there is nothing to do. */
export declare function skip(tx: SqliteTx, op: TaskSkipOp): TaskOpResult;
/** Gives the task back without using an attempt. */
export declare function unclaim(tx: SqliteTx, op: TaskUnclaimOp): TaskOpResult;
/** Tasks whose holder stopped heartbeating: pending again while attempts remain, else failed. */
export declare function expireLeases(tx: SqliteTx, op: TaskExpireLeasesOp): Task[];
