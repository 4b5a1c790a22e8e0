export class Leaders {
    store;
    clock;
    constructor(store, clock) {
        this.store = store;
        this.clock = clock;
    }
    /** Takes or keeps the named leadership for `ttlMs`; true when `holder` leads now. */
    elect(name, holder, ttlMs) {
        return this.store.leaderElect({ name, holder, ttlMs, now: this.clock.now() });
    }
    /** Gives the leadership up at once (a successor need not wait for the lease to run out). */
    resign(name, holder) {
        return this.store.leaderResign({ name, holder });
    }
    /** Who leads now, or null. */
    current(name) {
        return this.store.leaderGet({ name, now: this.clock.now() });
    }
}
export class Cursors {
    store;
    clock;
    constructor(store, clock) {
        this.store = store;
        this.clock = clock;
    }
    get(name) {
        return this.store.cursorGet({ name });
    }
    /** The cursors whose name starts with `prefix`, by name. */
    list(prefix) {
        return this.store.cursorList({ prefix });
    }
    /** Sets the cursor whatever it holds. */
    async set(name, value) {
        await this.store.cursorSet({ name, value, now: this.clock.now() });
    }
    /** Sets the cursor only if it still holds `expected` (null: only if it does not exist yet); true when it did. */
    compareAndSet(name, expected, value) {
        return this.store.cursorSet({ name, value, expect: expected, now: this.clock.now() });
    }
}
//# sourceMappingURL=coordination.js.map