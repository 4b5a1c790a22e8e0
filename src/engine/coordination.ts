/**
 * Coordination between processes sharing a store: leader leases (one process does the
 * maintenance, fires the triggers) and durable cursors (how far a follower of the event feed
 * got), both kept in the store so a successor carries on where a dead process stopped.
 */
import type { Clock } from '../model/clock.js';
import type { Store, StoredCursor } from '../store/store.js';

export class Leaders {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** Takes or keeps the named leadership for `ttlMs`; true when `holder` leads now. */
  elect(name: string, holder: string, ttlMs: number): Promise<boolean> {
    return this.store.leaderElect({ name, holder, ttlMs, now: this.clock.now() });
  }

  /** Gives the leadership up at once (a successor need not wait for the lease to run out). */
  resign(name: string, holder: string): Promise<void> {
    return this.store.leaderResign({ name, holder });
  }

  /** Who leads now, or null. */
  current(name: string): Promise<{ holder: string; expiresAt: number } | null> {
    return this.store.leaderGet({ name, now: this.clock.now() });
  }
}

export class Cursors {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  get(name: string): Promise<string | null> {
    return this.store.cursorGet({ name });
  }

  /** The cursors whose name starts with `prefix`, by name. */
  list(prefix: string): Promise<StoredCursor[]> {
    return this.store.cursorList({ prefix });
  }

  /** Sets the cursor whatever it holds. */
  async set(name: string, value: string): Promise<void> {
    await this.store.cursorSet({ name, value, now: this.clock.now() });
  }

  /** Sets the cursor only if it still holds `expected` (null: only if it does not exist yet); true when it did. */
  compareAndSet(name: string, expected: string | null, value: string): Promise<boolean> {
    return this.store.cursorSet({ name, value, expect: expected, now: this.clock.now() });
  }
}
