/**
 * Every SQL statement of the PostgreSQL driver, in one place. The hot ones are set-based: one
 * statement carries a whole group of a write batch (N inserts, N completions, N heartbeats),
 * so throughput follows the batch rate rather than the round-trip rate. Rows travel in as one
 * jsonb array and are unpacked with jsonb_to_recordset.
 *
 * The state guards are built from the transition table (src/model/state.ts) when this module
 * loads; test/store/state-guards checks every guard here against it.
 *
 * Parameters are positional ($1, $2, …); each statement's comment lists it.
 */
import { LEASED_STATES, SOURCE_STATES } from '../../model/state.js';
import { writesRoutineEvents, type HistoryMode } from '../../model/history.js';
import { EVENT_CLOCK_SLACK_MS } from '../../model/clock.js';
import { keepsSucceededSql, throttledSql, nextLeaseToken, nextRunAtSql, PG_LEASE_SEED_CTE, pgRandomTokenBits, priorityLevelsSql, queueClaimableSql, stateGuard } from '../sql-rules.js';
import { FLOW_OFF } from './flow-off.js';
import { claimed, PG_CLAIMED_COLUMNS } from './claimed.js';
import { FINISH_DAY_SQL } from './days.js';

/** Reads like the predicate of the partial index tasks_claim (a test compares them). */
export const CLAIMABLE = stateGuard(SOURCE_STATES.claim);

/**
 * "Still running under a lease", for rows already found by primary key. Written so the planner
 * cannot match it to the partial lease index (WHERE state = 'running'): when the statistics say
 * few tasks run, a generic plan walks that index and fetches every running task to filter by id
 * (measured: 15 ms to complete 200 of 20,000 running tasks, against 0.3 ms by key).
 */
const STILL_LEASED = stateGuard(LEASED_STATES, `(t.state || '')`);
/** The same for a completion (its source states are the leased ones; the guard test checks it). */
const STILL_COMPLETABLE = stateGuard(SOURCE_STATES.complete, `(t.state || '')`);
/** A lease holder's call on a row found by primary key. */
const LEASED = stateGuard(LEASED_STATES);

/** Columns of a new task, as sent in the jsonb array of a set insert. */
const NEW_TASK_RECORD = `x(ord int, id bigint, name text, queue text, state text, payload jsonb, priority int, run_at bigint,
  max_attempts int, backoff jsonb, timeout_ms bigint, parent_id bigint, run_id text, key text, tags jsonb,
  deps_pending int, deps_failed int, trigger_rule text, dedup_key text)`;
const LINKED_TASK_RECORD = `x(id bigint, name text, queue text, state text, payload jsonb, priority int, run_at bigint,
  max_attempts int, backoff jsonb, timeout_ms bigint, run_id text, tags jsonb, deps_pending int, trigger_rule text,
  has_dependents boolean, detail jsonb)`;

/**
 * Adds the rows of `rows` (a CTE or table with queue, state and finished_at) to the history
 * counts of their day, or takes them away (`sign` '-'). By day, so retention that drops a day
 * of history whole takes its count away with it instead of counting its rows (partitions.ts).
 * Taken in (day, queue, state) order, so two writers never deadlock on them; in a slot of this
 * server process's own, so they seldom wait on each other at all.
 */
export function countHistory(rows: string, sign: '' | '-' = ''): string {
  return `INSERT INTO history_day_counts AS h (day, queue, state, slot, n)
      SELECT ${FINISH_DAY_SQL}, queue, state, pg_backend_pid() % 8, ${sign}count(*) FROM ${rows} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (day, queue, state, slot) DO UPDATE SET n = h.n + excluded.n`;
}

interface ClaimParams { queues: string; now: string; limit: string; leaseMs: string; workerId: string }

/**
 * The claim's answer: its rows (ordered as claimed), or, when it took nothing, one row of NULLs
 * whose last column says whether a flow rule or a name/run pause exists (the plain claim takes
 * nothing then). So an empty claim needs no second statement to ask (lease.ts, plainClaim).
 */
function claimedOrFlowRow(u: string, also: string): string {
  const from = also ? `${u}, ${also}` : u;
  return `SELECT ${claimed(u)}, NULL::boolean AS flow_on FROM ${from}
    UNION ALL SELECT ${PG_CLAIMED_COLUMNS.map(() => 'NULL').join(', ')}, NOT (${FLOW_OFF}) ${also ? `FROM ${also} ` : ''}WHERE NOT EXISTS (SELECT 1 FROM ${u})
    ORDER BY priority DESC, run_at, id`;
}

/**
 * A queue's claimable tasks in claim order, a priority level at a time, highest first
 * (sql-rules.ts says why): `level(prio)` selects one level's rows (ordered by run_at, id, with its
 * LIMIT), `limit` is the most taken in all; later levels are not read once it is reached.
 */
export function byPriorityLevels(queue: string, level: (prio: string) => string, limit: string): string {
  return `SELECT d.* FROM (${priorityLevelsSql(queueClaimableSql(queue, CLAIMABLE))}) lv CROSS JOIN LATERAL (${level('lv.prio')}) d LIMIT ${limit}`;
}

