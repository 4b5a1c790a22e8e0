import { writesRoutineEvents } from '../../model/history.js';
import { SIZED_SQL } from './statements.js';
/** Rows per multi-row statement: large enough to amortise the call, small enough for the parameter limit. */
export const CHUNK = 64;
export const j = (v) => (v === null || v === undefined ? null : JSON.stringify(v));
/** The SIZED_SQL statements, prepared once per shape and size for the connection's life. */
export class SizedStatements {
    db;
    prepared = new Map();
    constructor(db) {
        this.db = db;
    }
    get(kind, n) {
        const key = `${kind}:${n}`;
        let st = this.prepared.get(key);
        if (!st)
            this.prepared.set(key, (st = this.db.prepare(SIZED_SQL[kind](n))));
        return st;
    }
}
export class SqliteTx {
    s;
    sized;
    now;
    flow;
    history;
    /** Events of this batch, six parameters each. */
    events = [];
    constructor(s, sized, 
    /** The time of every change in the batch. */
    now, 
    /** Flow control's statements (flow.ts), for the claim. */
    flow, 
    /** What a finished task leaves behind (model/history.ts). */
    history = 'full') {
        this.s = s;
        this.sized = sized;
        this.now = now;
        this.flow = flow;
        this.history = history;
    }
    /** Whether the routine events a row shows (created pending, claimed, succeeded) are written. */
    get routine() {
        return writesRoutineEvents(this.history);
    }
    event(taskId, type, attempt, workerId, detail, at = this.now) {
        this.events.push(taskId, type, at, attempt, workerId, j(detail));
    }
    /** Forgets this batch's events of a task that leaves no history (history `none`). */
    dropEvents(taskId) {
        const kept = [];
        for (let i = 0; i < this.events.length; i += 6)
            if (Number(this.events[i]) !== Number(taskId))
                kept.push(...this.events.slice(i, i + 6));
        this.events = kept;
    }
    /** Claims already recorded in this batch (its events are written at the end). */
    recorded = new Set();
    /**
     * compact/none: the row is about to stop showing its attempt, or an event of that attempt is
     * about to be written, so the attempt's claim is written first, at its own time (model/history.ts).
     */
    recordClaim(row) {
        if (this.routine || row.started_at === null || row.attempt < 1)
            return;
        const at = Number(row.started_at);
        const key = `${row.id}:${row.attempt}:${at}`;
        if (this.recorded.has(key) || this.s.claimedStored.get(row.id, row.attempt, at))
            return;
        this.recorded.add(key);
        this.event(Number(row.id), 'claimed', row.attempt, row.worker_id, null, at);
    }
    /** Writes the buffered events, in order, CHUNK per statement. */
    flushEvents() {
        const e = this.events;
        this.events = [];
        for (let i = 0; i < e.length; i += CHUNK * 6) {
            const part = e.slice(i, i + CHUNK * 6);
            this.sized.get('events', part.length / 6).run(...part);
        }
    }
    /** Why a lease holder's call changed nothing: the task moved on (or is gone). */
    guardFailure(id) {
        const state = this.stateOf(id);
        return state === null ? { ok: false, reason: 'not_found', state: null } : { ok: false, reason: 'lease_lost', state };
    }
    /** Where a task is now, live or finished. */
    stateOf(id) {
        const row = (this.s.liveState.get(id) ?? this.s.doneState.get(id));
        return row ? row.state : null;
    }
}
/**
 * Adds rows that entered history (`sign` 1) or left it (-1) to the history counts: one update
 * per queue and state, however many rows.
 */
export function countHistory(s, rows, sign) {
    const groups = new Map();
    for (const r of rows) {
        const key = `${r.state}\u0000${r.queue}`;
        const g = groups.get(key);
        if (g)
            g.n++;
        else
            groups.set(key, { queue: r.queue, state: r.state, n: 1 });
    }
    for (const g of groups.values())
        s.historyCount.run(g.queue, g.state, sign * g.n);
}
//# sourceMappingURL=tx.js.map