/**
 * The Store contract: everything taskframe ever asks of a database. Entity-then-verb, one
 * params object per call. Writes go through `writeBatch` so the engine can group-commit every
 * caller's operations into one transaction; each operation in a batch means exactly what it
 * would mean alone (the conformance suite checks that).
 *
 * Every state change is a guarded update naming the state (and, for a worker, the lease token)
 * it expects; an operation whose guard fails changes nothing and reports why.
 */
import type { ClaimedTask, Json, NewTask, Task, TaskError, TaskEvent, TaskId } from '../model/task.js';
import type { TaskState } from '../model/state.js';
import type { FeedEvent, FeedPosition } from '../model/feed.js';
import type { LogEntry, LogStream, StoredLogEntry } from '../model/log.js';
import type { NewRun, Run, RunPosition, RunState } from '../model/run.js';
import type { FlowAuditEntry, FlowLimit, FlowPause, FlowPauseKind, FlowUsage } from '../model/flow.js';

// Runs and log lines are model types; named here too, as the contract speaks of them.
export type { LogEntry, LogStream, NewRun, Run, RunPosition, RunState, StoredLogEntry };

// ---- write operations (each is one element of a batch) ----

export interface TaskInsertOp {
  task: NewTask;
  /**
   * More dependencies, named by the index of an earlier entry of this batch's `taskInsert`
   * (whose id is not known before the batch runs): a whole graph goes in one transaction.
   */
  dependsOnIndex?: number[];
}
export interface TaskInsertResult {
  task: Task;
  /** false when a live task with the same queue and key existed and was returned instead. */
  created: boolean;
  /** true when the enqueue collapsed into an existing task by its debounce or throttle key (a `debounced` event). */
  collapsed?: boolean;
}

export interface TaskClaimOp {
  queues: string[];
  workerId: string;
  limit: number;
  leaseMs: number;
}

export interface LeaseRef {
  id: TaskId;
  leaseToken: number;
}

export interface TaskHeartbeatOp extends LeaseRef {
  leaseMs: number;
  /** Optional progress to record (emits a `progress` event). */
  progress?: Json;
}

export interface TaskCompleteOp extends LeaseRef {
  result: Json;
}

export interface TaskFailOp extends LeaseRef {
  error: TaskError;
  /** When to try again (state `retrying`), or null to fail for good. The engine decides. */
  retryAt: number | null;
  /** Event type to record for this failure: 'failed' by default, 'timed_out' for a timeout. */
  reason?: 'failed' | 'timed_out';
}

/**
 * The lease holder finishes the task as `skipped`, not failed: its run condition said there is
 * nothing to do (a unit's `[RunIf] Requires=`). No retry. Dependents and a waiting parent see a
 * skipped task, as they would a task skipped for a failed dependency.
 */
export interface TaskSkipOp extends LeaseRef {
  /** Why, for people: stored as the task's error (kind RUN_CONDITION) and in its `skipped` event. */
  reason: string;
}

export type TaskUnclaimOp = LeaseRef;

export interface TaskCancelOp {
  id: TaskId;
  reason?: string;
}

export interface TaskRetryOp {
  id: TaskId;
}

export interface TaskExpireLeasesOp {
  limit: number;
}

/** What a completion reports back: enough to log and route, without re-reading the whole row. */
export type TaskOutcome = Pick<Task, 'id' | 'name' | 'queue' | 'state' | 'attempt' | 'workerId' | 'parentId' | 'runId' | 'finishedAt'>;

export type TaskCompleteResult =
  | { ok: true; task: TaskOutcome }
  | { ok: false; reason: 'lease_lost' | 'not_found' | 'wrong_state'; state: TaskState | null };

/** Outcome of an operation on one existing task. */
export type TaskOpResult =
  | { ok: true; task: Task }
  | { ok: false; reason: 'lease_lost' | 'not_found' | 'wrong_state'; state: TaskState | null };

/** Records a workflow run; in a batch with its graph's `taskInsert`, both commit together or neither does. */
export interface RunInsertOp {
  run: NewRun;
}

