/**
 * PostgreSQL migrations, compiled in (nothing is read from disk at run time). Each entry is one
 * version; they run inside one transaction under an advisory lock (see migrate.ts), so a schema
 * is either at a version or untouched. Statements use unqualified names: every connection of
 * the store runs with search_path set to the store's schema.
 *
 * Layout, chosen for a hot path that stays fast at any history size:
 * - `tasks` holds live tasks only; the claim index is partial (claimable states), so it holds
 *   exactly the rows a worker may take and stays small however much has gone through.
 * - `tasks_done` (finished tasks) and `events` are range-partitioned by day on epoch-ms
 *   columns; retention drops whole partitions instead of DELETE-scanning (partitions.ts).
 * - Times are bigint epoch milliseconds, like the model (no timezone conversions anywhere).
 */
import { sampleHistoryLightlySql } from './history-sampling.js';
import { CREATED_BEFORE_FINISH_DAY_SQL, FINISH_DAY_SQL } from './days.js';

const TASK_COLUMNS = `
  name text NOT NULL,
  queue text NOT NULL,
  state text NOT NULL,
  payload jsonb,
  result jsonb,
  error jsonb,
  progress jsonb,
  priority integer NOT NULL DEFAULT 0,
  run_at bigint NOT NULL,
  attempt integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL,
  backoff jsonb NOT NULL,
  timeout_ms bigint,
  lease_token bigint NOT NULL DEFAULT 0,
  lease_expires_at bigint,
  worker_id text,
  parent_id bigint,
  run_id text,
  key text,
  tags jsonb,
  deps_pending integer NOT NULL DEFAULT 0,
  deps_failed integer NOT NULL DEFAULT 0,
  trigger_rule text NOT NULL DEFAULT 'all_success',
  dedup_key text,
  children_pending integer NOT NULL DEFAULT 0,
  created_at bigint NOT NULL,
  started_at bigint,
  finished_at bigint,
  updated_at bigint NOT NULL,
  -- Set when another task depends on this one, so finishing a task only looks for dependents
  -- when there are some (the common task has none: no extra query on the hot path).
  has_dependents boolean NOT NULL DEFAULT false`;