/**
 * The claim as CTEs (`q`, `c`, `u` = claimed rows, `ev`). Per queue an ordered walk of the
 * partial claim index, one priority level at a time, highest first (LATERAL keeps each an index
 * range scan, whatever the number of queues and of tasks not yet due; sql-rules.ts); paused
 * queues drop out of the list first, and every queue does while a flow rule
 * exists (the flow-aware claim, flow.ts, takes over). The claimed rows are updated through the
 * primary key (`= ANY(ARRAY(...))`): as a join, the generic plan of the prepared statement
 * guesses thousands of claimed rows and hashes the whole live table instead (measured: 45 ms
 * per claim with 100k tasks waiting, against 1.5 ms).
 */
function claimCtes(p: ClaimParams, routine = true): string {
  return `q AS (SELECT name FROM (SELECT unnest(${p.queues}::text[]) AS name EXCEPT SELECT name FROM queues WHERE paused) q0 WHERE ${FLOW_OFF}),
    ${PG_LEASE_SEED_CTE},
    c AS (
      SELECT t.id FROM q CROSS JOIN LATERAL (${byPriorityLevels('q.name', (prio) => `
          SELECT id, priority, run_at FROM tasks
          WHERE queue = q.name AND ${CLAIMABLE} AND priority = ${prio} AND run_at <= ${p.now}
          ORDER BY run_at, id LIMIT ${p.limit}
          FOR UPDATE SKIP LOCKED`, p.limit)}) t
      ORDER BY t.priority DESC, t.run_at, t.id LIMIT ${p.limit}),
    u AS (
      UPDATE tasks t SET state = 'running', attempt = t.attempt + 1, lease_token = ${nextLeaseToken('t.lease_token', pgRandomTokenBits('t.id'))},
        lease_expires_at = ${p.now} + ${p.leaseMs}, worker_id = ${p.workerId}, started_at = ${p.now}, updated_at = ${p.now}, flow_buckets = NULL
      WHERE t.id = ANY(ARRAY(SELECT id FROM c))
      RETURNING t.*)${routine ? `,
    ev AS (
      INSERT INTO events (task_id, type, at, attempt, worker_id, detail)
      SELECT id, 'claimed', ${p.now}, attempt, ${p.workerId}, NULL FROM u ORDER BY priority DESC, run_at, id)` : ''}`;
}

interface CompleteParams { ids: string; ops: string; now: string }

/**
 * The earliest `at` a task created at `createdAt` can have events at (model/clock.ts): bounding a
 * search for its events by it lets PostgreSQL skip the older day partitions of `events` as it
 * runs, instead of probing every day kept (measured: a history-none drain 33% slower with 90 days
 * of partitions than with none).
 */
const EVENTS_SINCE = (createdAt: string) => `${createdAt} - ${EVENT_CLOCK_SLACK_MS}`;

/**
 * The common completion as CTEs (`moved`, `done` = the history rows, `evd`): a running task under
 * this lease with no open subtasks leaves the live table for history as succeeded, with its event.
 * Rows are found by primary key from the id array (a join against the batch's rows could be
 * planned as a nested loop over every running task); the token and result are looked up per row.
 */
function completeCtes(p: CompleteParams, extraCondition: string, mode: HistoryMode = 'full'): string {
  // history none: successes nobody reads later leave no row, events, logs or edges (model/history.ts).
  // The batch's throttled tasks in one index scan: an EXISTS per row made the history-none drain
  // slower in each of five paired runs, by 4-16% (a subplan started per row, twice); this is at par.
  const keep = keepsSucceededSql(mode, 'moved', 'moved.has_dependents', 'moved.id IN (SELECT task_id FROM throttled)');
  const throttled = mode === 'none' ? `,
    throttled AS (${throttledSql(`${p.ids}::bigint[]`, p.now, true)})` : '';
  const gone = mode === 'none' ? `,
    gone AS (SELECT id, created_at FROM moved WHERE NOT ${keep}),
    gone_events AS (DELETE FROM events WHERE task_id = ANY(ARRAY(SELECT id FROM gone)) AND at >= ${EVENTS_SINCE('(SELECT min(created_at) FROM gone)')}),
    gone_logs AS (DELETE FROM task_logs WHERE task_id = ANY(ARRAY(SELECT id FROM gone))),
    gone_deps AS (DELETE FROM task_deps WHERE task_id = ANY(ARRAY(SELECT id FROM gone)))` : '';
  const evd = writesRoutineEvents(mode) ? `,
    evd AS (
      INSERT INTO events (task_id, type, at, attempt, worker_id, detail)
      SELECT id, 'succeeded', ${p.now}, attempt, worker_id, NULL FROM moved ORDER BY id)` : '';
  return `moved AS (
      DELETE FROM tasks t
      WHERE t.id = ANY(${p.ids}::bigint[]) AND ${STILL_COMPLETABLE} AND t.children_pending = 0 ${extraCondition}
        AND t.lease_token = (${p.ops}::jsonb -> t.id::text ->> 'token')::bigint
      RETURNING t.*, ${p.ops}::jsonb -> t.id::text -> 'result' AS new_result)${throttled},
    done AS (
      INSERT INTO tasks_done (id, name, queue, state, payload, result, error, progress, priority, run_at, attempt, max_attempts,
        backoff, timeout_ms, lease_token, lease_expires_at, worker_id, parent_id, run_id, key, tags, deps_pending, deps_failed,
        trigger_rule, dedup_key, children_pending, created_at, started_at, finished_at, updated_at, has_dependents)
      SELECT id, name, queue, 'succeeded', payload, nullif(new_result, 'null'::jsonb), NULL, progress, priority, run_at, attempt, max_attempts,
        backoff, timeout_ms, lease_token, NULL, worker_id, parent_id, run_id, key, tags, deps_pending, deps_failed,
        trigger_rule, dedup_key, children_pending, created_at, started_at, ${p.now}, ${p.now}, has_dependents
      FROM moved ${mode === 'none' ? `WHERE ${keep}` : ''}
      RETURNING id, name, queue, state, attempt, worker_id, parent_id, run_id, finished_at, has_dependents),
    counted AS (${countHistory('done')})${evd}${gone}`;
}