/** A named cursor as stored (coordination between processes: engine/coordination.ts). */
export interface StoredCursor {
  name: string;
  value: string;
  updatedAt: number;
}

export interface WriteBatch {
  /** Taken as the time of every change in the batch (injectable clock). */
  now: number;
  /** Applied first, in the transaction of the batch's inserts. */
  runInsert?: RunInsertOp[];
  taskInsert?: TaskInsertOp[];
  taskComplete?: TaskCompleteOp[];
  taskFail?: TaskFailOp[];
  taskSkip?: TaskSkipOp[];
  taskUnclaim?: TaskUnclaimOp[];
  taskHeartbeat?: TaskHeartbeatOp[];
  taskCancel?: TaskCancelOp[];
  taskRetry?: TaskRetryOp[];
  taskExpireLeases?: TaskExpireLeasesOp[];
  taskClaim?: TaskClaimOp[];
}

/**
 * Results, index for index with the batch's arrays. Drivers apply the groups in this order:
 * run insert, insert, complete, fail, skip, unclaim, heartbeat, cancel, retry, expire leases, claim — so a claim
 * in the same batch sees tasks inserted or unblocked by it.
 */
export interface WriteBatchResult {
  runInsert: Run[];
  taskInsert: TaskInsertResult[];
  taskComplete: TaskCompleteResult[];
  taskFail: TaskOpResult[];
  taskSkip: TaskOpResult[];
  taskUnclaim: TaskOpResult[];
  taskHeartbeat: TaskOpResult[];
  taskCancel: TaskOpResult[];
  taskRetry: TaskOpResult[];
  /** Tasks whose lease had expired, as they are after being made claimable again (or failed). */
  taskExpireLeases: Task[][];
  taskClaim: ClaimedTask[][];
}

// ---- reads ----

export interface TaskListParams {
  states?: TaskState[];
  queue?: string;
  name?: string;
  parentId?: TaskId;
  runId?: string;
  /** Return tasks with id below this (newest first paging). */
  beforeId?: TaskId;
  /**
   * Finished tasks that finished before this are left out. A caller that knows the tasks were
   * created after some time (a run's tasks: after the run) passes it less EVENT_CLOCK_SLACK_MS
   * (model/clock.ts), which leaves out none of them: PostgreSQL then reads only the days since.
   */
  finishedSince?: number;
  limit: number;
}

/**
 * A JSON field compared with a scalar: `path` walks object keys (strings) and array items
 * (numbers) from the top of a task's payload or a run's inputs. Both stores compare JSON values
 * (42 matches 42 and 42.0, never "42"); a missing field matches nothing.
 */
export interface JsonFieldMatch {
  path: Array<string | number>;
  value: string | number | boolean | null;
}

/**
 * A search over tasks, live and finished, newest first. The filters an index serves (states,
 * queue, name, runId, parentId, beforeId) select; the others (payload, tag, namePrefix, a
 * creation-time range) are checked row by row, so when any of them is given the search looks at
 * no more than the `scanLimit` newest tasks the indexed filters select, and says where it stopped.
 * A payload path is also looked up inside a workflow task's own payload (its envelope's
 * `payload`), so a step is found by the fields its user gave it.
 */
export interface TaskSearchParams {
  states?: TaskState[];
  queue?: string;
  name?: string;
  /** Names starting with this. */
  namePrefix?: string;
  runId?: string;
  parentId?: TaskId;
  tag?: string;
  /** Created at or after (epoch ms). */
  createdAfter?: number;
  /** Created before (epoch ms). */
  createdBefore?: number;
  payload?: JsonFieldMatch;
  /** Only tasks with id below this (paging). */
  beforeId?: TaskId;
  limit: number;
  /** Rows a search with unindexed filters examines at most. */
  scanLimit: number;
}

export interface TaskSearchResult {
  tasks: Task[];
  /** Tasks examined row by row; null when every filter was served by an index. */
  scanned: number | null;
  /** Set when the examined window was full: tasks with an id below this were not looked at. */
  scanFloorId: TaskId | null;
}

