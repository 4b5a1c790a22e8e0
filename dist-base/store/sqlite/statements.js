import { LEASED_STATES, SOURCE_STATES } from '../../model/state.js';
import { CLAIMED_COLUMNS } from '../rows.js';
import { nextLeaseToken, nextRunAtSql, priorityBelowSql, queueClaimableSql, SQLITE_RANDOM_TOKEN_BITS, stateGuard, throttledSql } from '../sql-rules.js';
import { succeededSelectList } from './schema.js';
/** A claim returns only what the claim did not just set (see claimedRowToTask). */
export const CLAIM_RETURNING = CLAIMED_COLUMNS.join(', ');
/** Must read exactly like the predicate of the partial index tasks_claim (a test compares them). */
export const CLAIMABLE = stateGuard(SOURCE_STATES.claim);
/** A worker's lease is held: the guard of every call a lease holder makes, with its token. */
export const LEASED = stateGuard(LEASED_STATES);
const CLAIM_SET = `state = 'running', attempt = attempt + 1, lease_token = ${nextLeaseToken('lease_token', SQLITE_RANDOM_TOKEN_BITS)},
  lease_expires_at = ? + ?, worker_id = ?, started_at = ?, updated_at = ?`;
/** Columns of a plain insert (a task with no key, dependencies or parent), in SIZED_SQL.insert. */
export const INSERT_COLUMNS = ['name', 'queue', 'state', 'payload', 'priority', 'run_at', 'max_attempts', 'backoff', 'timeout_ms', 'run_id', 'tags', 'created_at', 'updated_at'];
const valueRows = (n, width) => Array.from({ length: n }, () => `(${Array(width).fill('?').join(', ')})`).join(', ');
const list = (n) => Array(n).fill('?').join(', ');
/**
 * Statements for `n` rows at once (chunks of a batch), prepared once per size on each connection
 * (SqliteTx.sized). Set-based on purpose: one call per chunk instead of one per task.
 */
