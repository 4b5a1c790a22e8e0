/**
 * The flow-aware claim, as pure decisions both drivers share: which limits apply to a queue,
 * the SQL text of a key expression, and which candidates a claim takes (round-robin across keys,
 * never past a limit). The drivers fetch candidates and usage, call `planClaim`, and write what
 * it chose in the claim's transaction (docs/flow-control.md).
 */
import { type FlowKey, type FlowLimit } from '../model/flow.js';
/** A claimable task as the planner sees it. */
export interface FlowCandidate {
    id: number;
    queue: string;
    name: string;
    priority: number;
    runAt: number;
    payload: unknown;
    tags: readonly string[];
}
export interface FlowState {
    /** Running tasks per bucket ("limitId\0key"), for limits with a concurrency. */
    running: Map<string, number>;
    /** What is stored per bucket of a limit with a rate (see StoredRate). */
    rate: Map<string, StoredRate>;
    /** Round-robin cursor per keyed limit: the key its last claim served last. */
    cursor: Map<string, string>;
    /**
     * This claim's turn per fairness bucket (position in the rotation from the cursor), set by the
     * driver as it walks the keys; lower goes first.
     */
    rank: Map<string, number>;
}
export interface FlowPlan {
    /** Chosen ids, in the order taken. */
    ids: number[];
    /** Per chosen task, the buckets it holds a concurrency slot in. */
    slots: Array<{
        id: number;
        bucket: string;
        limitId: string;
        key: string;
    }>;
    /** Rate logs to write: bucket -> new state. */
    rate: Map<string, RateWrite>;
    /** Per keyed limit, the key served last in this claim's rotation: its new cursor. */
    cursor: Map<string, string>;
}
export declare const bucketOf: (limitId: string, key: string) => string;
/**
 * The claims of one rate bucket over its last period, for a sliding window: per slot of
 * rateSlotMs, the time of its latest claim and how many it took, oldest first. A slot counts while
 * its latest claim is within the period, so no claim is dropped early: "N per period" holds over
 * every period, not only over aligned windows, at the cost of a slot counting a little longer
 * than its earliest claims.
 */
export type RateLog = Array<[at: number, claims: number]>;
/** A rate bucket as stored: its log (null in a row an earlier version wrote: a fixed window's start and count), its newest claim time and its count then. */
export interface StoredRate {
    windowStart: number;
    used: number;
    log: RateLog | null;
}
/** A rate bucket to store (columns window_start = newest claim, used = claims in the period then, slots = the log). */
export interface RateWrite {
    limitId: string;
    key: string;
    windowStart: number;
    used: number;
    log: RateLog;
}
/** A bucket's rate use now, as FlowUsage shows it: claims in the period that ends now, and when that period began. */
export declare function rateUse(l: FlowLimit, stored: StoredRate | undefined, now: number): {
    windowClaims: number;
    windowStart: number | null;
};
/** Limits whose scope can hold tasks of this queue. */
export declare function limitsForQueue(limits: readonly FlowLimit[], queue: string): FlowLimit[];
export declare const applies: (l: FlowLimit, t: {
    queue: string;
    name: string;
}) => boolean;
/** The limit whose key divides a task's turn in the round-robin: the first keyed one that applies (by id). */
export declare function fairnessLimit(limits: readonly FlowLimit[], t: {
    queue: string;
    name: string;
}): FlowLimit | null;
export declare function keyOf(l: FlowLimit): FlowKey | null;
/** A SQL string literal (scope values are validated names, but quote them properly anyway). */
export declare const lit: (s: string) => string;
/**
 * The key expression in SQL, computing what flowKeyOf computes for string and number fields
 * (other JSON values: their JSON text as the database prints it). Written as literal text so a
 * partial expression index made for the limit matches the claim's queries.
 */
export declare function keySql(driver: 'sqlite' | 'postgres', k: FlowKey): string;
/** The scope of a limit as a SQL condition on a task row (literal values). */
export declare function scopeSql(l: FlowLimit): string;
/**
 * Chooses up to `limit` candidates: fairness buckets take turns (in the rotation order the
 * driver walked, state.rank), within a bucket claim order (priority, run_at, id); a candidate that would pass any
 * of its limits is left pending. Candidates may repeat (a driver fetches by more than one route).
 */
export declare function planClaim(p: {
    limits: readonly FlowLimit[];
    candidates: readonly FlowCandidate[];
    state: FlowState;
    limit: number;
    now: number;
}): FlowPlan;
/** FNV-1a, for naming a limit's index (or statement) after its scope and key (same scope and key, same name). */
export declare function fnv(s: string): string;
/**
 * The partial index that serves a keyed limit's claims: the claimable tasks of its scope by key,
 * in claim order (distinct keys by skip scan, each key's tasks by range scan).
 */
export declare function keyIndex(driver: 'sqlite' | 'postgres', l: FlowLimit, claimable: string): {
    name: string;
    create: string;
} | null;
/** A stored limit row (both drivers) as the model's FlowLimit. */
export interface LimitRow {
    id: string;
    queue: string | null;
    name: string | null;
    key: string | null;
    rate_n: number | string | null;
    rate_ms: number | string | null;
    concurrency: number | string | null;
    updated_at: number | string;
}
export declare function rowToLimit(r: LimitRow): FlowLimit;
/** The audit detail of a limit change. */
export declare function limitDetail(l: FlowLimit): Record<string, unknown>;
/** Whether a bucket can take one more claim now (else its tasks are not even fetched). */
export declare function hasRoom(l: FlowLimit, key: string, state: FlowState, now: number): boolean;
/** Keys walked per step of a rotation, at most. */
export declare const KEY_CHUNK = 256;
/**
 * Keys walked beyond what the first step needs, for keys found without room. A step walks no
 * more than that (each key walked costs index probes and, on PostgreSQL, its first task's fetch);
 * later steps of the same claim walk twice as many as the one before, up to KEY_CHUNK.
 */
export declare const KEY_SLACK = 16;
/** What a rotation found. */
export interface Rotation {
    /** The keys to serve, in their turns. */
    chosen: string[];
    /**
     * The last key looked at, when the walk stopped at its limit of keys before `want` were found
     * or it came round: the limit's new cursor (every chosen key comes before it), so the next
     * claim goes on from there and keys further on are not left waiting behind keys with nothing
     * to give. Null otherwise (the cursor is the key served last).
     */
    stoppedAt: string | null;
}
/**
 * The keys a claim serves, in round-robin order: from just after the limit's cursor to the end of
 * the key space, then from its start, skipping keys with no room, until `want` are found (or every
 * key, or `maxKeys`, was looked at). `walk(after, n)` gives up to n keys in index order
 * after `after` (null: from the first). Keys come back in the database's order; whether the walk
 * has come round is told by the keys it has seen, not by comparing strings here.
 */
export declare function rotation(cursor: string | null, want: number, room: (key: string) => boolean, maxKeys: number): Generator<{
    after: string | null;
    n: number;
}, Rotation, string[]>;
