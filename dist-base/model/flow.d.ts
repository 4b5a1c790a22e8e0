/** Where a limit applies: tasks of this queue and/or this name (at least one is given). */
export interface FlowScope {
    queue?: string;
    name?: string;
}
/**
 * A limit rule as a user writes it. `key` splits the scope into independent buckets, each with
 * the whole rate and concurrency: `payload.<path>` (a payload field) or `tag:<prefix>` (the
 * task's first tag starting with the prefix). Without a key the scope is one bucket.
 */
export interface FlowLimitSpec extends FlowScope {
    /** Stable name of the rule (set again to change it); default derived from the scope and key. */
    id?: string;
    key?: string;
    /** "N/period": at most N claims per period, e.g. "100/1s", "5000/1m". */
    rate?: string;
    /** At most this many running at once per key. */
    concurrency?: number;
}
/** A key expression, parsed: what the stores compute from each task. */
export type FlowKey = {
    kind: 'payload';
    path: string[];
} | {
    kind: 'tag';
    prefix: string;
};
/** A validated rule, as stored. */
export interface FlowLimit {
    id: string;
    queue: string | null;
    name: string | null;
    /** The expression as written (`payload.tenant`, `tag:customer:`), or null. */
    key: string | null;
    rate: {
        n: number;
        periodMs: number;
    } | null;
    concurrency: number | null;
    updatedAt: number;
}
/** What can be paused besides a queue (queues keep their own pause, engine.queues). */
export type FlowPauseKind = 'name' | 'run' | 'schedule';
export declare const FLOW_PAUSE_KINDS: readonly FlowPauseKind[];
export interface FlowPause {
    kind: FlowPauseKind;
    target: string;
    pausedAt: number;
}
/** One line of the flow-control audit: who changed what, when. */
export interface FlowAuditEntry {
    id: string;
    at: number;
    /** limit_set, limit_removed, paused, resumed. */
    action: 'limit_set' | 'limit_removed' | 'paused' | 'resumed';
    /** 'limit', 'queue', 'name', 'run' or 'schedule'. */
    kind: string;
    target: string;
    actor: string | null;
    detail: unknown;
}
/** Current use of one bucket of a limit: running tasks and claims in the last rate period. */
export interface FlowUsage {
    limitId: string;
    key: string;
    running: number;
    /** Claims counted against the rate in the period that began at `windowStart` and ends now (a sliding window). */
    windowClaims: number;
    /** Null when no claim counts any more. */
    windowStart: number | null;
}
/**
 * Rate windows slide: a bucket's claims are kept per slot of this length, 1/50 of the period
 * (at least 1 ms), and a slot counts while its latest claim is within the period.
 */
export declare const RATE_SLOTS_PER_PERIOD = 50;
export declare const rateSlotMs: (periodMs: number) => number;
/** Parses "N/period" strictly; ValidationError naming `field` otherwise. */
export declare function parseRate(value: unknown, field?: string): {
    n: number;
    periodMs: number;
};
/** "100/1s" from a parsed rate (periods printed in their largest whole unit). */
export declare function rateText(r: {
    n: number;
    periodMs: number;
}): string;
/** Parses a key expression; a ValidationError naming `field` when it names nothing. */
export declare function parseFlowKey(value: unknown, field?: string): FlowKey;
/**
 * The bucket a task falls in for a key: what the stores compute in SQL, written once here for
 * documentation and tests. A missing field, or no matching tag, is the empty key (one shared bucket).
 * Strings as they are; other JSON values as their JSON text.
 */
export declare function flowKeyOf(key: FlowKey | null, task: {
    payload: unknown;
    tags: readonly string[];
}): string;
/** The default id of a rule: its scope and key, so setting the same scope again replaces it. */
export declare function defaultLimitId(s: {
    queue: string | null;
    name: string | null;
    key: string | null;
}): string;
/**
 * Validates a rule as given by any surface. Field names are the spec's (`queue`, `name`, `key`,
 * `rate`, `concurrency`, `id`), prefixed with `where` (e.g. "flow.limits[2]"). Whether the queue
 * is known is the engine's question (it needs the store), asked after this.
 */
export declare function validateLimit(spec: unknown, now: number, where?: string): FlowLimit;
/** Validates a pause target: `{name}`, `{run}` or `{schedule}`, exactly one. */
export declare function validatePauseTarget(t: unknown): {
    kind: FlowPauseKind;
    target: string;
};
/** A rule as the HTTP API and `--json` print it (rate as text, time as ISO 8601). */
export declare function flowLimitJson(l: FlowLimit): {
    id: string;
    queue: string | null;
    name: string | null;
    key: string | null;
    rate: string | null;
    concurrency: number | null;
    updatedAt: string;
};
