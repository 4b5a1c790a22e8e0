import type { FlowAuditEntry, FlowLimit, FlowPause, FlowPauseKind, FlowUsage } from '../../model/flow.js';
import type { ClaimedTask } from '../../model/task.js';
import type { TaskClaimOp } from '../store.js';
/**
 * The key walk's step: the first key `cmp` selects (a comparison with the key expression `e`)
 * with `columns` of that key's first claimable task in claim order, in one probe of the rule's
 * key index. Used by the general claim and the one-round-trip claim (flow-fast.ts).
 */
export declare const keyHead: (e: string, scope: string, cmp: string, columns: string) => string;
/**
 * `columns` of the first task of key `v` (an SQL expression) at priority `atMost` or below that
 * is due at `now` and matches `extra` (name/run pauses), in claim order; no row when the key has
 * none. For a key whose first task is not due (tasks delayed at a higher priority): a priority
 * level at a time, highest first, each level one bounded range of the key index, so the delayed
 * tasks are stepped over by an index descent per level, not read one by one. A caller that knows
 * the key's first task (its head) passes the level below the head's when the head is not due (no
 * task of its level is: run_at is that level's order), so a key of one level costs one probe.
 */
export declare const keyFirstDue: (e: string, scope: string, v: string, atMost: string, now: string, extra: string, columns: string) => string;
/** Runs `sql` then COMMIT in one simple query; the rows of `sql`, as arrays. */
export type Commit = (sql: string) => Promise<unknown[][]>;
/** What these functions need of a connection: one statement at a time (a PgTx, or the driver's pool). */
export interface Q {
    rows<R = Record<string, unknown>>(sql: string, params: unknown[]): Promise<R[]>;
}
/** A connection that also reads rows as arrays of their columns (a PgTx). */
export interface QA extends Q {
    arrays(sql: string, params: unknown[]): Promise<unknown[][]>;
    /** The server connection under it: what is known to exist in its schema is remembered per connection. */
    readonly c: object;
    /** Where claimed tasks whose completion has consequences are noted (claimed.ts), or null. */
    readonly consequential: Set<string> | null;
}
/** Keys of one limit a claim looks at, at most (its docs say so). */
export declare const KEYS_PER_CLAIM = 10000;
export declare const FLOW_LOCK_SQL = "SELECT pg_advisory_xact_lock(7146230118)";
/**
 * A flow claim's transaction of its own, opened in one round trip (a simple query of several
 * statements, its values written as literals): BEGIN, async commit for this transaction, the
 * lock, then the snapshot statement. Each statement of a simple query takes its own snapshot
 * (read committed), so the last one reads after the lock, as when they are sent one by one (see
 * flowClaim). Its last result is the snapshot row, for flowClaim's `pre`.
 */
export declare function flowBegin(queues: readonly string[], now: number): string;
export declare function limitList(q: Q): Promise<FlowLimit[]>;
/** In the caller's transaction: the rule, its key index (keyed rules), and its audit line. */
export declare function limitSet(q: Q, p: {
    limit: FlowLimit;
    actor: string | null;
    now: number;
}): Promise<void>;
export declare function limitRemove(q: Q, p: {
    id: string;
    actor: string | null;
    now: number;
}): Promise<boolean>;
export declare function pauseSet(q: Q, p: {
    kind: FlowPauseKind | 'queue';
    target: string;
    paused: boolean;
    actor: string | null;
    now: number;
}): Promise<boolean>;
export declare function pauseList(q: Q): Promise<FlowPause[]>;
export declare function auditList(q: Q, p: {
    limit: number;
    beforeId?: string;
}): Promise<FlowAuditEntry[]>;
export declare function usage(q: Q, now: number): Promise<FlowUsage[]>;
/** The snapshot statement's row. */
export type FlowSnapshot = {
    limits: unknown;
    pauses: unknown;
    queues: unknown;
    running: unknown;
    rates: unknown;
    cursors: unknown;
};
/** The rules and the name/run pauses a snapshot read. */
export type FlowRules = {
    limits: FlowLimit[];
    pauses: Array<{
        kind: FlowPauseKind;
        target: string;
    }>;
};
export declare function snapshotRules(snap: FlowSnapshot): FlowRules;
/**
 * The flow-aware claim, inside the caller's transaction: null when no rule or name/run pause
 * exists (the caller claims plainly). Otherwise as sqlite/flow.ts flowClaim, under FLOW_LOCK.
 * `commit`, when the transaction is the claim's own: runs its last statement and commits in the
 * same round trip (the lock is held one round trip less), giving back the statement's rows.
 */
export declare function flowClaim(q: QA, now: number, op: TaskClaimOp, routine: boolean, pre?: {
    snap: FlowSnapshot;
    rules: FlowRules;
}, commit?: Commit): Promise<ClaimedTask[] | null>;
