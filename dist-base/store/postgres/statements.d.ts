import { type HistoryMode } from '../../model/history.js';
/** Reads like the predicate of the partial index tasks_claim (a test compares them). */
export declare const CLAIMABLE: string;
/**
 * Adds the rows of `rows` (a CTE or table with queue and state) to the history counts, or takes
 * them away (`sign` '-'). Taken in (queue, state) order, so two writers never deadlock on them;
 * in a slot of this server process's own, so they seldom wait on each other at all.
 */
export declare function countHistory(rows: string, sign?: '' | '-'): string;
/**
 * A queue's claimable tasks in claim order, a priority level at a time, highest first
 * (sql-rules.ts says why): `level(prio)` selects one level's rows (ordered by run_at, id, with its
 * LIMIT), `limit` is the most taken in all; later levels are not read once it is reached.
 */
export declare function byPriorityLevels(queue: string, level: (prio: string) => string, limit: string): string;
/**
 * The hot statements for one history mode (model/history.ts): `full` writes the routine events
 * (created, claimed, succeeded) in the statements themselves; `compact` and `none` leave them to
 * the rows; `none` also drops the successes nobody reads later. SQL holds the `full` ones.
 */
declare function hotStatements(mode: HistoryMode): {
    taskInsertPlain: string;
    claim: string;
    claimAlone: string;
    completeMany: string;
    completeAndClaim: string;
};
export type HotStatements = ReturnType<typeof hotStatements>;
/** The hot statements of each history mode, built once. */
export declare const HOT: Record<HistoryMode, HotStatements>;
export declare const SQL: {
    readonly taskInsertMany: "\n    WITH v AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(ord int, id bigint, name text, queue text, state text, payload jsonb, priority int, run_at bigint,\n  max_attempts int, backoff jsonb, timeout_ms bigint, parent_id bigint, run_id text, key text, tags jsonb,\n  deps_pending int, deps_failed int, trigger_rule text, dedup_key text)),\n    ins AS (\n      INSERT INTO tasks (id, name, queue, state, payload, priority, run_at, max_attempts, backoff, timeout_ms,\n                         parent_id, run_id, key, tags, deps_pending, deps_failed, trigger_rule, dedup_key, created_at, updated_at)\n      SELECT coalesce(id, nextval('task_ids')), name, queue, state, payload, priority, run_at, max_attempts, backoff, timeout_ms,\n             parent_id, run_id, key, coalesce(tags, '[]'::jsonb), deps_pending, deps_failed, trigger_rule, dedup_key, $2, $2\n      FROM v ORDER BY ord\n      RETURNING *),\n    ev AS (\n      INSERT INTO events (task_id, type, at, attempt, worker_id, detail)\n      SELECT id, 'created', $2, 0, NULL, $3::jsonb FROM ins WHERE $3::jsonb IS NOT NULL ORDER BY id)\n    SELECT * FROM ins ORDER BY id";
    readonly taskInsertPlain: string;
    readonly claim: string;
    readonly claimAlone: string;
    readonly completeMany: string;
    readonly completeAndClaim: string;
    readonly heartbeatMany: `
    UPDATE tasks t SET lease_expires_at = ($2::jsonb -> t.id::text ->> 'expires')::bigint, updated_at = $3
    WHERE t.id = ANY($1::bigint[]) AND ${string} AND t.lease_token = ($2::jsonb -> t.id::text ->> 'token')::bigint
    RETURNING t.*`;
    readonly stateOfMany: "SELECT id, state FROM tasks WHERE id = ANY($1::bigint[])\n    UNION ALL SELECT id, state FROM tasks_done WHERE id = ANY($1::bigint[])";
    readonly eventInsertMany: "INSERT INTO events (task_id, type, at, attempt, worker_id, detail)\n    SELECT task_id, type, $2, attempt, worker_id, detail\n    FROM jsonb_to_recordset($1::jsonb) AS x(task_id bigint, type text, attempt int, worker_id text, detail jsonb)";
    readonly notify: "SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p";
    readonly eventInsert: "INSERT INTO events (task_id, type, at, attempt, worker_id, detail) VALUES ($1, $2, $3, $4, $5, $6)";
    readonly keyLock: "SELECT pg_advisory_xact_lock($1, hashtext($2))";
    readonly dedupGet: "SELECT task_id FROM task_dedup WHERE key = $1";
    readonly dedupInsert: "INSERT INTO task_dedup (key, task_id) VALUES ($1, $2)";
    readonly collapseGet: "SELECT task_id, opened_at, until FROM task_collapse WHERE queue = $1 AND mode = $2 AND key = $3";
    readonly collapsePut: "INSERT INTO task_collapse (queue, mode, key, task_id, opened_at, until) VALUES ($1, $2, $3, $4, $5, $6)\n    ON CONFLICT (queue, mode, key) DO UPDATE SET task_id = excluded.task_id, opened_at = excluded.opened_at, until = excluded.until";
    readonly collapseUpdate: "UPDATE tasks SET payload = CASE WHEN $1::boolean THEN $2::jsonb ELSE payload END, run_at = coalesce($3::bigint, run_at),\n      state = CASE WHEN $3::bigint IS NOT NULL AND $3::bigint > $4::bigint THEN 'scheduled' ELSE state END, updated_at = $4\n    WHERE id = $5 AND state IN ('pending', 'scheduled') RETURNING *";
    readonly liveByKey: "SELECT * FROM tasks WHERE queue = $1 AND key = $2";
    readonly liveById: "SELECT * FROM tasks WHERE id = $1";
    readonly doneById: "SELECT * FROM tasks_done WHERE id = $1";
    readonly depsLockLive: "SELECT id, state FROM tasks WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE";
    readonly depsMarkLive: "UPDATE tasks SET has_dependents = true WHERE id = ANY($1::bigint[]) AND NOT has_dependents";
    readonly depsDone: "SELECT id, state FROM tasks_done WHERE id = ANY($1::bigint[])";
    readonly depInsertMany: "INSERT INTO task_deps (dep_id, task_id) SELECT unnest($1::bigint[]), $2 ON CONFLICT DO NOTHING";
    readonly idsNext: "SELECT nextval('task_ids') AS id FROM generate_series(1, $1::int) ORDER BY 1";
    readonly taskInsertLinked: "\n    WITH v AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, name text, queue text, state text, payload jsonb, priority int, run_at bigint,\n  max_attempts int, backoff jsonb, timeout_ms bigint, run_id text, tags jsonb, deps_pending int, trigger_rule text,\n  has_dependents boolean, detail jsonb)),\n    ins AS (\n      INSERT INTO tasks (id, name, queue, state, payload, priority, run_at, max_attempts, backoff, timeout_ms,\n                         run_id, tags, deps_pending, trigger_rule, has_dependents, created_at, updated_at)\n      SELECT id, name, queue, state, payload, priority, run_at, max_attempts, backoff, timeout_ms,\n             run_id, coalesce(tags, '[]'::jsonb), deps_pending, trigger_rule, has_dependents, $2, $2\n      FROM v ORDER BY id\n      RETURNING id),\n    ev AS (\n      INSERT INTO events (task_id, type, at, attempt, worker_id, detail)\n      SELECT id, 'created', $2, 0, NULL, detail FROM v WHERE detail IS NOT NULL ORDER BY id),\n    edges AS (INSERT INTO task_deps (dep_id, task_id) SELECT * FROM unnest($3::bigint[], $4::bigint[]) ON CONFLICT DO NOTHING)\n    SELECT count(*)::int AS n FROM ins";
    readonly nextId: "SELECT nextval('task_ids') AS id";
    readonly parentChildAdd: "UPDATE tasks SET children_pending = children_pending + 1, updated_at = $1 WHERE id = $2 RETURNING id";
    readonly parentChildDone: "UPDATE tasks SET children_pending = children_pending - 1, updated_at = $1 WHERE id = $2 RETURNING state, children_pending";
    readonly liveChildren: "SELECT id FROM tasks WHERE parent_id = $1 ORDER BY id";
    readonly completeGuarded: `UPDATE tasks SET result = $1, state = CASE WHEN children_pending > 0 THEN 'waiting' ELSE state END,
      lease_expires_at = NULL, updated_at = $2
    WHERE id = $3 AND ${string} AND lease_token = $4 RETURNING *`;
    readonly liveRunningGuarded: `SELECT * FROM tasks WHERE id = $1 AND ${string} AND lease_token = $2 FOR UPDATE`;
    readonly toRetrying: `UPDATE tasks SET state = 'retrying', error = $1, run_at = $2, lease_expires_at = NULL, updated_at = $3
    WHERE id = $4 AND ${string} RETURNING *`;
    readonly unclaimGuarded: `UPDATE tasks SET state = 'pending', attempt = attempt - 1, run_at = $1, lease_expires_at = NULL,
      worker_id = NULL, updated_at = $1
    WHERE id = $2 AND ${string} AND lease_token = $3 RETURNING *`;
    readonly heartbeatProgressGuarded: `UPDATE tasks SET lease_expires_at = $1, progress = $2, updated_at = $3
    WHERE id = $4 AND ${string} AND lease_token = $5 RETURNING *`;
    readonly setMaxAttemptsGuarded: `UPDATE tasks SET max_attempts = $1, updated_at = $2
    WHERE id = $3 AND ${string} AND lease_token = $4 RETURNING id`;
    readonly leaseExpired: `SELECT * FROM tasks WHERE ${string} AND lease_expires_at < $1
    ORDER BY lease_expires_at LIMIT $2 FOR UPDATE SKIP LOCKED`;
    readonly expireToPending: `UPDATE tasks SET state = 'pending', run_at = $1, lease_expires_at = NULL, worker_id = NULL, updated_at = $1
    WHERE id = $2 AND ${string} RETURNING *`;
    readonly markCancelled: "UPDATE tasks SET state = 'cancelled', error = $1, lease_expires_at = NULL, updated_at = $2 WHERE id = $3";
    readonly finish: `WITH moved AS (DELETE FROM tasks WHERE id = $1 RETURNING *),
    done AS (INSERT INTO tasks_done (id, name, queue, state, payload, result, error, progress, priority, run_at, attempt, max_attempts,
      backoff, timeout_ms, lease_token, lease_expires_at, worker_id, parent_id, run_id, key, tags, deps_pending, deps_failed,
      trigger_rule, dedup_key, children_pending, created_at, started_at, finished_at, updated_at, has_dependents)
    SELECT id, name, queue, $2, payload, result, CASE WHEN $2 = 'succeeded' THEN NULL ELSE coalesce($3::jsonb, error) END,
      progress, priority, run_at, attempt, max_attempts, backoff, timeout_ms, lease_token, NULL, worker_id, parent_id, run_id,
      key, tags, deps_pending, deps_failed, trigger_rule, dedup_key, children_pending, created_at, started_at, $4, $4, has_dependents
    FROM moved RETURNING *),
    counted AS (${string})
    SELECT * FROM done`;
    readonly historyToLive: `WITH back AS (DELETE FROM tasks_done WHERE id = $1 RETURNING *),
    counted AS (${string})
    INSERT INTO tasks (id, name, queue, state, payload, result, error, progress, priority, run_at, attempt, max_attempts,
      backoff, timeout_ms, lease_token, lease_expires_at, worker_id, parent_id, run_id, key, tags, deps_pending, deps_failed,
      trigger_rule, dedup_key, children_pending, created_at, started_at, finished_at, updated_at, has_dependents)
    SELECT id, name, queue, 'pending', payload, NULL, NULL, progress, priority, $2, 0, max_attempts,
      backoff, timeout_ms, lease_token, NULL, NULL, parent_id, run_id, key, tags, deps_pending, deps_failed,
      trigger_rule, dedup_key, children_pending, created_at, started_at, NULL, $2, has_dependents
    FROM back RETURNING *`;
    readonly claimedRecord: "INSERT INTO events (task_id, type, at, attempt, worker_id, detail) SELECT $1, 'claimed', $2, $3, $4, NULL\n    WHERE NOT EXISTS (SELECT 1 FROM events WHERE task_id = $1 AND type = 'claimed' AND attempt = $3 AND at = $2)";
    readonly throttling: string;
    readonly historyDrop: `WITH d AS (DELETE FROM tasks_done WHERE id = $1 RETURNING queue, state),
    e AS (DELETE FROM events WHERE task_id = $1),
    l AS (DELETE FROM task_logs WHERE task_id = $1),
    x AS (DELETE FROM task_deps WHERE task_id = $1),
    counted AS (${string})
    SELECT count(*) AS n FROM d`;
    readonly dependentsOf: "SELECT dep_id, task_id FROM task_deps WHERE dep_id = ANY($1::bigint[])";
    readonly depsFinished: "\n    WITH v AS (SELECT * FROM unnest($1::bigint[], $2::int[], $3::int[]) AS v(id, n, f)),\n    l AS (SELECT t.id FROM tasks t JOIN v ON v.id = t.id ORDER BY t.id FOR UPDATE OF t)\n    UPDATE tasks t SET deps_pending = t.deps_pending - v.n, deps_failed = t.deps_failed + v.f, updated_at = $4\n    FROM v JOIN l ON l.id = v.id WHERE t.id = v.id\n    RETURNING t.id, t.state, t.trigger_rule, t.deps_pending, t.deps_failed, t.run_at, t.queue";
    readonly unblockMany: `
    WITH u AS (
      UPDATE tasks SET state = CASE WHEN id = ANY($1::bigint[]) THEN 'pending' ELSE 'scheduled' END, updated_at = $3
      WHERE id = ANY($1::bigint[] || $2::bigint[]) AND ${string}
      RETURNING id),
    e AS (
      INSERT INTO events (task_id, type, at, attempt, worker_id, detail)
      SELECT task_id, type, $3, attempt, worker_id, detail
      FROM jsonb_to_recordset($4::jsonb) AS x(task_id bigint, type text, attempt int, worker_id text, detail jsonb))
    SELECT count(*)::int AS n FROM u`;
    readonly nextRunAt: `SELECT min(n.t) AS t FROM unnest($1::text[]) AS q(name) CROSS JOIN LATERAL (${string}) n`;
    readonly eventFeed: "SELECT e.*, e.xid::text AS xid FROM events e\n    WHERE (e.xid, e.id) > ($1::xid8, $2::bigint) AND e.xid < (SELECT pg_snapshot_xmin(pg_current_snapshot()))\n    ORDER BY e.xid, e.id LIMIT $3";
    readonly eventFeedEnd: "SELECT e.xid::text AS xid, e.id FROM events e WHERE e.xid < (SELECT pg_snapshot_xmin(pg_current_snapshot()))\n    ORDER BY e.xid DESC, e.id DESC LIMIT 1";
    readonly eventsRestoredAny: "SELECT EXISTS (SELECT 1 FROM events WHERE xid >= pg_snapshot_xmax(pg_current_snapshot())) AS any";
    readonly eventsRestoredXids: "UPDATE events SET xid = '0' WHERE xid >= pg_snapshot_xmax(pg_current_snapshot())";
    readonly eventFeedBounds: "SELECT (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM event_ids)::text AS id,\n    pg_snapshot_xmax(pg_current_snapshot())::text AS next_xid";
    readonly runGet: "SELECT * FROM runs WHERE id = $1";
    readonly runInsert: "INSERT INTO runs (id, name, state, spec, inputs, outputs, error, trigger, created_at, updated_at)\n    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING *";
    readonly logInsertMany: "INSERT INTO task_logs (task_id, attempt, at, stream, text)\n    SELECT task_id, attempt, at, stream, text\n    FROM jsonb_to_recordset($1::jsonb) AS x(i int, task_id bigint, attempt int, at bigint, stream text, text text) ORDER BY i";
    readonly queueSetPaused: "INSERT INTO queues (name, paused, updated_at) VALUES ($1, $2, $3)\n    ON CONFLICT (name) DO UPDATE SET paused = excluded.paused, updated_at = excluded.updated_at";
    readonly queuePausedList: "SELECT name FROM queues WHERE paused ORDER BY name";
    readonly cursorGet: "SELECT value FROM cursors WHERE name = $1";
    readonly cursorList: "SELECT name, value, updated_at FROM cursors WHERE starts_with(name, $1) ORDER BY name";
    readonly cursorUpsert: "INSERT INTO cursors (name, value, updated_at) VALUES ($1, $2, $3)\n    ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at";
    readonly cursorCas: "UPDATE cursors SET value = $1, updated_at = $2 WHERE name = $3 AND value = $4";
    readonly cursorInsertNew: "INSERT INTO cursors (name, value, updated_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING";
    readonly leaderElect: "INSERT INTO leaders (name, holder, expires_at) VALUES ($1, $2, $3)\n    ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at\n    WHERE leaders.holder = excluded.holder OR leaders.expires_at < $4\n    RETURNING holder";
    readonly leaderResign: "DELETE FROM leaders WHERE name = $1 AND holder = $2";
    readonly leaderGet: "SELECT holder, expires_at FROM leaders WHERE name = $1 AND expires_at >= $2";
};
/** Advisory lock classes (first half of the two-int key). */
export declare const LOCK: {
    readonly key: 1952869241;
    readonly dedup: 1952867428;
    readonly collapse: 1952867180;
    readonly partitions: 1952870516;
    readonly vacuum: 1952872035;
};
/** SQL.notify with its values written in (escaped by `escape`): for a simple query that carries the COMMIT too. */
export declare function notifyText(escape: (value: string) => string, channel: string, queues: Iterable<string>): string;
export {};
