/**
 * The record, for people (`taskframe autoscale status`) and as JSON with ISO times (status
 * --json, GET /v1/autoscale): per group the count, what runs, the last decision with its
 * reason and inputs, the provider's failure if any, and the recent changes.
 */
import type { Decision } from './policy.js';
import type { AutoscaleRecord, GroupRecord, HistoryEntry } from './record.js';
export interface LeaderInfo {
    holder: string;
    expiresAt: number;
}
/** True when the record is older than a few intervals: no autoscaler has been acting. */
export declare function isStale(record: AutoscaleRecord, now: number): boolean;
export declare function decisionJson(d: HistoryEntry | Decision): Record<string, unknown>;
export declare function groupJson(name: string, g: GroupRecord): Record<string, unknown>;
export declare function statusJson(record: AutoscaleRecord | null, leader: LeaderInfo | null, now: number): Record<string, unknown>;
export declare function formatStatus(record: AutoscaleRecord | null, leader: LeaderInfo | null, now: number): string;
