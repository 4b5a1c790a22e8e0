/**
 * SQLite migrations, compiled in (nothing is read from disk at run time). The schema version
 * is PRAGMA user_version. Live tasks and finished tasks have identical columns so a finished
 * task moves with one INSERT … SELECT *.
 */
export const TASK_COLUMN_NAMES = [
    'id', 'name', 'queue', 'state', 'payload', 'result', 'error', 'progress', 'priority', 'run_at', 'attempt', 'max_attempts',
    'backoff', 'timeout_ms', 'lease_token', 'lease_expires_at', 'worker_id', 'parent_id', 'run_id', 'key', 'tags',
    'deps_pending', 'deps_failed', 'trigger_rule', 'dedup_key', 'children_pending', 'created_at', 'started_at', 'finished_at', 'updated_at',
];
/**
 * The select list that copies a running task into history as succeeded: every column as it is,
 * except the ones a success sets. `result` is the SQL expression for the result; `table` the alias.
 */
export function succeededSelectList(result, table = '') {
    const p = table ? `${table}.` : '';
    return TASK_COLUMN_NAMES.map((c) => {
        switch (c) {
            case 'state': return `'succeeded'`;
            case 'result': return result;
            case 'error':
            case 'lease_expires_at': return 'NULL';
            case 'finished_at':
            case 'updated_at': return '@now';
            default: return `${p}${c}`;
        }
    }).join(', ');
}
const TASK_COLUMNS = `
  name TEXT NOT NULL,
  queue TEXT NOT NULL,
  state TEXT NOT NULL,
  payload TEXT,
  result TEXT,
  error TEXT,
  progress TEXT,
  priority INTEGER NOT NULL DEFAULT 0,
  run_at INTEGER NOT NULL,
  attempt INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  backoff TEXT, -- NULL: the default policy
  timeout_ms INTEGER,
  lease_token INTEGER NOT NULL DEFAULT 0,
  lease_expires_at INTEGER,
  worker_id TEXT,
  parent_id INTEGER,
  run_id TEXT,
  key TEXT,
  tags TEXT,
  deps_pending INTEGER NOT NULL DEFAULT 0,
  deps_failed INTEGER NOT NULL DEFAULT 0,
  trigger_rule TEXT NOT NULL DEFAULT 'all_success',
  dedup_key TEXT,
  children_pending INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  finished_at INTEGER,
  updated_at INTEGER NOT NULL`;
