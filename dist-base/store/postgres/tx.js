import { RAW_JSON_TYPES } from './connect.js';
import { HOT, SQL } from './statements.js';
import { HISTORY_MODES, writesRoutineEvents } from '../../model/history.js';
export const j = (v) => (v === null || v === undefined ? null : JSON.stringify(v));
/**
 * The statements run for nearly every task, prepared by name on each pooled connection: parsing
 * and planning them each time cost about a fifth of a claim's time (measured: 1.05 -> 0.87 ms for
 * a one-task claim, 1.60 -> 1.22 ms for completions with a claim). Plans are re-made by the
 * server whenever the tables change (partitions created or dropped).
 */
const PREPARED = new Map([
    [SQL.heartbeatMany, 'tf_heartbeatMany'],
    ...HISTORY_MODES.flatMap((mode) => Object.entries(HOT[mode]).map(([k, text]) => [text, mode === 'full' ? `tf_${k}` : `tf_${k}_${mode}`])),
]);
export class PgTx {
    c;
    now;
    channel;
    prepared;
    history;
    consequential;
    /** Queues in which a task became claimable during this transaction. */
    wake = new Set();
    constructor(c, 
    /** The time of every change in the batch. */
    now, 
    /** The wake-up channel: a plain insert notifies in its own statement (no extra round trip). */
    channel, 
    /** A connection of the store's own pool (not a caller's): hot statements may be prepared on it. */
    prepared, 
    /** What a finished task leaves behind (model/history.ts). */
    history = 'full', 
    /** The driver's note of claimed tasks whose completion has consequences (claimed.ts), or null. */
    consequential = null) {
        this.c = c;
        this.now = now;
        this.channel = channel;
        this.prepared = prepared;
        this.history = history;
        this.consequential = consequential;
        this.hot = HOT[history];
    }
    /** The hot statements of this history mode. */
    hot;
    /** Whether the routine events a row shows (created pending, claimed, succeeded) are written. */
    get routine() {
        return writesRoutineEvents(this.history);
    }
    /**
     * compact/none: the row is about to stop showing its attempt, or an event of that attempt is
     * about to be written, so the attempt's claim is written first, at its own time (model/history.ts).
     */
    async recordClaim(row) {
        if (this.routine || row.started_at === null || row.attempt < 1)
            return;
        await this.q(SQL.claimedRecord, [row.id, row.started_at, row.attempt, row.worker_id]);
    }
    q(text, values, rowMode) {
        // Types per query, so a caller's own client (transactional enqueue) gets the same row shapes.
        // On the store's own connections the hot statements are prepared once per connection.
        const name = this.prepared ? PREPARED.get(text) : undefined;
        return this.c.query({ name, text, values, types: RAW_JSON_TYPES, ...(rowMode ? { rowMode } : {}) });
    }
    /** Rows as arrays of their columns, in the statement's order (no object per row). */
    async arrays(sql, params) {
        return (await this.q(sql, params, 'array')).rows;
    }
    async rows(sql, params) {
        return (await this.q(sql, params)).rows;
    }
    async one(sql, params) {
        return (await this.q(sql, params)).rows[0];
    }
    async event(taskId, type, attempt, workerId, detail) {
        await this.q(SQL.eventInsert, [taskId, type, this.now, attempt, workerId, j(detail)]);
    }
    /** Several events in one statement, in the order given. */
    async events(list) {
        if (list.length)
            await this.q(SQL.eventInsertMany, [JSON.stringify(list), this.now]);
    }
    /** Why lease holders' calls changed nothing, in one read: each task moved on (or is gone). */
    async guardFailures(ids) {
        const rows = await this.rows(SQL.stateOfMany, [ids]);
        const found = new Map(rows.map((r) => [String(r.id), r.state]));
        return new Map(ids.map((id) => {
            const state = found.get(String(id));
            return [String(id), state === undefined ? { ok: false, reason: 'not_found', state: null } : { ok: false, reason: 'lease_lost', state }];
        }));
    }
    async guardFailure(id) {
        return (await this.guardFailures([id])).get(String(id));
    }
    /** Where a task is now, live or finished. */
    async stateOf(id) {
        const [row] = await this.rows(SQL.stateOfMany, [[id]]);
        return row ? row.state : null;
    }
}
//# sourceMappingURL=tx.js.map