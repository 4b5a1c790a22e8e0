/**
 * What a PostgreSQL claim sends back per task, and how it becomes a ClaimedTask: the shared
 * CLAIMED_COLUMNS (rows.ts), then `has_dependents`. That last column is a hint for the driver,
 * not part of the task: a completion with consequences (dependents to unblock, a parent to tell)
 * cannot go by the one-statement completion (statements.ts completeAndClaim), so the driver sends
 * a batch made only of such completions straight to a transaction (driver.ts writeBatchNow)
 * instead of trying the statement first. The hint may be stale (a dependent added after the
 * claim): the statement refuses such a completion and the transaction takes it, as before.
 */
import type { ClaimedTask } from '../../model/task.js';
import type { TaskClaimOp } from '../store.js';
export declare const PG_CLAIMED_COLUMNS: readonly ["id", "name", "queue", "payload", "error", "progress", "priority", "run_at", "attempt", "max_attempts", "backoff", "timeout_ms", "lease_token", "parent_id", "run_id", "key", "tags", "deps_pending", "deps_failed", "trigger_rule", "dedup_key", "children_pending", "created_at", "has_dependents"];
/**
 * `PG_CLAIMED_COLUMNS` of `from`, as a select list, read back as arrays by claimedTasks. The claim
 * knows the columns it set itself; parsing each whole row into an object, then collecting it, was
 * about a tenth of a worker's CPU per no-op task (bench/RESULTS.md).
 */
export declare const claimed: (from: string) => string;
/**
 * Claimed rows as tasks. The ids of those whose completion has consequences go into
 * `consequential` (the driver's; null where nobody keeps them).
 */
export declare function claimedTasks(rows: unknown[][], op: Pick<TaskClaimOp, 'workerId' | 'leaseMs'>, now: number, consequential: Set<string> | null): ClaimedTask[];
