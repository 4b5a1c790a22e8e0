/**
 * How far behind the store's event feed each durable follower is: bus outboxes (cursor
 * `bus-outbox:NAME`) and taskmaster rules on the store (`rules:NAME`). A follower's lag is the
 * age of the oldest event it has not read yet, 0 when it has read everything: an outbox whose
 * bridge is down, or that publishes more slowly than tasks change, grows it by a second a second.
 * Read from the cursors the followers keep in the store, so any process on the store (the
 * server's /metrics) can tell, without a port on the bridge.
 */
import type { Engine } from '../engine/engine.js';
export declare const OUTBOX_CURSOR_PREFIX = "bus-outbox:";
export declare const RULES_CURSOR_PREFIX = "rules:";
export interface FollowerLag {
    /** The follower's cursor name (`bus-outbox:default`, `rules:default`). */
    follower: string;
    /** Seconds since the oldest unread event happened; 0 when nothing is unread; null when the cursor is not a place in this feed. */
    lagSeconds: number | null;
}
export declare function followerLags(engine: Engine): Promise<FollowerLag[]>;