export const PG_MIGRATIONS: string[] = [
  // 1: tasks (live), tasks_done (history, partitioned), dependencies, events (partitioned), leaders,
  //    logs, runs, queues, cursors.
  `
  CREATE SEQUENCE task_ids;
  -- Fillfactor below 100 leaves room on each page for HOT updates (claim, heartbeat), which
  -- then touch no index except the partial claim index they leave.
  CREATE TABLE tasks (
    id bigint PRIMARY KEY DEFAULT nextval('task_ids'),${TASK_COLUMNS}
  ) WITH (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);
  -- The claim path: only claimable rows are in this index, in claim order.
  CREATE INDEX tasks_claim ON tasks (queue, priority DESC, run_at, id) WHERE state IN ('pending', 'scheduled', 'retrying');
  CREATE INDEX tasks_lease ON tasks (lease_expires_at) WHERE state = 'running';
  CREATE UNIQUE INDEX tasks_queue_key ON tasks (queue, key) WHERE key IS NOT NULL;
  CREATE INDEX tasks_parent ON tasks (parent_id) WHERE parent_id IS NOT NULL;
  CREATE INDEX tasks_run ON tasks (run_id) WHERE run_id IS NOT NULL;

  CREATE TABLE tasks_done (
    id bigint NOT NULL,${TASK_COLUMNS}
  ) PARTITION BY RANGE (finished_at);
  CREATE INDEX tasks_done_id ON tasks_done (id);
  CREATE INDEX tasks_done_finished ON tasks_done (finished_at);
  CREATE INDEX tasks_done_name ON tasks_done (name, id);
  -- "ls --state failed" on a large history; successes (the bulk) are left out of the index.
  CREATE INDEX tasks_done_unsuccessful ON tasks_done (state, id) WHERE state <> 'succeeded';
  CREATE INDEX tasks_done_created ON tasks_done (created_at);
  CREATE INDEX tasks_done_parent ON tasks_done (parent_id) WHERE parent_id IS NOT NULL;
  CREATE INDEX tasks_done_run ON tasks_done (run_id) WHERE run_id IS NOT NULL;

  -- dep_id first: "who waits on this task" is the question asked when it finishes.
  CREATE TABLE task_deps (
    dep_id bigint NOT NULL,
    task_id bigint NOT NULL,
    PRIMARY KEY (dep_id, task_id)
  );
  CREATE INDEX task_deps_task ON task_deps (task_id);

  -- Permanent idempotency keys (bus message ids …): removed only with their task by retention.
  CREATE TABLE task_dedup (
    key text PRIMARY KEY,
    task_id bigint NOT NULL
  );
  CREATE INDEX task_dedup_task ON task_dedup (task_id);

  CREATE SEQUENCE event_ids;
  CREATE TABLE events (
    id bigint NOT NULL DEFAULT nextval('event_ids'),
    task_id bigint NOT NULL,
    type text NOT NULL,
    at bigint NOT NULL,
    attempt integer NOT NULL,
    worker_id text,
    detail jsonb
  ) PARTITION BY RANGE (at);
  CREATE INDEX events_task ON events (task_id, id);
  CREATE INDEX events_id ON events (id);

  CREATE TABLE leaders (
    name text PRIMARY KEY,
    holder text NOT NULL,
    expires_at bigint NOT NULL
  );

  -- Captured output of executable tasks, per attempt; stream is stdout, stderr or system.
  CREATE TABLE task_logs (
    id bigserial PRIMARY KEY,
    task_id bigint NOT NULL,
    attempt integer NOT NULL,
    at bigint NOT NULL,
    stream text NOT NULL,
    text text NOT NULL
  );
  CREATE INDEX task_logs_task ON task_logs (task_id, attempt, id);

  CREATE TABLE runs (
    id text PRIMARY KEY,
    name text NOT NULL,
    state text NOT NULL,
    spec jsonb NOT NULL,
    inputs jsonb,
    outputs jsonb,
    error jsonb,
    trigger text,
    created_at bigint NOT NULL,
    finished_at bigint,
    updated_at bigint NOT NULL
  );
  CREATE INDEX runs_name ON runs (name, created_at);
  CREATE INDEX runs_state ON runs (state) WHERE state = 'running';

  CREATE TABLE queues (
    name text PRIMARY KEY,
    paused boolean NOT NULL DEFAULT false,
    updated_at bigint NOT NULL
  );

  CREATE TABLE cursors (
    name text PRIMARY KEY,
    value text NOT NULL,
    updated_at bigint NOT NULL
  );
  `,
  // 2: finished tasks counted by queue and state as history changes, so the counts (the
  //    /metrics gauge, the queue overview) read a few rows instead of scanning all of history.
  //    Every statement that moves rows into or out of tasks_done adds to these in the same
  //    statement (statements.ts, countHistory). Counts are spread over slots by server process,
  //    so concurrent writers seldom wait on one row.
  `
  CREATE TABLE history_counts (
    queue text NOT NULL,
    state text NOT NULL,
    slot integer NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (queue, state, slot)
  );
  INSERT INTO history_counts (queue, state, slot, n) SELECT queue, state, 0, count(*) FROM tasks_done GROUP BY queue, state;
  `,
  // 3: debounce and throttle (model/collapse.ts): per queue, mode and key, the task enqueues
  //    collapse into and its window. One row per key, replaced when a new window opens, removed
  //    with its task by retention; a row whose task is gone only means the next enqueue opens a
  //    new window.
  `
  CREATE TABLE task_collapse (
    queue text NOT NULL,
    mode text NOT NULL,
    key text NOT NULL,
    task_id bigint NOT NULL,
    opened_at bigint NOT NULL,
    until bigint NOT NULL,
    PRIMARY KEY (queue, mode, key)
  );
  -- Retention removes a purged task's row (its window has long ended).
  CREATE INDEX task_collapse_task ON task_collapse (task_id);
  `,
  // 4: flow control (docs/flow-control.md): limit rules, pauses by name / run / schedule, the
  //    per-bucket state a claim reads and writes (rate windows, concurrency slots, round-robin
  //    cursors), and the audit of every change. A slot names its task and the lease it was
  //    taken under; it counts only while that task runs under that lease, so finishing, failing,
  //    expiring or unclaiming need not touch this table (stale slots are swept by the next claim).
  `
  CREATE TABLE flow_limits (
    id text PRIMARY KEY,
    queue text,
    name text,
    key text,
    rate_n integer,
    rate_ms bigint,
    concurrency integer,
    updated_at bigint NOT NULL
  );
  CREATE TABLE flow_pauses (
    kind text NOT NULL,
    target text NOT NULL,
    paused_at bigint NOT NULL,
    PRIMARY KEY (kind, target)
  );
  CREATE TABLE flow_rate (
    limit_id text NOT NULL,
    key text NOT NULL,
    window_start bigint NOT NULL,
    used integer NOT NULL,
    PRIMARY KEY (limit_id, key)
  );
  CREATE TABLE flow_slots (
    limit_id text NOT NULL,
    key text NOT NULL,
    task_id bigint NOT NULL,
    lease_token bigint NOT NULL,
    PRIMARY KEY (limit_id, key, task_id)
  );
  -- The round-robin cursor of each keyed limit: the key its last claim served last.
  CREATE TABLE flow_cursors (
    limit_id text PRIMARY KEY,
    key text NOT NULL,
    at bigint NOT NULL
  );
  CREATE TABLE flow_audit (
    id bigserial PRIMARY KEY,
    at bigint NOT NULL,
    action text NOT NULL,
    kind text NOT NULL,
    target text NOT NULL,
    actor text,
    detail jsonb
  );
  `,
  // 5: a running task carries the concurrency buckets its flow-aware claim counted it in
  //    (`[[limit id, key], ...]`), replacing flow_slots: the count is read from the running rows
  //    themselves, so a claim writes no slot rows and no later claim sweeps them. A plain claim
  //    clears it. tasks_done gets the column too, as the two tables are read with one UNION.
  `
  ALTER TABLE tasks ADD COLUMN flow_buckets jsonb;
  ALTER TABLE tasks_done ADD COLUMN flow_buckets jsonb;
  DROP TABLE flow_slots;
  `,
  // 6: autovacuum no longer gives the live table's empty tail back to the file system. That
  //    needs an ACCESS EXCLUSIVE lock on the table every claim and enqueue waits behind, and
  //    under churn the table only grows back (the maintenance VACUUM already runs with TRUNCATE
  //    false, table-vacuum.ts): its size then saw-tooths instead of staying at its working size.
  `
  ALTER TABLE tasks SET (vacuum_truncate = false);
  `,
  // 7: rate windows slide: each rate bucket keeps its claims of the last period per slot
  //    (flow-plan.ts RateLog). A row without it (written before) counts its whole fixed window as
  //    claimed at the window's end.
  `
  ALTER TABLE flow_rate ADD COLUMN slots jsonb;
  `,
  // 8: the event feed in commit-safe order (model/feed.ts). An event keeps the transaction that
  //    wrote it, and the feed is read in (transaction, id) order below the oldest transaction
  //    still running: by id alone, a follower stepped past events whose transaction took lower
  //    ids and committed after it read. Events written before read as transaction 0, in id order,
  //    so a follower's old cursor (an event id) resumes where it was. The new index replaces the
  //    one on id, which only the feed read.
  `
  ALTER TABLE events ADD COLUMN xid xid8 NOT NULL DEFAULT '0';
  ALTER TABLE events ALTER COLUMN xid SET DEFAULT pg_current_xact_id();
  CREATE INDEX events_feed ON events (xid, id);
  DROP INDEX events_id;
  `,
  // 9: ANALYZE reads little of history (history-sampling.ts): a long one holds back the vacuum of
  //    the live table. The parents' targets reach today's partitions; later ones set their own.
  `
  ${sampleHistoryLightlySql('tasks_done')};
  ${sampleHistoryLightlySql('events')};
  `,
  // 10: finished tasks are counted by the day they finished (history_day_counts), so retention
  //     of a day or more drops a day of history whole and takes its count with it, without
  //     reading the day (partitions.ts). The history already there is counted once, by day.
  //     history_counts stays for processes started before this migration, which keep writing
  //     there until they restart; readers add both.
  `
  CREATE TABLE history_day_counts (
    day integer NOT NULL,
    queue text NOT NULL,
    state text NOT NULL,
    slot integer NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (day, queue, state, slot)
  );
  LOCK TABLE history_counts IN EXCLUSIVE MODE;
  INSERT INTO history_day_counts (day, queue, state, slot, n)
    SELECT ${FINISH_DAY_SQL}, queue, state, 0, count(*) FROM tasks_done GROUP BY 1, 2, 3;
  DELETE FROM history_counts;
  `,
  // 11: history's index on creation time served one question, retention's oldest creation among
  //     the tasks it keeps (partitions.ts), which it asks by day. A task created on the day it
  //     finished cannot be older than that day, so only tasks created on an earlier day are in
  //     the index: one index entry fewer for almost every finished task.
  `
  DROP INDEX tasks_done_created;
  CREATE INDEX tasks_done_created_earlier ON tasks_done (created_at) WHERE ${CREATED_BEFORE_FINISH_DAY_SQL};
  `,
  // 12: where a task id's history can begin (history-floor.ts): once a day the maintenance
  //     leader notes how far the id sequence has gone, so a read by id skips the days of history
  //     before the task could have finished.
  `
  CREATE TABLE task_id_marks (
    day integer PRIMARY KEY,
    id bigint NOT NULL
  );
  `,
  // 13: the default retry policy is written as NULL (rows.ts backoffText), as SQLite does: a third
  //     of a plain task's row was its copy of it, written again with every version of the row
  //     (insert, claim, history). Rows written before keep theirs; both read the same.
  `
  ALTER TABLE tasks ALTER COLUMN backoff DROP NOT NULL;
  ALTER TABLE tasks_done ALTER COLUMN backoff DROP NOT NULL;
  `,
];

/** The version table lives in the schema itself, so dropping the schema forgets everything. */
export const VERSION_TABLE = `CREATE TABLE IF NOT EXISTS taskframe_schema (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    version integer NOT NULL,
    migrated_at timestamptz NOT NULL DEFAULT now()
  )`;