/** A search over runs, newest first; `inputs` and the time range are checked within the `scanLimit` newest runs the other filters select. */
export interface RunSearchParams {
  name?: string;
  namePrefix?: string;
  states?: RunState[];
  createdAfter?: number;
  createdBefore?: number;
  inputs?: JsonFieldMatch;
  /** Runs after this one in newest-first order (paging). */
  before?: RunPosition;
  limit: number;
  scanLimit: number;
}

export interface RunSearchResult {
  runs: Run[];
  scanned: number | null;
  /** Set when the examined window was full: the window's oldest run; runs after it were not looked at. */
  scanFloor: RunPosition | null;
}

/** What names a task in metrics and live views, without its payload. */
export interface TaskLabel {
  id: TaskId;
  name: string;
  queue: string;
  runId: string | null;
}

export interface EventListParams {
  taskIds: TaskId[];
  /** Only events with id above this (for following). */
  afterId?: string;
  /**
   * Only events stamped at or after this time. A caller that knows when the tasks were created
   * passes the earliest less EVENT_CLOCK_SLACK_MS (model/clock.ts), which leaves out none of
   * theirs: PostgreSQL then reads only the days of history since.
   */
  since?: number;
  limit: number;
}

export interface QueueCounts {
  queue: string;
  counts: Partial<Record<TaskState, number>>;
}

/** When a live task comes due, relative to the `now` and `soonBy` of a `taskLiveSummary` call. */
export type TaskDue = 'now' | 'soon' | 'later';

/** One group of live tasks of a `taskLiveSummary`: same name, state and due bucket. */
export interface TaskLiveGroup {
  name: string;
  state: TaskState;
  /** run_at <= now: 'now'; <= soonBy: 'soon'; after: 'later'. */
  due: TaskDue;
  n: number;
  /** Earliest run_at in the group. */
  minRunAt: number;
  /**
   * Earliest moment a task of the group could first be claimed: the later of its run_at and its
   * last update (a dependent unblocked an hour after it was created has been ready since then).
   */
  minReadyAt: number;
}

/** One name's share of the most recently finished tasks (`taskFinishedSummary`). */
export interface TaskFinishedGroup {
  name: string;
  /** Finished tasks (any finished state). */
  n: number;
  /** Of those, how many ever started (have a started_at): the ones with a service time. */
  served: number;
  /** Sum of finished_at - started_at over the served ones (ms): the last attempt's run time. */
  serviceMsSum: number;
  firstFinishedAt: number;
  lastFinishedAt: number;
}

export interface RetentionParams {
  /** Finished tasks with finishedAt before this, and their events, are removed. */
  finishedBefore: number;
  limit: number;
}

export interface LeaderParams {
  name: string;
  holder: string;
  ttlMs: number;
  now: number;
}


export interface Store {
  readonly driver: 'sqlite' | 'postgres';
  /** How many write batches the store accepts in flight at once (applied in order); default 1. */
  readonly pipelineDepth?: number;
  /**
   * How many claims one worker may keep in flight at once (default 1). A store whose batches in
   * flight run side by side (PostgreSQL: each on a connection of its own) lets a worker claim
   * again while the database still works on its previous claim.
   */
  readonly claimDepth?: number;
  /** Applies pending migrations (also done on open unless told not to). Safe to run concurrently. */
  migrate(): Promise<{ from: number; to: number }>;
  schemaVersion(): Promise<number>;
  /**
   * The database server's clock (ms since the epoch), or null when the store has none of its own
   * (SQLite: every process on the file shares its host's clock). Leases and run-at times are
   * written and judged by each process's clock; this is what a process compares its own with.
   */
  databaseTime(): Promise<number | null>;

  /**
   * Applies a batch. The inserts of one batch (runs and tasks) commit together or not at all (a
   * run and its graph are one unit); other operations are independent of each other, so a driver may commit them in more
   * than one transaction when that is cheaper (PostgreSQL: completions and a claim go as one
   * statement, completions with consequences after it). Each operation's own changes — its
   * state move, events, dependents, parent — always commit together.
   */
  writeBatch(batch: WriteBatch): Promise<WriteBatchResult>;

