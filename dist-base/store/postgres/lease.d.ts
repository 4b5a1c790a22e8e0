import type { ClaimedTask, Task } from '../../model/task.js';
import type { TaskClaimOp, TaskCompleteOp, TaskCompleteResult, TaskExpireLeasesOp, TaskFailOp, TaskHeartbeatOp, TaskOpResult, TaskSkipOp, TaskUnclaimOp } from '../store.js';
import { type PgTx } from './tx.js';
/** In a transaction: the plain claim, or the flow-aware one when a flow rule exists. */
export declare function claim(tx: PgTx, op: TaskClaimOp): Promise<ClaimedTask[]>;
/**
 * The plain claim statement, and whether it took nothing because a flow rule (or a name/run
 * pause) exists: then the flow-aware claim must follow. `alone`: the claim is the whole of an
 * implicit transaction (see SQL.claimAlone), and the driver follows.
 */
export declare function plainClaim(tx: PgTx, op: TaskClaimOp, alone: boolean): Promise<{
    claimed: ClaimedTask[];
    flowOn: boolean;
}>;
/**
 * Completions: the first one of each task goes in the set move (running under its lease with no
 * open subtask -> history as succeeded, one statement); the rest one by one (completeOne). Then
 * the consequences of every success at once: dependents, then each one's parent.
 */
export declare function completeAll(tx: PgTx, ops: TaskCompleteOp[]): Promise<TaskCompleteResult[]>;
/** A completion the set move did not take: open subtasks (-> waiting), a lost lease, or a repeat. */
export declare function completeOne(tx: PgTx, op: TaskCompleteOp): Promise<TaskCompleteResult>;
/**
 * A worker's usual batch, completions and one claim, as one statement. Completions it could
 * not take (dependents, a parent, a lost lease, open subtasks) come back as `undefined`: the
 * caller applies those in a transaction of their own (completeAll).
 */
export declare function completeAndClaim(tx: PgTx, ops: TaskCompleteOp[], op: TaskClaimOp): Promise<{
    complete: Array<TaskCompleteResult | undefined>;
    claimed: ClaimedTask[];
    flowOn: boolean;
}>;
/** Plain lease extensions in one statement; those carrying progress (rare) one by one, with their event. */
export declare function heartbeatAll(tx: PgTx, ops: TaskHeartbeatOp[]): Promise<TaskOpResult[]>;
/** A failed attempt: retrying at the time the engine chose (retry-policy.ts), or failed for good. */
export declare function fail(tx: PgTx, op: TaskFailOp): Promise<TaskOpResult>;
/** The lease holder finishes its task as skipped: its run condition said there is nothing to do. */
export declare function skip(tx: PgTx, op: TaskSkipOp): Promise<TaskOpResult>;
/** Gives the task back without using an attempt. */
export declare function unclaim(tx: PgTx, op: TaskUnclaimOp): Promise<TaskOpResult>;
/** Tasks whose holder stopped heartbeating: pending again while attempts remain, else failed. */
export declare function expireLeases(tx: PgTx, op: TaskExpireLeasesOp): Promise<Task[]>;
