/**
 * Flow control (SQLite): limit rules and pauses as rows, their audit, and the flow-aware claim.
 * The claim reads the rules in its own transaction (SQLite has one writer at a time, across
 * processes too), so a rule holds from the next claim on. With no rule and no name/run pause the
 * claim is the plain one (lease.ts); this file is not on that path. The same functions as
 * postgres/flow.ts; the decisions are flow-plan.ts's.
 */
import type Database from 'better-sqlite3';
import type { FlowAuditEntry, FlowLimit, FlowPause, FlowPauseKind, FlowUsage } from '../../model/flow.js';
import type { ClaimedTask } from '../../model/task.js';
import type { TaskClaimOp } from '../store.js';
import { type SqliteTx } from './tx.js';
type Stmt = Database.Statement<unknown[], unknown>;
/** Keys of one limit a claim looks at, at most (its docs say so). */
export declare const KEYS_PER_CLAIM = 10000;
/** Statements of this file, and the claim's generated ones, prepared once per connection and text. */
export declare class FlowStatements {
    private readonly db;
    private readonly cache;
    /** Key indexes known to exist on this connection (ensureKeyIndex). */
    readonly ensured: Set<string>;
    constructor(db: Database.Database);
    get(sql: string, raw?: boolean): Stmt;
    exec(sql: string): void;
}
export declare function limitList(f: FlowStatements): FlowLimit[];
/** In the caller's transaction: the rule, its key index (keyed rules), and its audit line. */
export declare function limitSet(f: FlowStatements, p: {
    limit: FlowLimit;
    actor: string | null;
    now: number;
}): void;
export declare function limitRemove(f: FlowStatements, p: {
    id: string;
    actor: string | null;
    now: number;
}): boolean;
export declare function pauseSet(f: FlowStatements, p: {
    kind: FlowPauseKind | 'queue';
    target: string;
    paused: boolean;
    actor: string | null;
    now: number;
}): boolean;
export declare function pauseList(f: FlowStatements): FlowPause[];
export declare function auditList(f: FlowStatements, p: {
    limit: number;
    beforeId?: string;
}): FlowAuditEntry[];
export declare function usage(f: FlowStatements, now: number): FlowUsage[];
/** Whether any rule or name/run pause exists: the claim then takes the flow-aware path. */
export declare function flowActive(f: FlowStatements): boolean;
/**
 * The flow-aware claim over unpaused `queues`: candidates are fetched by route (the queue's
 * tasks no limit covers, in claim order; each limit's tasks, per key for keyed limits, keys in
 * round-robin order), planned (flow-plan.ts), then claimed one by one with their slots, rate
 * windows and round-robin positions written in this transaction.
 */
export declare function flowClaim(tx: SqliteTx, f: FlowStatements, op: TaskClaimOp, queues: string[]): ClaimedTask[];
export {};