  /**
   * The lease holder sets how many attempts the task gets in all, from now on: what runs it may
   * know better than what enqueued it (a unit's `Restart=`). Guarded like a heartbeat (state
   * `running`, this lease token); false when the guard fails, and nothing changes. The new value
   * governs the task's retries and what an expired lease does, and is what readers see.
   */
  taskSetMaxAttempts(params: LeaseRef & { maxAttempts: number; now: number }): Promise<boolean>;

  taskGet(params: { id: TaskId }): Promise<Task | null>;
  taskList(params: TaskListParams): Promise<Task[]>;
  /** Number of live tasks in the given queues (all queues if empty) by state. */
  /** Dependency edges among/into the given tasks (for drawing graphs). */
  taskDepsList(params: { taskIds: TaskId[] }): Promise<Array<{ taskId: TaskId; depId: TaskId }>>;
  taskCountLive(params: { queues?: string[] }): Promise<Partial<Record<TaskState, number>>>;
  queueCounts(): Promise<QueueCounts[]>;
  /**
   * Live tasks of the queues counted by name, state and when they come due (`now`, `soon` up to
   * `soonBy`, `later`), with the earliest run_at of each group: what the autoscaler reads as the
   * backlog, its mix of task names, the oldest ready task and the next one coming due.
   */
  taskLiveSummary(params: { queues: string[]; now: number; soonBy: number }): Promise<TaskLiveGroup[]>;
  /**
   * The most recently finished tasks of the queues (at most `limit`, newest first, finished at or
   * after `since`), grouped by name: completions and observed service times. Reads at most
   * `limit` rows of history however busy the store is.
   */
  taskFinishedSummary(params: { queues: string[]; since: number; limit: number }): Promise<TaskFinishedGroup[]>;
  /** Earliest runAt among claimable tasks in the queues, or null if none (for sleeping until it). */
  taskNextRunAt(params: { queues: string[] }): Promise<number | null>;
  /** The tasks with these ids that exist (live or finished), in no particular order. */
  taskGetMany(params: { ids: TaskId[] }): Promise<Task[]>;
  /**
   * Name, queue and run of the tasks with these ids that exist: what metrics label events with.
   * With `finishedSince`, finished tasks that finished before it are left out: a caller holding
   * an event of each task stamped T passes T less EVENT_CLOCK_SLACK_MS (a task finishes after its
   * events), and PostgreSQL reads only the days of history since.
   */
  taskLabelList(params: { ids: TaskId[]; finishedSince?: number }): Promise<TaskLabel[]>;
  /** Tasks matching every filter, newest first; see TaskSearchParams for what is bounded. */
  taskSearch(params: TaskSearchParams): Promise<TaskSearchResult>;
  eventList(params: EventListParams): Promise<TaskEvent[]>;
  /**
   * Every event after the position `after` (the feed's start when absent), in feed order: what
   * outboxes, rules and live views follow. An event appears only once nothing can commit before
   * it in that order, so a follower that reads on from its last position misses none
   * (model/feed.ts).
   */
  eventFeed(params: { after?: FeedPosition; limit: number }): Promise<FeedEvent[]>;
  /** The position of the feed's last event (the feed's start when it is empty): where a new follower that skips history begins. */
  eventFeedEnd(): Promise<FeedPosition>;

  /** Appends captured output; entries keep their order. */
  logAppend(params: { entries: LogEntry[] }): Promise<void>;
  /** Log lines of a task (one attempt, or all), oldest first, after `afterId` for following. */
  logList(params: { taskId: TaskId; attempt?: number; afterId?: string; limit: number }): Promise<StoredLogEntry[]>;

