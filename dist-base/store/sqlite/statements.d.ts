/**
 * Every SQL statement the SQLite driver runs, in one place, prepared once per connection.
 * Parameter order is positional; each statement's comment lists it. The state guards are built
 * from the transition table (src/model/state.ts) when this module loads; test/store/state-guards
 * checks every guard here against it.
 */
import type Database from 'better-sqlite3';
type Stmt = Database.Statement<unknown[], unknown>;
/** A claim returns only what the claim did not just set (see claimedRowToTask). */
export declare const CLAIM_RETURNING: string;
/** Must read exactly like the predicate of the partial index tasks_claim (a test compares them). */
export declare const CLAIMABLE: string;
/** A worker's lease is held: the guard of every call a lease holder makes, with its token. */
export declare const LEASED: string;
/** Columns of a plain insert (a task with no key, dependencies or parent), in SIZED_SQL.insert. */
export declare const INSERT_COLUMNS: readonly ["name", "queue", "state", "payload", "priority", "run_at", "max_attempts", "backoff", "timeout_ms", "run_id", "tags", "created_at", "updated_at"];
/**
 * Statements for `n` rows at once (chunks of a batch), prepared once per size on each connection
 * (SqliteTx.sized). Set-based on purpose: one call per chunk instead of one per task.
 */