/** What every completion reports: from `moved`, as `done` holds only the rows kept. */
const COMPLETED = (now: string) => `SELECT id, name, queue, 'succeeded'::text AS state, attempt, worker_id, parent_id, run_id, ${now}::bigint AS finished_at, has_dependents FROM moved`;

/**
 * The hot statements for one history mode (model/history.ts): `full` writes the routine events
 * (created, claimed, succeeded) in the statements themselves; `compact` and `none` leave them to
 * the rows; `none` also drops the successes nobody reads later. SQL holds the `full` ones.
 */
function hotStatements(mode: HistoryMode) {
  const routine = writesRoutineEvents(mode);
  return {
    // Plain tasks (no key, dedup key, parent or dependencies), column arrays in the caller's order:
    // $1 name, $2 queue, $3 state, $4 payload, $5 priority, $6 run_at, $7 max_attempts, $8 backoff,
    // $9 timeout_ms, $10 run_id, $11 tags, $12 now, $13 wake-up channel. Arrays parse far cheaper
    // than a JSON record set, and only ids come back (the caller knows the rest): measured 40% less
    // time per task. The wake-up for each queue goes out in the same statement, delivered at commit
    // (one round trip less for a producer; a repeat in the same transaction is merged by the server).
    // Ids are drawn after the sort (PostgreSQL evaluates volatile output expressions after ORDER BY),
    // so they ascend in the caller's order. Under compact/none a task created pending has no
    // created event (writesCreatedEvent).
    taskInsertPlain: `
    WITH ins AS (
      INSERT INTO tasks (id, name, queue, state, payload, priority, run_at, max_attempts, backoff, timeout_ms, run_id, tags, created_at, updated_at)
      SELECT nextval('task_ids'), name, queue, state, payload, priority, run_at, max_attempts, backoff, timeout_ms, run_id, coalesce(tags, '[]'::jsonb), $12, $12
      FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::int[], $6::bigint[], $7::int[], $8::jsonb[], $9::bigint[], $10::text[], $11::jsonb[])
        WITH ORDINALITY AS v(name, queue, state, payload, priority, run_at, max_attempts, backoff, timeout_ms, run_id, tags, ord)
      ORDER BY ord
      RETURNING id, state),
    ev AS (
      INSERT INTO events (task_id, type, at, attempt, worker_id, detail)
      SELECT id, 'created', $12, 0, NULL, jsonb_build_object('state', state) FROM ins ${routine ? '' : "WHERE state <> 'pending'"} ORDER BY id), -- eventDetail.created(state, [])
    woke AS (SELECT count(pg_notify($13, q)) AS n FROM (SELECT DISTINCT unnest($2::text[]) AS q) qs)
    SELECT id FROM ins, woke ORDER BY id`,

    // $1 queues text[], $2 now, $3 limit, $4 leaseMs, $5 workerId. Claimed rows, or when none
    // the flow row (lease.ts, plainClaim): whether a flow rule is why.
    claim: `WITH ${claimCtes({ queues: '$1', now: '$2', limit: '$3', leaseMs: '$4', workerId: '$5' }, routine)}
    ${claimedOrFlowRow('u', '')}`,

    // The same claim as a statement of its own (a worker's claim with nothing else in its batch),
    // committed without waiting for the WAL flush. A claim is a promise to no one: lost in a
    // server crash, its tasks are pending again and run again, as after a lost lease. Waiting for
    // the flush put a disk sync between a task's enqueue and its start.
    claimAlone: `WITH ${claimCtes({ queues: '$1', now: '$2', limit: '$3', leaseMs: '$4', workerId: '$5' }, routine)},
    nosync AS (SELECT set_config('synchronous_commit', 'off', true))
    ${claimedOrFlowRow('u', 'nosync')}`,

    // $1 ids bigint[], $2 jsonb object id -> {"token": n, "result": json}, $3 now.
    // Returns only what a completion reports (TaskOutcome) and what finishing needs next.
    // Whatever does not match (lease lost, subtasks pending) is handled one by one afterwards.
    completeMany: `WITH ${completeCtes({ ids: '$1', ops: '$2', now: '$3' }, '', mode)}
    ${COMPLETED('$3')}`,

    // $1 ids bigint[], $2 jsonb object id -> {"token": n, "result": json}, $3 now, $4 queues text[],
    // $5 limit, $6 leaseMs, $7 workerId. A worker's usual write: its finished tasks leave and new
    // ones are claimed, in one statement (atomic on its own: no BEGIN/COMMIT round trips). Only
    // completions with no consequences are taken (no dependents, no parent); the caller finishes
    // the others in a transaction of their own. Claimed rows (PG_CLAIMED_COLUMNS) come first in claim
    // order; the last row (id NULL) carries the completions, in the column after them, as
    // [id, name, queue, attempt, worker_id, run_id].
    completeAndClaim: `WITH ${completeCtes({ ids: '$1', ops: '$2', now: '$3' }, 'AND NOT t.has_dependents AND t.parent_id IS NULL', mode)},
    ${claimCtes({ queues: '$4', now: '$3', limit: '$5', leaseMs: '$6', workerId: '$7' }, routine)}
    SELECT * FROM (
      SELECT ${claimed('u')}, NULL::json AS completed, NULL::boolean AS flow_on FROM u
      UNION ALL
      SELECT ${claimed('n')}, (SELECT coalesce(json_agg(json_build_array(id, name, queue, attempt, worker_id, run_id)), '[]'::json) FROM moved),
        CASE WHEN NOT EXISTS (SELECT 1 FROM u) THEN NOT (${FLOW_OFF}) END
      FROM (SELECT (NULL::tasks).*) n
    ) x ORDER BY (id IS NULL), priority DESC, run_at, id`,
  };
}