  runInsert(params: { run: NewRun }): Promise<Run>;
  runGet(params: { id: string }): Promise<Run | null>;
  runList(params: { name?: string; states?: RunState[]; before?: RunPosition; limit: number }): Promise<Run[]>;
  /** Runs matching every filter, newest first; see RunSearchParams for what is bounded. */
  runSearch(params: RunSearchParams): Promise<RunSearchResult>;
  /** Guarded: changes the run only if it is in one of `fromStates`; returns null otherwise. */
  runUpdate(params: { id: string; fromStates: RunState[]; state: RunState; outputs?: Json | null; error?: Json | null; now: number }): Promise<Run | null>;

  /** A paused queue is never claimed from; its tasks stay where they are. */
  queueSetPaused(params: { queue: string; paused: boolean; now: number }): Promise<void>;
  queuePausedList(): Promise<string[]>;

  /**
   * Flow control (docs/flow-control.md). Limits and pauses are rows of the store, read by every
   * claim in the claim's own transaction: a change holds from the next claim on, in every process.
   * Each change writes its audit line in the same transaction. A claim never starts a task of a
   * paused name or run, and never takes a task past a limit (it stays pending, holding no slot).
   */
  flowLimitSet(params: { limit: FlowLimit; actor: string | null; now: number }): Promise<void>;
  /** false when no rule has this id (nothing written). */
  flowLimitRemove(params: { id: string; actor: string | null; now: number }): Promise<boolean>;
  flowLimitList(): Promise<FlowLimit[]>;
  /**
   * Pauses or resumes a task name, a run, a schedule, or a queue (the same flag as
   * queueSetPaused, audited). false when it already was so (nothing written, no audit line).
   */
  flowPauseSet(params: { kind: FlowPauseKind | 'queue'; target: string; paused: boolean; actor: string | null; now: number }): Promise<boolean>;
  flowPauseList(): Promise<FlowPause[]>;
  /** Newest first; `beforeId` pages. */
  flowAuditList(params: { limit: number; beforeId?: string }): Promise<FlowAuditEntry[]>;
  /** Buckets in use: running tasks per key of each concurrency limit, claims in the last period of each rate (windows slide). */
  flowUsage(params: { now: number }): Promise<FlowUsage[]>;

  cursorGet(params: { name: string }): Promise<string | null>;
  /** The cursors whose name starts with `prefix`, by name (byte order, on every store), with when each was last set. */
  cursorList(params: { prefix: string }): Promise<StoredCursor[]>;
  /** Sets the cursor; with `expect`, only if it still holds that value (compare-and-set). */
  cursorSet(params: { name: string; value: string; expect?: string | null; now: number }): Promise<boolean>;

  retentionPurge(params: RetentionParams & { now: number }): Promise<{ tasks: number; events: number }>;
  /**
   * Optional: what a store does to its history once a day, run by the maintenance leader (only
   * the first call of a day does anything). PostgreSQL folds the counts of days no completion
   * writes any more into one row per queue and state (`countsFolded`: the rows folded away), and
   * notes how far task ids have gone, so reads by id skip the days before a task could finish.
   */
  historyDayTurn?(params: { now: number }): Promise<{ countsFolded: number }>;

  /** Take or keep the named leadership for ttlMs; true when `holder` is the leader now. */
  leaderElect(params: LeaderParams): Promise<boolean>;
  leaderResign(params: { name: string; holder: string }): Promise<void>;
  leaderGet(params: { name: string; now: number }): Promise<{ holder: string; expiresAt: number } | null>;

  /**
   * Optional: wake-ups pushed by the database from every process sharing it (PostgreSQL
   * LISTEN/NOTIFY). The listener hears the queue in which tasks became claimable, now or at a
   * known later time ('*' = any, e.g. after a reconnect). Resolves, once listening, to an
   * unsubscribe function. Drivers without it leave workers to their poll.
   */
  subscribeWake?(listener: (queue: string) => void): Promise<() => Promise<void>>;

  close(): Promise<void>;
}

export function emptyBatchResult(): WriteBatchResult {
  return {
    runInsert: [],
    taskInsert: [],
    taskComplete: [],
    taskFail: [],
    taskSkip: [],
    taskUnclaim: [],
    taskHeartbeat: [],
    taskCancel: [],
    taskRetry: [],
    taskExpireLeases: [],
    taskClaim: [],
  };
}