export declare const SIZED_SQL: {
    readonly events: (n: number) => string;
    readonly insert: (n: number) => string;
    readonly succeed: (n: number) => string;
    readonly delete: (n: number) => string;
    readonly dependents: (n: number) => string;
};
export declare const SQL: {
    readonly taskInsert: "INSERT INTO tasks (name, queue, state, payload, priority, run_at, max_attempts, backoff, timeout_ms,\n        parent_id, run_id, key, tags, deps_pending, deps_failed, trigger_rule, dedup_key, created_at, updated_at)\n      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    readonly dedupGet: "SELECT task_id FROM task_dedup WHERE key = ?";
    readonly dedupInsert: "INSERT INTO task_dedup (key, task_id) VALUES (?, ?)";
    readonly dedupDelete: "DELETE FROM task_dedup WHERE task_id = ?";
    readonly collapseDelete: "DELETE FROM task_collapse WHERE task_id = ?";
    readonly throttling: string;
    readonly collapseGet: "SELECT task_id, opened_at, until FROM task_collapse WHERE queue = ? AND mode = ? AND key = ?";
    readonly collapsePut: "INSERT INTO task_collapse (queue, mode, key, task_id, opened_at, until) VALUES (?, ?, ?, ?, ?, ?)\n    ON CONFLICT (queue, mode, key) DO UPDATE SET task_id = excluded.task_id, opened_at = excluded.opened_at, until = excluded.until";
    readonly collapseUpdate: "UPDATE tasks SET payload = CASE WHEN @replace THEN @payload ELSE payload END, run_at = coalesce(@runAt, run_at),\n      state = CASE WHEN @runAt IS NOT NULL AND @runAt > @now THEN 'scheduled' ELSE state END, updated_at = @now\n    WHERE id = @id AND state IN ('pending', 'scheduled') RETURNING *";
    readonly depInsert: "INSERT OR IGNORE INTO task_deps (dep_id, task_id) VALUES (?, ?)";
    readonly liveByKey: "SELECT * FROM tasks WHERE queue = ? AND key = ?";
    readonly liveState: "SELECT state FROM tasks WHERE id = ?";
    readonly doneState: "SELECT state FROM tasks_done WHERE id = ?";
    readonly liveById: "SELECT * FROM tasks WHERE id = ?";
    readonly doneById: "SELECT * FROM tasks_done WHERE id = ?";
    readonly liveChildren: "SELECT id FROM tasks WHERE parent_id = ?";
    readonly priorityBelow: `SELECT (${string}) AS prio`;
    readonly claim: `UPDATE tasks SET ${string}
      WHERE id IN (SELECT id FROM tasks WHERE queue = ? AND ${string} AND priority = ? AND run_at <= ?
                   ORDER BY run_at, id LIMIT ?)
      RETURNING ${string}`;
    readonly claimCandidates: `SELECT id, priority, run_at FROM tasks WHERE queue = ? AND ${string} AND priority = ? AND run_at <= ?
      ORDER BY run_at, id LIMIT ?`;
    readonly claimIds: `UPDATE tasks SET ${string} WHERE id IN (SELECT value FROM json_each(?)) AND ${string} RETURNING ${string}`;
    readonly claimOne: `UPDATE tasks SET ${string} WHERE id = ? AND ${string} RETURNING ${string}`;
    readonly completeGuarded: `UPDATE tasks SET result = ?, state = CASE WHEN children_pending > 0 THEN 'waiting' ELSE state END,
        lease_expires_at = NULL, updated_at = ?
      WHERE id = ? AND ${string} AND lease_token = ? RETURNING *`;
    readonly liveRunningGuarded: `SELECT * FROM tasks WHERE id = ? AND ${string} AND lease_token = ?`;
    readonly toRetrying: `UPDATE tasks SET state = 'retrying', error = ?, run_at = ?, lease_expires_at = NULL, updated_at = ?
      WHERE id = ? AND ${string} RETURNING *`;
    readonly unclaimGuarded: `UPDATE tasks SET state = 'pending', attempt = attempt - 1, run_at = ?, lease_expires_at = NULL,
        worker_id = NULL, updated_at = ?
      WHERE id = ? AND ${string} AND lease_token = ? RETURNING *`;
    readonly heartbeatGuarded: `UPDATE tasks SET lease_expires_at = ?, updated_at = ?
      WHERE id = ? AND ${string} AND lease_token = ? RETURNING *`;
    readonly heartbeatProgressGuarded: `UPDATE tasks SET lease_expires_at = ?, progress = ?, updated_at = ?
      WHERE id = ? AND ${string} AND lease_token = ? RETURNING *`;
    readonly setMaxAttemptsGuarded: `UPDATE tasks SET max_attempts = ?, updated_at = ?
      WHERE id = ? AND ${string} AND lease_token = ?`;
    readonly leaseExpired: `SELECT * FROM tasks WHERE ${string} AND lease_expires_at < ? ORDER BY lease_expires_at LIMIT ?`;
    readonly expireToPending: `UPDATE tasks SET state = 'pending', run_at = ?, lease_expires_at = NULL, worker_id = NULL, updated_at = ?
      WHERE id = ? AND ${string} RETURNING *`;
    readonly markCancelled: "UPDATE tasks SET state = 'cancelled', error = ?, lease_expires_at = NULL, updated_at = ? WHERE id = ?";
    readonly markFinished: "UPDATE tasks SET state = ?, error = CASE WHEN ? = 'succeeded' THEN NULL ELSE coalesce(?, error) END, finished_at = ?, lease_expires_at = NULL, updated_at = ?\n      WHERE id = ? RETURNING *";
    readonly liveToHistory: "INSERT INTO tasks_done SELECT * FROM tasks WHERE id = ?";
    readonly liveDelete: "DELETE FROM tasks WHERE id = ?";
    readonly historyToLive: "INSERT INTO tasks SELECT * FROM tasks_done WHERE id = ?";
    readonly doneDelete: "DELETE FROM tasks_done WHERE id = ? RETURNING queue, state";
    readonly historyCount: "INSERT INTO history_counts (queue, state, n) VALUES (?, ?, ?)\n      ON CONFLICT (queue, state) DO UPDATE SET n = n + excluded.n";
    readonly resetForRetry: "UPDATE tasks SET state = 'pending', attempt = 0, error = NULL, result = NULL, run_at = ?, finished_at = NULL,\n        lease_expires_at = NULL, worker_id = NULL, updated_at = ? WHERE id = ? RETURNING *";
    readonly depFinished: "UPDATE tasks SET deps_pending = deps_pending - ?, deps_failed = deps_failed + ?, updated_at = ? WHERE id = ? RETURNING id, state, trigger_rule, deps_pending, deps_failed, run_at";
    readonly depFinishedAll: "UPDATE tasks SET deps_pending = deps_pending - 1, deps_failed = deps_failed + ?, updated_at = ?\n    WHERE id IN (SELECT task_id FROM task_deps WHERE dep_id = ?) RETURNING id, state, trigger_rule, deps_pending, deps_failed, run_at";
    readonly unblockMany: `UPDATE tasks SET state = ?, updated_at = ? WHERE id IN (SELECT value FROM json_each(?)) AND ${string}`;
    readonly parentChildAdd: "UPDATE tasks SET children_pending = children_pending + 1, updated_at = ? WHERE id = ?";
    readonly parentChildDone: "UPDATE tasks SET children_pending = children_pending - 1, updated_at = ? WHERE id = ? RETURNING state, children_pending";
    readonly nextRunAt: string;
    readonly expiredDone: "SELECT id FROM tasks_done WHERE finished_at < ? ORDER BY finished_at LIMIT ?";
    readonly eventsDelete: "DELETE FROM events WHERE task_id = ?";
    readonly depsDelete: "DELETE FROM task_deps WHERE task_id = ? OR dep_id = ?";
    readonly logsDelete: "DELETE FROM task_logs WHERE task_id = ?";
    readonly claimedStored: "SELECT 1 FROM events WHERE task_id = ? AND type = 'claimed' AND attempt = ? AND at = ? LIMIT 1";
    readonly hasDependents: "SELECT 1 FROM task_deps WHERE dep_id = ? LIMIT 1";
    readonly logInsert: "INSERT INTO task_logs (task_id, attempt, at, stream, text) VALUES (?, ?, ?, ?, ?)";
    readonly eventFeed: "SELECT * FROM events WHERE id > ? ORDER BY id LIMIT ?";
    readonly eventFeedEnd: "SELECT max(id) AS id FROM events";
    readonly eventIdHighest: "SELECT seq FROM sqlite_sequence WHERE name = 'events'";
    readonly queuePaused: "SELECT paused FROM queues WHERE name = ?";
    readonly queueSetPaused: "INSERT INTO queues (name, paused, updated_at) VALUES (?, ?, ?)\n      ON CONFLICT (name) DO UPDATE SET paused = excluded.paused, updated_at = excluded.updated_at";
    readonly queuePausedList: "SELECT name FROM queues WHERE paused = 1 ORDER BY name";
    readonly cursorGet: "SELECT value FROM cursors WHERE name = ?";
    readonly cursorList: "SELECT name, value, updated_at FROM cursors WHERE substr(name, 1, length(?)) = ? ORDER BY name";
    readonly cursorUpsert: "INSERT INTO cursors (name, value, updated_at) VALUES (?, ?, ?)\n      ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at";
    readonly cursorCas: "UPDATE cursors SET value = ?, updated_at = ? WHERE name = ? AND value = ?";
    readonly cursorInsertNew: "INSERT OR IGNORE INTO cursors (name, value, updated_at) VALUES (?, ?, ?)";
    readonly runInsert: "INSERT INTO runs (id, name, state, spec, inputs, outputs, error, trigger, created_at, updated_at)\n      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *";
    readonly runGet: "SELECT * FROM runs WHERE id = ?";
    readonly leaderElect: "INSERT INTO leaders (name, holder, expires_at) VALUES (?, ?, ?)\n      ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at\n      WHERE leaders.holder = excluded.holder OR leaders.expires_at < ?";
    readonly leaderResign: "DELETE FROM leaders WHERE name = ? AND holder = ?";
    readonly leaderGet: "SELECT holder, expires_at FROM leaders WHERE name = ? AND expires_at >= ?";
};
export type Statements = Record<keyof typeof SQL, Stmt>;
export declare function prepareStatements(db: Database.Database): Statements;
export {};
