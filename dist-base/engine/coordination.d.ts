/**
 * Coordination between processes sharing a store: leader leases (one process does the
 * maintenance, fires the triggers) and durable cursors (how far a follower of the event feed
 * got), both kept in the store so a successor carries on where a dead process stopped.
 */
import type { Clock } from '../model/clock.js';
import type { Store, StoredCursor } from '../store/store.js';
export declare class Leaders {
    private readonly store;
    private readonly clock;
    constructor(store: Store, clock: Clock);
    /** Takes or keeps the named leadership for `ttlMs`; true when `holder` leads now. */
    elect(name: string, holder: string, ttlMs: number): Promise<boolean>;
    /** Gives the leadership up at once (a successor need not wait for the lease to run out). */
    resign(name: string, holder: string): Promise<void>;
    /** Who leads now, or null. */
    current(name: string): Promise<{
        holder: string;
        expiresAt: number;
    } | null>;
}
export declare class Cursors {
    private readonly store;
    private readonly clock;
    constructor(store: Store, clock: Clock);
    get(name: string): Promise<string | null>;
    /** The cursors whose name starts with `prefix`, by name. */
    list(prefix: string): Promise<StoredCursor[]>;
    /** Sets the cursor whatever it holds. */
    set(name: string, value: string): Promise<void>;
    /** Sets the cursor only if it still holds `expected` (null: only if it does not exist yet); true when it did. */
    compareAndSet(name: string, expected: string | null, value: string): Promise<boolean>;
}