export type HotStatements = ReturnType<typeof hotStatements>;

/** The hot statements of each history mode, built once. */
export const HOT: Record<HistoryMode, HotStatements> = { full: hotStatements('full'), compact: hotStatements('compact'), none: hotStatements('none') };

/**
 * The tasks with these ids ($1 bigint[]) from the live table and history, in one statement;
 * `finishedSince` leaves out the days of history before it: a literal, or '$2' (a parameter:
 * the days are skipped as the statement starts, history-floor.ts).
 */
export function bothTablesByIdsSql(cols: string, finishedSince: number | '$2' | null): string {
  const since = finishedSince === null ? '' : ` AND finished_at >= ${finishedSince === '$2' ? '$2::bigint' : Math.trunc(finishedSince)}`;
  return `SELECT ${cols} FROM tasks WHERE id = ANY($1::bigint[]) UNION ALL SELECT ${cols} FROM tasks_done WHERE id = ANY($1::bigint[])${since}`;
}

/**
 * Events of tasks ($1 bigint[]), oldest first: with `afterId`, after event $2 (limit $3), else
 * limit $2; `since` (a literal) leaves out the days before it.
 */
export function eventListSql(afterId: boolean, since: number | null): string {
  const bound = since === null ? '' : ` AND at >= ${Math.trunc(since)}`;
  return afterId
    ? `SELECT * FROM events WHERE task_id = ANY($1::bigint[]) AND id > $2${bound} ORDER BY id LIMIT $3`
    : `SELECT * FROM events WHERE task_id = ANY($1::bigint[])${bound} ORDER BY id LIMIT $2`;
}

/**
 * The feed in (transaction, id) order, only below the oldest transaction still running
 * (model/feed.ts): every transaction below it has ended, so nothing can still commit at a
 * position before an event read here. $1 xid8, $2 event id of the position read after, $3 limit.
 * With `since`, the earliest time an event after that position can have (feed-anchors.ts): the
 * older day partitions are not planned at all. It goes in as a literal, not a parameter: the
 * store's connections plan every statement generically (connect.ts), and a generic plan takes in
 * every partition (40 ms a call with 365 of them, measured, against 1 ms).
 */
export function eventFeedSql(since: number | null): string {
  return `SELECT e.*, e.xid::text AS xid FROM events e
    WHERE (e.xid, e.id) > ($1::xid8, $2::bigint) AND e.xid < (SELECT pg_snapshot_xmin(pg_current_snapshot()))${since === null ? '' : ` AND e.at >= ${Math.trunc(since)}`}
    ORDER BY e.xid, e.id LIMIT $3`;
}

