/**
 * What the autoscaler records after every pass, in one named value of the store (a cursor,
 * written with compare-and-set): per group the policy's state (so a new leader continues where
 * the last one stopped: the count, the cool-down, the moving averages), the last decision with
 * its inputs and reason, what the provider reported, and the recent decisions that changed
 * something. `autoscale status`, the dashboard, the metrics and the KEDA endpoint all read it.
 *
 * Why a cursor and not events or a table: the record is small and replaced as a whole each pass;
 * compare-and-set on it fences a leader that lost its lease; no schema change is needed.
 */
import type { Decision, GroupState } from './policy.js';
export declare const RECORD_NAME = "autoscale";
export declare const LEADER_NAME = "autoscale";
export declare const RECORD_VERSION = 1;
export interface WorkerCounts {
    running: number;
    starting: number;
    stopping: number;
}
/** A decision as kept in the history, with the provider's failure if it had one. */
export interface HistoryEntry extends Decision {
    error?: string;
}
export interface GroupRecord {
    queues: string[];
    provider: string;
    /** The group's lookahead (what counts as coming due), for readers of the record. */
    lookaheadMs: number;
    state: GroupState;
    last: HistoryEntry;
    /** What the provider reported after acting (null: it cannot say, or it failed). */
    workers: WorkerCounts | null;
    /** The provider's last failure, while it lasts (cleared by the next success). */
    providerError: {
        at: number;
        message: string;
    } | null;
    /** Newest first: decisions that changed the count, and provider failures. */
    history: HistoryEntry[];
}
export interface AutoscaleRecord {
    version: number;
    leader: string;
    updatedAt: number;
    intervalMs: number;
    groups: Record<string, GroupRecord>;
}
/** Parses a stored record; anything unreadable counts as no record (a new one replaces it). */
export declare function decodeRecord(raw: string | null): AutoscaleRecord | null;
export declare function encodeRecord(r: AutoscaleRecord): string;
/** The group's record after a pass: the decision, the provider's answer, and the history kept to `keep`. */
export declare function nextGroupRecord(prev: GroupRecord | undefined, p: {
    queues: string[];
    provider: string;
    lookaheadMs: number;
    state: GroupState;
    decision: Decision;
    workers: WorkerCounts | null;
    error: string | null;
    keep: number;
}): GroupRecord;