export const SIZED_SQL = {
    // (task_id, type, at, attempt, worker_id, detail) × n
    events: (n) => `INSERT INTO events (task_id, type, at, attempt, worker_id, detail) VALUES ${valueRows(n, 6)}`,
    // INSERT_COLUMNS × n
    insert: (n) => `INSERT INTO tasks (${INSERT_COLUMNS.join(', ')}) VALUES ${valueRows(n, INSERT_COLUMNS.length)} RETURNING id`,
    // (id, token, result) × n, then named @now: every running task under that lease with no open
    // subtask is copied to history as succeeded (then deleted from the live table with `delete`).
    succeed: (n) => `INSERT INTO tasks_done SELECT ${succeededSelectList('v.column3', 't')} FROM tasks t JOIN (VALUES ${valueRows(n, 3)}) AS v ON t.id = v.column1
      WHERE t.lease_token = v.column2 AND ${stateGuard(SOURCE_STATES.complete, 't.state')} AND t.children_pending = 0
      RETURNING id, name, queue, state, attempt, worker_id, parent_id, run_id, finished_at, dedup_key`,
    // id × n
    delete: (n) => `DELETE FROM tasks WHERE id IN (${list(n)})`,
    // dep id × n: who waits on these tasks
    dependents: (n) => `SELECT dep_id, task_id FROM task_deps WHERE dep_id IN (${list(n)})`,
};
export const SQL = {
    // name, queue, state, payload, priority, run_at, max_attempts, backoff, timeout_ms,
    // parent_id, run_id, key, tags, deps_pending, deps_failed, trigger_rule, dedup_key, created_at, updated_at
    taskInsert: `INSERT INTO tasks (name, queue, state, payload, priority, run_at, max_attempts, backoff, timeout_ms,
        parent_id, run_id, key, tags, deps_pending, deps_failed, trigger_rule, dedup_key, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    dedupGet: `SELECT task_id FROM task_dedup WHERE key = ?`,
    dedupInsert: `INSERT INTO task_dedup (key, task_id) VALUES (?, ?)`,
    dedupDelete: `DELETE FROM task_dedup WHERE task_id = ?`,
    collapseDelete: `DELETE FROM task_collapse WHERE task_id = ?`,
    // id, now: an open throttle window names the task (history none keeps it; model/history.ts).
    throttling: throttledSql('?', '?'),
    // queue, mode, key
    collapseGet: `SELECT task_id, opened_at, until FROM task_collapse WHERE queue = ? AND mode = ? AND key = ?`,
    // queue, mode, key, task_id, opened_at, until: a new window replaces the old one
    collapsePut: `INSERT INTO task_collapse (queue, mode, key, task_id, opened_at, until) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (queue, mode, key) DO UPDATE SET task_id = excluded.task_id, opened_at = excluded.opened_at, until = excluded.until`,
    // named: @replace (1/0), @payload, @runAt (null: keep), @now, @id: only a task still waiting to run takes it
    collapseUpdate: `UPDATE tasks SET payload = CASE WHEN @replace THEN @payload ELSE payload END, run_at = coalesce(@runAt, run_at),
      state = CASE WHEN @runAt IS NOT NULL AND @runAt > @now THEN 'scheduled' ELSE state END, updated_at = @now
    WHERE id = @id AND state IN ('pending', 'scheduled') RETURNING *`,
    depInsert: `INSERT OR IGNORE INTO task_deps (dep_id, task_id) VALUES (?, ?)`,
    liveByKey: `SELECT * FROM tasks WHERE queue = ? AND key = ?`,
    liveState: `SELECT state FROM tasks WHERE id = ?`,
    doneState: `SELECT state FROM tasks_done WHERE id = ?`,
    liveById: `SELECT * FROM tasks WHERE id = ?`,
    doneById: `SELECT * FROM tasks_done WHERE id = ?`,
    liveChildren: `SELECT id FROM tasks WHERE parent_id = ?`,
    // @q queue, @below: the next priority level down of the queue's claimable tasks (claims walk the levels, sql-rules.ts)
    priorityBelow: `SELECT (${priorityBelowSql(queueClaimableSql('@q', CLAIMABLE), '@below')}) AS prio`,
    // now, leaseMs, worker, now, now, queue, priority, now, limit: one priority level's due tasks
    claim: `UPDATE tasks SET ${CLAIM_SET}
      WHERE id IN (SELECT id FROM tasks WHERE queue = ? AND ${CLAIMABLE} AND priority = ? AND run_at <= ?
                   ORDER BY run_at, id LIMIT ?)
      RETURNING ${CLAIM_RETURNING}`,
    // queue, priority, now, limit
    claimCandidates: `SELECT id, priority, run_at FROM tasks WHERE queue = ? AND ${CLAIMABLE} AND priority = ? AND run_at <= ?
      ORDER BY run_at, id LIMIT ?`,
    // now, leaseMs, worker, now, now, JSON array of ids: the tasks a flow-aware claim chose (flow.ts).
    claimIds: `UPDATE tasks SET ${CLAIM_SET} WHERE id IN (SELECT value FROM json_each(?)) AND ${CLAIMABLE} RETURNING ${CLAIM_RETURNING}`,
    // now, leaseMs, worker, now, now, id
    claimOne: `UPDATE tasks SET ${CLAIM_SET} WHERE id = ? AND ${CLAIMABLE} RETURNING ${CLAIM_RETURNING}`,
    // result, now, id, token — the guard: running under this very lease. A task with open subtasks
    // waits for them; one without (the set completion, lease.ts completeAll, took the rest) keeps running until
    // finish() moves it (see completeOne).
    completeGuarded: `UPDATE tasks SET result = ?, state = CASE WHEN children_pending > 0 THEN 'waiting' ELSE state END,
        lease_expires_at = NULL, updated_at = ?
      WHERE id = ? AND ${LEASED} AND lease_token = ? RETURNING *`,
    // id, token
    liveRunningGuarded: `SELECT * FROM tasks WHERE id = ? AND ${LEASED} AND lease_token = ?`,
    // error, retryAt, now, id (its lease was checked by liveRunningGuarded in the same transaction)
    toRetrying: `UPDATE tasks SET state = 'retrying', error = ?, run_at = ?, lease_expires_at = NULL, updated_at = ?
      WHERE id = ? AND ${stateGuard(SOURCE_STATES.fail)} RETURNING *`,
    // now(run_at), now, id, token
    unclaimGuarded: `UPDATE tasks SET state = 'pending', attempt = attempt - 1, run_at = ?, lease_expires_at = NULL,
        worker_id = NULL, updated_at = ?
      WHERE id = ? AND ${stateGuard(SOURCE_STATES.unclaim)} AND lease_token = ? RETURNING *`,
    // expiresAt, now, id, token
    heartbeatGuarded: `UPDATE tasks SET lease_expires_at = ?, updated_at = ?
      WHERE id = ? AND ${LEASED} AND lease_token = ? RETURNING *`,
    // expiresAt, progress, now, id, token
    heartbeatProgressGuarded: `UPDATE tasks SET lease_expires_at = ?, progress = ?, updated_at = ?
      WHERE id = ? AND ${LEASED} AND lease_token = ? RETURNING *`,
    // maxAttempts, now, id, token — the lease holder's own call, guarded like a heartbeat.
    setMaxAttemptsGuarded: `UPDATE tasks SET max_attempts = ?, updated_at = ?
      WHERE id = ? AND ${LEASED} AND lease_token = ?`,
    // now, limit
    leaseExpired: `SELECT * FROM tasks WHERE ${stateGuard(SOURCE_STATES.expireLease)} AND lease_expires_at < ? ORDER BY lease_expires_at LIMIT ?`,
    // now(run_at), now, id
    expireToPending: `UPDATE tasks SET state = 'pending', run_at = ?, lease_expires_at = NULL, worker_id = NULL, updated_at = ?
      WHERE id = ? AND ${stateGuard(SOURCE_STATES.expireLease)} RETURNING *`,
    // error, now, id: a task being cancelled is marked first, so its subtasks finishing while its
    // subtree is cancelled cannot complete it as a waiting parent.
    markCancelled: `UPDATE tasks SET state = 'cancelled', error = ?, lease_expires_at = NULL, updated_at = ? WHERE id = ?`,
    // state, state, error, finished_at, updated_at, id — success clears errors of earlier attempts.
    markFinished: `UPDATE tasks SET state = ?, error = CASE WHEN ? = 'succeeded' THEN NULL ELSE coalesce(?, error) END, finished_at = ?, lease_expires_at = NULL, updated_at = ?
      WHERE id = ? RETURNING *`,
    liveToHistory: `INSERT INTO tasks_done SELECT * FROM tasks WHERE id = ?`,
    liveDelete: `DELETE FROM tasks WHERE id = ?`,
    historyToLive: `INSERT INTO tasks SELECT * FROM tasks_done WHERE id = ?`,
    doneDelete: `DELETE FROM tasks_done WHERE id = ? RETURNING queue, state`,
    // queue, state, n (negative: rows left history)
    historyCount: `INSERT INTO history_counts (queue, state, n) VALUES (?, ?, ?)
      ON CONFLICT (queue, state) DO UPDATE SET n = n + excluded.n`,
    // now(run_at), now, id
    resetForRetry: `UPDATE tasks SET state = 'pending', attempt = 0, error = NULL, result = NULL, run_at = ?, finished_at = NULL,
        lease_expires_at = NULL, worker_id = NULL, updated_at = ? WHERE id = ? RETURNING *`,
    // finished (how many of its dependencies just finished), failed (how many of those did not succeed), now, id
    depFinished: `UPDATE tasks SET deps_pending = deps_pending - ?, deps_failed = deps_failed + ?, updated_at = ? WHERE id = ? RETURNING id, state, trigger_rule, deps_pending, deps_failed, run_at`,
    // failed (0|1), now, depId: every live dependent of one finished task in one statement
    // (a fan-out of thousands is one B-tree walk, not thousands of calls).
    depFinishedAll: `UPDATE tasks SET deps_pending = deps_pending - 1, deps_failed = deps_failed + ?, updated_at = ?
    WHERE id IN (SELECT task_id FROM task_deps WHERE dep_id = ?) RETURNING id, state, trigger_rule, deps_pending, deps_failed, run_at`,
    // state, now, JSON array of ids
    unblockMany: `UPDATE tasks SET state = ?, updated_at = ? WHERE id IN (SELECT value FROM json_each(?)) AND ${stateGuard(SOURCE_STATES.dependencyFinished)}`,
    // now, parentId
    parentChildAdd: `UPDATE tasks SET children_pending = children_pending + 1, updated_at = ? WHERE id = ?`,
    parentChildDone: `UPDATE tasks SET children_pending = children_pending - 1, updated_at = ? WHERE id = ? RETURNING state, children_pending`,
    // @q queue
    nextRunAt: nextRunAtSql(queueClaimableSql('@q', CLAIMABLE)),
    // before, limit
    expiredDone: `SELECT id FROM tasks_done WHERE finished_at < ? ORDER BY finished_at LIMIT ?`,
    eventsDelete: `DELETE FROM events WHERE task_id = ?`,
    depsDelete: `DELETE FROM task_deps WHERE task_id = ? OR dep_id = ?`,
    logsDelete: `DELETE FROM task_logs WHERE task_id = ?`,
    // History modes (model/history.ts). id, attempt, at: the claim of this attempt is stored.
    claimedStored: `SELECT 1 FROM events WHERE task_id = ? AND type = 'claimed' AND attempt = ? AND at = ? LIMIT 1`,
    // id: some task depends on it.
    hasDependents: `SELECT 1 FROM task_deps WHERE dep_id = ? LIMIT 1`,
    logInsert: `INSERT INTO task_logs (task_id, attempt, at, stream, text) VALUES (?, ?, ?, ?, ?)`,
    // One writer: events commit in id order, so the id is the feed position (model/feed.ts).
    eventFeed: `SELECT * FROM events WHERE id > ? ORDER BY id LIMIT ?`,
    eventFeedEnd: `SELECT max(id) AS id FROM events`,
    // The highest event id ever given (AUTOINCREMENT: never handed out again, even once deleted).
    eventIdHighest: `SELECT seq FROM sqlite_sequence WHERE name = 'events'`,
    queuePaused: `SELECT paused FROM queues WHERE name = ?`,
    queueSetPaused: `INSERT INTO queues (name, paused, updated_at) VALUES (?, ?, ?)
      ON CONFLICT (name) DO UPDATE SET paused = excluded.paused, updated_at = excluded.updated_at`,
    queuePausedList: `SELECT name FROM queues WHERE paused = 1 ORDER BY name`,
    cursorGet: `SELECT value FROM cursors WHERE name = ?`,
    cursorList: `SELECT name, value, updated_at FROM cursors WHERE substr(name, 1, length(?)) = ? ORDER BY name`,
    cursorUpsert: `INSERT INTO cursors (name, value, updated_at) VALUES (?, ?, ?)
      ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    cursorCas: `UPDATE cursors SET value = ?, updated_at = ? WHERE name = ? AND value = ?`,
    cursorInsertNew: `INSERT OR IGNORE INTO cursors (name, value, updated_at) VALUES (?, ?, ?)`,
    runInsert: `INSERT INTO runs (id, name, state, spec, inputs, outputs, error, trigger, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    runGet: `SELECT * FROM runs WHERE id = ?`,
    // name, holder, expiresAt, now
    leaderElect: `INSERT INTO leaders (name, holder, expires_at) VALUES (?, ?, ?)
      ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
      WHERE leaders.holder = excluded.holder OR leaders.expires_at < ?`,
    leaderResign: `DELETE FROM leaders WHERE name = ? AND holder = ?`,
    leaderGet: `SELECT holder, expires_at FROM leaders WHERE name = ? AND expires_at >= ?`,
};
/** Statements whose rows come back as arrays in column order (cheaper than objects on hot paths). */
const RAW = new Set(['claim', 'claimOne', 'claimIds']);
export function prepareStatements(db) {
    return Object.fromEntries(Object.entries(SQL).map(([name, sql]) => {
        const st = db.prepare(sql);
        return [name, RAW.has(name) ? st.raw(true) : st];
    }));
}
//# sourceMappingURL=statements.js.map