export const SQL = {
  // ---- hot path ----

  // $1 jsonb array of new tasks (NEW_TASK_RECORD, id null = from the sequence), $2 now,
  // $3 the created event's detail (eventDetail.created; single inserts only), or null for none
  // (history compact/none: writesCreatedEvent).
  // Rows are inserted in `ord` order, so ids follow the caller's order (the claim tiebreak).
  // The created event rides in the same statement.
  taskInsertMany: `
    WITH v AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS ${NEW_TASK_RECORD}),
    ins AS (
      INSERT INTO tasks (id, name, queue, state, payload, priority, run_at, max_attempts, backoff, timeout_ms,
                         parent_id, run_id, key, tags, deps_pending, deps_failed, trigger_rule, dedup_key, created_at, updated_at)
      SELECT coalesce(id, nextval('task_ids')), name, queue, state, payload, priority, run_at, max_attempts, backoff, timeout_ms,
             parent_id, run_id, key, coalesce(tags, '[]'::jsonb), deps_pending, deps_failed, trigger_rule, dedup_key, $2, $2
      FROM v ORDER BY ord
      RETURNING *),
    ev AS (
      INSERT INTO events (task_id, type, at, attempt, worker_id, detail)
      SELECT id, 'created', $2, 0, NULL, $3::jsonb FROM ins WHERE $3::jsonb IS NOT NULL ORDER BY id)
    SELECT * FROM ins ORDER BY id`,

  // The hot statements of history `full` (HOT has every mode's).
  taskInsertPlain: HOT.full.taskInsertPlain,
  claim: HOT.full.claim,
  claimAlone: HOT.full.claimAlone,
  completeMany: HOT.full.completeMany,
  completeAndClaim: HOT.full.completeAndClaim,

  // $1 ids bigint[], $2 jsonb object id -> {"token": n, "expires": ms}, $3 now. Extends leases; no event.
  heartbeatMany: `
    UPDATE tasks t SET lease_expires_at = ($2::jsonb -> t.id::text ->> 'expires')::bigint, updated_at = $3
    WHERE t.id = ANY($1::bigint[]) AND ${STILL_LEASED} AND t.lease_token = ($2::jsonb -> t.id::text ->> 'token')::bigint
    RETURNING t.*`,

  // $1 ids bigint[], $2 history floor (history-floor.ts): where each task is now (for guard failures).
  stateOfMany: `SELECT id, state FROM tasks WHERE id = ANY($1::bigint[])
    UNION ALL SELECT id, state FROM tasks_done WHERE id = ANY($1::bigint[]) AND finished_at >= $2::bigint`,

  // $1 jsonb array of {task_id, type, attempt, worker_id, detail}, $2 now.
  eventInsertMany: `INSERT INTO events (task_id, type, at, attempt, worker_id, detail)
    SELECT task_id, type, $2, attempt, worker_id, detail
    FROM jsonb_to_recordset($1::jsonb) AS x(task_id bigint, type text, attempt int, worker_id text, detail jsonb)`,

  // $1 channel, $2 payloads text[]: one notification per queue per transaction.
  notify: `SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p`,

  // ---- one task at a time (rarer paths) ----

  // $1 task_id, $2 type, $3 at, $4 attempt, $5 worker_id, $6 detail
  eventInsert: `INSERT INTO events (task_id, type, at, attempt, worker_id, detail) VALUES ($1, $2, $3, $4, $5, $6)`,
  // $1 lock class, $2 text key: serialises inserts racing for one idempotency key.
  keyLock: `SELECT pg_advisory_xact_lock($1, hashtext($2))`,
  dedupGet: `SELECT task_id FROM task_dedup WHERE key = $1`,
  dedupInsert: `INSERT INTO task_dedup (key, task_id) VALUES ($1, $2)`,
  // $1 queue, $2 mode, $3 key
  collapseGet: `SELECT task_id, opened_at, until FROM task_collapse WHERE queue = $1 AND mode = $2 AND key = $3`,
  // $1 queue, $2 mode, $3 key, $4 task_id, $5 opened_at, $6 until: a new window replaces the old one
  collapsePut: `INSERT INTO task_collapse (queue, mode, key, task_id, opened_at, until) VALUES ($1, $2, $3, $4, $5, $6)
    ON CONFLICT (queue, mode, key) DO UPDATE SET task_id = excluded.task_id, opened_at = excluded.opened_at, until = excluded.until`,
  // $1 replace payload, $2 payload, $3 run_at (null: keep), $4 now, $5 id: only a task still
  // waiting to run takes it; one being claimed right now is locked, and after the claim commits
  // it is running, so this changes nothing and the enqueue opens a new task.
  collapseUpdate: `UPDATE tasks SET payload = CASE WHEN $1::boolean THEN $2::jsonb ELSE payload END, run_at = coalesce($3::bigint, run_at),
      state = CASE WHEN $3::bigint IS NOT NULL AND $3::bigint > $4::bigint THEN 'scheduled' ELSE state END, updated_at = $4
    WHERE id = $5 AND state IN ('pending', 'scheduled') RETURNING *`,
  liveByKey: `SELECT * FROM tasks WHERE queue = $1 AND key = $2`,
  liveById: `SELECT * FROM tasks WHERE id = $1`,
  // $1 id, $2 history floor (history-floor.ts)
  doneById: `SELECT * FROM tasks_done WHERE id = $1 AND finished_at >= $2::bigint`,
  // $1 ids: lock live dependencies so one finishing right now cannot miss the new edge.
  depsLockLive: `SELECT id, state FROM tasks WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE`,
  depsMarkLive: `UPDATE tasks SET has_dependents = true WHERE id = ANY($1::bigint[]) AND NOT has_dependents`,
  // $1 ids, $2 history floor (history-floor.ts)
  depsDone: `SELECT id, state FROM tasks_done WHERE id = ANY($1::bigint[]) AND finished_at >= $2::bigint`,
  // $1 dep ids, $2 task id
  depInsertMany: `INSERT INTO task_deps (dep_id, task_id) SELECT unnest($1::bigint[]), $2 ON CONFLICT DO NOTHING`,
  // $1 n: ids for a run of linked tasks, taken before it is written (its rows refer to each other).
  idsNext: `SELECT nextval('task_ids') AS id FROM generate_series(1, $1::int) ORDER BY 1`,
  // A run of tasks linked to each other by `after` and to nothing else (inserts.ts, linksIntoRun):
  // $1 jsonb array of LINKED_TASK_RECORD with their ids, $2 now, $3 dep ids, $4 task ids (the
  // edges), in one statement. Each row's created event (eventDetail.created, null for none) and
  // whether a later task of the run depends on it come with the row.
  taskInsertLinked: `
    WITH v AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS ${LINKED_TASK_RECORD}),
    ins AS (
      INSERT INTO tasks (id, name, queue, state, payload, priority, run_at, max_attempts, backoff, timeout_ms,
                         run_id, tags, deps_pending, trigger_rule, has_dependents, created_at, updated_at)
      SELECT id, name, queue, state, payload, priority, run_at, max_attempts, backoff, timeout_ms,
             run_id, coalesce(tags, '[]'::jsonb), deps_pending, trigger_rule, has_dependents, $2, $2
      FROM v ORDER BY id
      RETURNING id),
    ev AS (
      INSERT INTO events (task_id, type, at, attempt, worker_id, detail)
      SELECT id, 'created', $2, 0, NULL, detail FROM v WHERE detail IS NOT NULL ORDER BY id),
    edges AS (INSERT INTO task_deps (dep_id, task_id) SELECT * FROM unnest($3::bigint[], $4::bigint[]) ON CONFLICT DO NOTHING)
    SELECT count(*)::int AS n FROM ins`,
  nextId: `SELECT nextval('task_ids') AS id`,
  // $1 now, $2 parent id
  parentChildAdd: `UPDATE tasks SET children_pending = children_pending + 1, updated_at = $1 WHERE id = $2 RETURNING id`,
  parentChildDone: `UPDATE tasks SET children_pending = children_pending - 1, updated_at = $1 WHERE id = $2 RETURNING state, children_pending`,
  liveChildren: `SELECT id FROM tasks WHERE parent_id = $1 ORDER BY id`,

  // $1 result, $2 now, $3 id, $4 token: running under this very lease. A task with open subtasks
  // waits for them; one without (a subtask finished since the set completion looked) keeps
  // running until finish() moves it (see completeOne).
  completeGuarded: `UPDATE tasks SET result = $1, state = CASE WHEN children_pending > 0 THEN 'waiting' ELSE state END,
      lease_expires_at = NULL, updated_at = $2
    WHERE id = $3 AND ${LEASED} AND lease_token = $4 RETURNING *`,
  // $1 id, $2 token
  liveRunningGuarded: `SELECT * FROM tasks WHERE id = $1 AND ${LEASED} AND lease_token = $2 FOR UPDATE`,
  // $1 error, $2 retryAt, $3 now, $4 id (its lease was checked, and the row locked, by liveRunningGuarded)
  toRetrying: `UPDATE tasks SET state = 'retrying', error = $1, run_at = $2, lease_expires_at = NULL, updated_at = $3
    WHERE id = $4 AND ${stateGuard(SOURCE_STATES.fail)} RETURNING *`,
  // $1 now, $2 id, $3 token
  unclaimGuarded: `UPDATE tasks SET state = 'pending', attempt = attempt - 1, run_at = $1, lease_expires_at = NULL,
      worker_id = NULL, updated_at = $1
    WHERE id = $2 AND ${stateGuard(SOURCE_STATES.unclaim)} AND lease_token = $3 RETURNING *`,
  // $1 expiresAt, $2 progress, $3 now, $4 id, $5 token
  heartbeatProgressGuarded: `UPDATE tasks SET lease_expires_at = $1, progress = $2, updated_at = $3
    WHERE id = $4 AND ${LEASED} AND lease_token = $5 RETURNING *`,
  // $1 maxAttempts, $2 now, $3 id, $4 token — the lease holder's own call, guarded like a heartbeat.
  setMaxAttemptsGuarded: `UPDATE tasks SET max_attempts = $1, updated_at = $2
    WHERE id = $3 AND ${LEASED} AND lease_token = $4 RETURNING id`,

  // $1 now, $2 limit: SKIP LOCKED so a reaper never waits on a worker finishing the same task.
  leaseExpired: `SELECT * FROM tasks WHERE ${stateGuard(SOURCE_STATES.expireLease)} AND lease_expires_at < $1
    ORDER BY lease_expires_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
  // $1 now, $2 id
  expireToPending: `UPDATE tasks SET state = 'pending', run_at = $1, lease_expires_at = NULL, worker_id = NULL, updated_at = $1
    WHERE id = $2 AND ${stateGuard(SOURCE_STATES.expireLease)} RETURNING *`,

  // $1 error, $2 now, $3 id: a task being cancelled is marked first, so its subtasks finishing
  // while its subtree is cancelled cannot complete it as a waiting parent.
  markCancelled: `UPDATE tasks SET state = 'cancelled', error = $1, lease_expires_at = NULL, updated_at = $2 WHERE id = $3`,
  // $1 id, $2 state, $3 error (null keeps the last), $4 now: the live row leaves for history.
  // Success clears errors of earlier attempts.
  finish: `WITH moved AS (DELETE FROM tasks WHERE id = $1 RETURNING *),
    done AS (INSERT INTO tasks_done (id, name, queue, state, payload, result, error, progress, priority, run_at, attempt, max_attempts,
      backoff, timeout_ms, lease_token, lease_expires_at, worker_id, parent_id, run_id, key, tags, deps_pending, deps_failed,
      trigger_rule, dedup_key, children_pending, created_at, started_at, finished_at, updated_at, has_dependents)
    SELECT id, name, queue, $2, payload, result, CASE WHEN $2 = 'succeeded' THEN NULL ELSE coalesce($3::jsonb, error) END,
      progress, priority, run_at, attempt, max_attempts, backoff, timeout_ms, lease_token, NULL, worker_id, parent_id, run_id,
      key, tags, deps_pending, deps_failed, trigger_rule, dedup_key, children_pending, created_at, started_at, $4, $4, has_dependents
    FROM moved RETURNING *),
    counted AS (${countHistory('done')})
    SELECT * FROM done`,
  // $1 id, $2 now: retry by hand brings a finished task back, with a fresh set of attempts.
  historyToLive: `WITH back AS (DELETE FROM tasks_done WHERE id = $1 RETURNING *),
    counted AS (${countHistory('back', '-')})
    INSERT INTO tasks (id, name, queue, state, payload, result, error, progress, priority, run_at, attempt, max_attempts,
      backoff, timeout_ms, lease_token, lease_expires_at, worker_id, parent_id, run_id, key, tags, deps_pending, deps_failed,
      trigger_rule, dedup_key, children_pending, created_at, started_at, finished_at, updated_at, has_dependents)
    SELECT id, name, queue, 'pending', payload, NULL, NULL, progress, priority, $2, 0, max_attempts,
      backoff, timeout_ms, lease_token, NULL, NULL, parent_id, run_id, key, tags, deps_pending, deps_failed,
      trigger_rule, dedup_key, children_pending, created_at, started_at, NULL, $2, has_dependents
    FROM back RETURNING *`,

  // History modes (model/history.ts). $1 id, $2 at (started_at), $3 attempt, $4 worker: the claim of
  // an attempt the row is about to stop showing, unless stored already.
  claimedRecord: `INSERT INTO events (task_id, type, at, attempt, worker_id, detail) SELECT $1, 'claimed', $2, $3, $4, NULL
    WHERE NOT EXISTS (SELECT 1 FROM events WHERE task_id = $1 AND type = 'claimed' AND attempt = $3 AND at = $2)`,
  // $1 id, $2 now: an open throttle window names the task (history none keeps it; model/history.ts).
  throttling: throttledSql('$1::bigint', '$2::bigint'),
  // $1 id, $2 when it finished (only that day is looked in): history none, a success nobody reads
  // later leaves history at once, with its events, logs and edges.
  historyDrop: `WITH d AS (DELETE FROM tasks_done WHERE id = $1 AND finished_at = $2::bigint RETURNING queue, state, created_at, finished_at),
    e AS (DELETE FROM events WHERE task_id = $1 AND at >= ${EVENTS_SINCE('(SELECT created_at FROM d)')}),
    l AS (DELETE FROM task_logs WHERE task_id = $1),
    x AS (DELETE FROM task_deps WHERE task_id = $1),
    counted AS (${countHistory('d', '-')})
    SELECT count(*) AS n FROM d`,

  // $1 ids of tasks that just finished: who waits on them.
  dependentsOf: `SELECT dep_id, task_id FROM task_deps WHERE dep_id = ANY($1::bigint[])`,
  // $1 dependent ids, $2 how many of each one's dependencies just finished, $3 how many of those
  // did not succeed, $4 now. Rows are locked in id order first, so two transactions moving
  // overlapping sets of dependents queue behind each other instead of deadlocking.
  depsFinished: `
    WITH v AS (SELECT * FROM unnest($1::bigint[], $2::int[], $3::int[]) AS v(id, n, f)),
    l AS (SELECT t.id FROM tasks t JOIN v ON v.id = t.id ORDER BY t.id FOR UPDATE OF t)
    UPDATE tasks t SET deps_pending = t.deps_pending - v.n, deps_failed = t.deps_failed + v.f, updated_at = $4
    FROM v JOIN l ON l.id = v.id WHERE t.id = v.id
    RETURNING t.id, t.state, t.trigger_rule, t.deps_pending, t.deps_failed, t.run_at, t.queue`,
  // $1 state, $2 now, $3 ids
  // $1 ids now pending, $2 ids now scheduled, $3 now, $4 their `unblocked` events (as eventInsertMany's $1):
  // dependents whose dependencies decided they run, and what the audit says of it, in one statement.
  unblockMany: `
    WITH u AS (
      UPDATE tasks SET state = CASE WHEN id = ANY($1::bigint[]) THEN 'pending' ELSE 'scheduled' END, updated_at = $3
      WHERE id = ANY($1::bigint[] || $2::bigint[]) AND ${stateGuard(SOURCE_STATES.dependencyFinished)}
      RETURNING id),
    e AS (
      INSERT INTO events (task_id, type, at, attempt, worker_id, detail)
      SELECT task_id, type, $3, attempt, worker_id, detail
      FROM jsonb_to_recordset($4::jsonb) AS x(task_id bigint, type text, attempt int, worker_id text, detail jsonb))
    SELECT count(*)::int AS n FROM u`,

  // ---- reads ----
  // $1 queues text[]
  nextRunAt: `SELECT min(n.t) AS t FROM unnest($1::text[]) AS q(name) CROSS JOIN LATERAL (${nextRunAtSql(queueClaimableSql('q.name', CLAIMABLE))}) n`,
  eventFeed: eventFeedSql(null),
  // $1 xid8, $2 event id: the last event at or before that place in the feed, with its time.
  eventFeedAnchor: `SELECT e.xid::text AS xid, e.id, e.at FROM events e WHERE (e.xid, e.id) <= ($1::xid8, $2::bigint)
    ORDER BY e.xid DESC, e.id DESC LIMIT 1`,
  eventFeedEnd: `SELECT e.xid::text AS xid, e.id FROM events e WHERE e.xid < (SELECT pg_snapshot_xmin(pg_current_snapshot()))
    ORDER BY e.xid DESC, e.id DESC LIMIT 1`,
  // Events whose transaction id this cluster has not reached: rows restored from a logical dump
  // (pg_dump) of another cluster, which keep its ids. Unrepaired, the feed would hide them until
  // this cluster's ids passed theirs, and order every new event before them. They read as
  // transaction 0 instead (before everything written here, in id order), as events written
  // before the feed kept transactions do. Rows of transactions running now are not visible to
  // this statement, so only such rows can match; the index on (xid, id) finds none at once.
  eventsRestoredAny: `SELECT EXISTS (SELECT 1 FROM events WHERE xid >= pg_snapshot_xmax(pg_current_snapshot())) AS any`,
  eventsRestoredXids: `UPDATE events SET xid = '0' WHERE xid >= pg_snapshot_xmax(pg_current_snapshot())`,
  // Bounds of every position the feed can have given: the highest event id handed out (a cached
  // sequence may be ahead of it, never behind) and the next transaction id.
  eventFeedBounds: `SELECT (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM event_ids)::text AS id,
    pg_snapshot_xmax(pg_current_snapshot())::text AS next_xid`,
  runGet: `SELECT * FROM runs WHERE id = $1`,
  runInsert: `INSERT INTO runs (id, name, state, spec, inputs, outputs, error, trigger, created_at, updated_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING *`,
  logInsertMany: `INSERT INTO task_logs (task_id, attempt, at, stream, text)
    SELECT task_id, attempt, at, stream, text
    FROM jsonb_to_recordset($1::jsonb) AS x(i int, task_id bigint, attempt int, at bigint, stream text, text text) ORDER BY i`,

  queueSetPaused: `INSERT INTO queues (name, paused, updated_at) VALUES ($1, $2, $3)
    ON CONFLICT (name) DO UPDATE SET paused = excluded.paused, updated_at = excluded.updated_at`,
  queuePausedList: `SELECT name FROM queues WHERE paused ORDER BY name`,
  cursorGet: `SELECT value FROM cursors WHERE name = $1`,
  cursorList: `SELECT name, value, updated_at FROM cursors WHERE starts_with(name, $1) ORDER BY name COLLATE "C"`,
  cursorUpsert: `INSERT INTO cursors (name, value, updated_at) VALUES ($1, $2, $3)
    ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  cursorCas: `UPDATE cursors SET value = $1, updated_at = $2 WHERE name = $3 AND value = $4`,
  cursorInsertNew: `INSERT INTO cursors (name, value, updated_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING`,

  // $1 name, $2 holder, $3 expiresAt, $4 now: take the lease if free or expired, or renew it.
  leaderElect: `INSERT INTO leaders (name, holder, expires_at) VALUES ($1, $2, $3)
    ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
    WHERE leaders.holder = excluded.holder OR leaders.expires_at < $4
    RETURNING holder`,
  leaderResign: `DELETE FROM leaders WHERE name = $1 AND holder = $2`,
  leaderGet: `SELECT holder, expires_at FROM leaders WHERE name = $1 AND expires_at >= $2`,
} as const;

/** Advisory lock classes (first half of the two-int key). */
export const LOCK = {
  key: 0x7466_6b79, // "tfky": live idempotency key
  dedup: 0x7466_6464, // "tfdd": permanent dedup key
  collapse: 0x7466_636c, // "tfcl": debounce/throttle key
  partitions: 0x7466_7074, // "tfpt": partition creation and retention
  vacuum: 0x7466_7663, // "tfvc": one live-table vacuum at a time
} as const;

/** SQL.notify with its values written in (escaped by `escape`): for a simple query that carries the COMMIT too. */
export function notifyText(escape: (value: string) => string, channel: string, queues: Iterable<string>): string {
  return `SELECT pg_notify(${escape(channel)}, p) FROM unnest(ARRAY[${[...queues].map(escape).join(', ')}]::text[]) AS p`;
}