export const SQLITE_MIGRATIONS = [
    // 1: tasks (live), tasks_done (history), dependencies, events, leaders.
    `
  CREATE TABLE tasks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,${TASK_COLUMNS}
  );
  -- The claim path: only claimable rows are in this index, so it stays small at any history size.
  CREATE INDEX tasks_claim ON tasks (queue, priority DESC, run_at, id) WHERE state IN ('pending', 'scheduled', 'retrying');
  CREATE INDEX tasks_lease ON tasks (lease_expires_at) WHERE state = 'running';
  CREATE UNIQUE INDEX tasks_queue_key ON tasks (queue, key) WHERE key IS NOT NULL;
  CREATE INDEX tasks_parent ON tasks (parent_id) WHERE parent_id IS NOT NULL;
  CREATE INDEX tasks_run ON tasks (run_id) WHERE run_id IS NOT NULL;

  CREATE TABLE tasks_done (
    id INTEGER PRIMARY KEY,${TASK_COLUMNS}
  );
  CREATE INDEX tasks_done_finished ON tasks_done (finished_at);
  CREATE INDEX tasks_done_name ON tasks_done (name, id);
  -- "ls --state failed" on a large history; successes (the bulk) are left out of the index.
  CREATE INDEX tasks_done_unsuccessful ON tasks_done (state, id) WHERE state <> 'succeeded';
  CREATE INDEX tasks_done_parent ON tasks_done (parent_id) WHERE parent_id IS NOT NULL;
  CREATE INDEX tasks_done_run ON tasks_done (run_id) WHERE run_id IS NOT NULL;

  -- dep_id first: "who waits on this task" is the question asked when it finishes.
  CREATE TABLE task_deps (
    dep_id INTEGER NOT NULL,
    task_id INTEGER NOT NULL,
    PRIMARY KEY (dep_id, task_id)
  ) WITHOUT ROWID;
  CREATE INDEX task_deps_task ON task_deps (task_id);

  -- Permanent idempotency keys (bus message ids …): removed only with their task by retention.
  CREATE TABLE task_dedup (
    key TEXT PRIMARY KEY,
    task_id INTEGER NOT NULL
  );
  CREATE INDEX task_dedup_task ON task_dedup (task_id);

  CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    task_id INTEGER NOT NULL,
    type TEXT NOT NULL,
    at INTEGER NOT NULL,
    attempt INTEGER NOT NULL,
    worker_id TEXT,
    detail TEXT
  );
  CREATE INDEX events_task ON events (task_id, id);

  CREATE TABLE leaders (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  );

  -- Captured output of executable tasks, per attempt; stream is stdout, stderr or system.
  CREATE TABLE task_logs (
    id INTEGER PRIMARY KEY,
    task_id INTEGER NOT NULL,
    attempt INTEGER NOT NULL,
    at INTEGER NOT NULL,
    stream TEXT NOT NULL,
    text TEXT NOT NULL
  );
  CREATE INDEX task_logs_task ON task_logs (task_id, attempt, id);

  -- Workflow runs: one execution of a workflow; its tasks carry run_id.
  CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    state TEXT NOT NULL,
    spec TEXT NOT NULL,
    inputs TEXT,
    outputs TEXT,
    error TEXT,
    trigger TEXT,
    created_at INTEGER NOT NULL,
    finished_at INTEGER,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX runs_name ON runs (name, created_at);
  CREATE INDEX runs_state ON runs (state) WHERE state = 'running';

  -- Per-queue settings (pause/resume).
  CREATE TABLE queues (
    name TEXT PRIMARY KEY,
    paused INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL
  );

  -- Named positions (outbox cursors over events.id, schedule bookkeeping): a small key/value table.
  CREATE TABLE cursors (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );
  `,
    // 2: finished tasks counted by queue and state as history changes, so the counts (the
    //    /metrics gauge, the queue overview) read a few rows instead of scanning all of history.
    //    Every write that moves rows into or out of tasks_done adds to these in the same
    //    transaction (batch.ts, driver.ts: historyCount), once per queue for a batch of successes.
    `
  CREATE TABLE history_counts (
    queue TEXT NOT NULL,
    state TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (queue, state)
  ) WITHOUT ROWID;
  INSERT INTO history_counts (queue, state, n) SELECT queue, state, count(*) FROM tasks_done GROUP BY queue, state;
  `,
    // 3: debounce and throttle (model/collapse.ts): per queue, mode and key, the task enqueues
    //    collapse into and its window. One row per key, replaced when a new window opens, removed
    //    with its task by retention; a row whose task is gone only means the next enqueue opens a
    //    new window.
    `
  CREATE TABLE task_collapse (
    queue TEXT NOT NULL,
    mode TEXT NOT NULL,
    key TEXT NOT NULL,
    task_id INTEGER NOT NULL,
    opened_at INTEGER NOT NULL,
    until INTEGER NOT NULL,
    PRIMARY KEY (queue, mode, key)
  ) WITHOUT ROWID;
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
    id TEXT PRIMARY KEY,
    queue TEXT,
    name TEXT,
    key TEXT,
    rate_n INTEGER,
    rate_ms INTEGER,
    concurrency INTEGER,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE flow_pauses (
    kind TEXT NOT NULL,
    target TEXT NOT NULL,
    paused_at INTEGER NOT NULL,
    PRIMARY KEY (kind, target)
  ) WITHOUT ROWID;
  CREATE TABLE flow_rate (
    limit_id TEXT NOT NULL,
    key TEXT NOT NULL,
    window_start INTEGER NOT NULL,
    used INTEGER NOT NULL,
    PRIMARY KEY (limit_id, key)
  ) WITHOUT ROWID;
  CREATE TABLE flow_slots (
    limit_id TEXT NOT NULL,
    key TEXT NOT NULL,
    task_id INTEGER NOT NULL,
    lease_token INTEGER NOT NULL,
    PRIMARY KEY (limit_id, key, task_id)
  ) WITHOUT ROWID;
  -- The round-robin cursor of each keyed limit: the key its last claim served last.
  CREATE TABLE flow_cursors (
    limit_id TEXT PRIMARY KEY,
    key TEXT NOT NULL,
    at INTEGER NOT NULL
  );
  CREATE TABLE flow_audit (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    action TEXT NOT NULL,
    kind TEXT NOT NULL,
    target TEXT NOT NULL,
    actor TEXT,
    detail TEXT
  );
  `,
    // 5: rate windows slide: each rate bucket keeps its claims of the last period per slot
    //    (flow-plan.ts RateLog, as JSON). A row without it (written before) counts its whole fixed
    //    window as claimed at the window's end.
    `
  ALTER TABLE flow_rate ADD COLUMN slots TEXT;
  `,
    // 6: event ids are never used twice. The feed's position is the event id (model/feed.ts),
    //    and a plain rowid is max(id) + 1: when the newest events were deleted (a success under
    //    history none or compact takes its retry's events with it), the next events took their
    //    ids again, behind every follower that had read them, and were never followed. AUTOINCREMENT
    //    keeps the highest id ever used; SQLite can only add it by rebuilding the table (once,
    //    in this migration's transaction).
    `
  CREATE TABLE events_v6 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id INTEGER NOT NULL,
    type TEXT NOT NULL,
    at INTEGER NOT NULL,
    attempt INTEGER NOT NULL,
    worker_id TEXT,
    detail TEXT
  );
  INSERT INTO events_v6 (id, task_id, type, at, attempt, worker_id, detail) SELECT id, task_id, type, at, attempt, worker_id, detail FROM events;
  DROP TABLE events;
  ALTER TABLE events_v6 RENAME TO events;
  CREATE INDEX events_task ON events (task_id, id);
  `,
];
//# sourceMappingURL=schema.js.map