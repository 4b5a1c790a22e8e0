/**
 * The engine: the one way into the store for every surface (CLI, server, bus, scheduler,
 * workflow, worker). This class holds the operations on tasks; the rest are its parts, one file
 * each: `runs` (the run lifecycle, runs.ts), `logs` (captured output, logs.ts), `leaders` and
 * `cursors` (coordination between processes, coordination.ts), `queues` (counts, pause,
 * queues.ts), `inspect` (searches and timelines for consoles, inspect.ts), `bulk` (operator
 * actions on many tasks, bulk.ts); wake-ups the store pushes are relayed into `signals` (wakeups.ts). Task writes go
 * through the group-commit write queue; validation happens here, before anything reaches the
 * store, so an invalid request changes nothing.
 */
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { eventsSince, systemClock, type Clock, type ClockSkew } from '../model/clock.js';
import { auditStory } from '../model/history.js';
import { ConflictError, LeaseLostError, NotFoundError, ValidationError } from '../model/errors.js';
import { LIMITS, resolveSpec, validateName, type BatchSpec, type EnqueueOptions, type EnqueueSpec } from '../model/spec.js';
import type { TaskState } from '../model/state.js';
import type { FeedEvent, FeedPosition } from '../model/feed.js';
import type { ClaimedTask, Json, Task, TaskEvent, TaskId } from '../model/task.js';
import { batchInserts } from '../store/inserts.js';
import type { Store, TaskInsertResult, TaskListParams, TaskOutcome } from '../store/store.js';
import { Bulk } from './bulk.js';
import { Cursors, Leaders } from './coordination.js';
import { Flow } from './flow.js';
import { claimableQueues, graphInserts, type GraphNode } from './graph.js';
import { checkId } from './ids.js';
import { Inspect } from './inspect.js';
import { Logs } from './logs.js';
import { Queues } from './queues.js';
import { decideFailure } from './retry-policy.js';
import { Runs } from './runs.js';
import { relayStoreWakeups } from './wakeups.js';
import { WriteQueue } from './write-queue.js';

/** Tasks one list call returns at most (a whole run's tasks are read at once; see runs.ts). */
const LIST_MAX = 1_000_000;

/** What a completion reports back (the worker's view of a finished attempt). */
export type { TaskOutcome };

/** The filter of list(): surfaces take it from here, since they never import the store. */
export type { TaskListParams };

export interface EngineOptions {
  store: Store;
  clock?: Clock;
  /** Random source for backoff jitter (tests pass a fixed one). */
  random?: () => number;
  /** Operations per group-commit transaction at most. */
  maxBatch?: number;
}

export interface EngineEvents {
  /** Tasks may have become claimable in these queues ('*' = any queue). */
  wake: [queue: string];
  /** A running task was cancelled: the worker holding it should abort its handler. */
  cancelled: [taskId: TaskId];
}

export interface ClaimParams {
  queues: string[];
  workerId: string;
  limit: number;
  leaseMs: number;
}

export class Engine {
  readonly clock: Clock;
  readonly signals = new EventEmitter<EngineEvents>();
  /** The run lifecycle: submit (run and graph in one transaction), finish, cancel, read, wait. */
  readonly runs: Runs;
  /** Captured output of executable tasks. */
  readonly logs: Logs;
  /** Leader leases shared by every process on the store. */
  readonly leaders: Leaders;
  /** Durable named positions (event feed followers, trigger state), with compare-and-set. */
  readonly cursors: Cursors;
  /** Counts by queue and state; pause and resume. */
  readonly queues: Queues;
  /** Flow control: limits enforced at claim time, pauses by name, run, schedule or queue (flow.ts). */
  readonly flow: Flow;
  /** What an operator's console reads: searches, many tasks at once, a run's timeline. */
  readonly inspect: Inspect;
  /** Retry or cancel many tasks at once, each with its own answer. */
  readonly bulk: Bulk;
  private readonly store: Store;
  private readonly random: () => number;
  private readonly wq: WriteQueue;

  constructor(options: EngineOptions) {
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.wq = new WriteQueue(this.store, this.clock, options.maxBatch);
    this.runs = new Runs(this.store, this.clock, { cancel: (id, reason) => this.cancel(id, reason), inserted: (r) => this.wakeFor(r) });
    this.logs = new Logs(this.store);
    this.leaders = new Leaders(this.store, this.clock);
    this.cursors = new Cursors(this.store, this.clock);
    this.queues = new Queues(this.store, this.clock, this.signals);
    this.flow = new Flow(this.store, this.clock, this.signals);
    this.inspect = new Inspect(this.store);
    this.bulk = new Bulk({ retry: (id) => this.retry(id), cancel: (id, reason) => this.cancel(id, reason) }, this.inspect);
    this.signals.setMaxListeners(0);
    relayStoreWakeups(this.store, this.signals as EventEmitter);
  }

  /** Which store this engine runs on. */
  get driver(): Store['driver'] {
    return this.store.driver;
  }

  /** True when the store pushes wake-ups across processes, so workers can poll slowly. */
  get pushesWakeups(): boolean {
    return typeof this.store.subscribeWake === 'function';
  }

  /**
   * Files on this machine that hold the store's data: a SQLite database with its WAL,
   * shared-memory and rollback journal; none for a store on a server or in memory. Jails hide
   * them (worker/runners/exec/placement.ts): a jailed task may see their folder, never them.
   */
  get storeFiles(): string[] {
    const file = (this.store as { file?: unknown }).file;
    if (typeof file !== 'string' || file === '' || file === ':memory:') return [];
    const db = path.resolve(file);
    return [db, `${db}-wal`, `${db}-shm`, `${db}-journal`];
  }

  /** Claims one worker may keep in flight at once (the store's claimDepth; default 1). */
  get claimDepth(): number {
    return Math.max(1, this.store.claimDepth ?? 1);
  }

  get writeStats() {
    return this.wq.stats;
  }

  // ---- producing ----

  async enqueue(name: string, payload?: unknown, options: EnqueueOptions = {}): Promise<Task> {
    const r = await this.enqueueOne({ ...options, name, payload });
    return r.task;
  }

  /**
   * Like enqueue, and says whether the task was created or an existing one returned (same key or
   * dedupKey), and `collapsed` when the enqueue joined a task by its debounce or throttle key.
   */
  async enqueueOne(spec: EnqueueSpec): Promise<{ task: Task; created: boolean; collapsed?: boolean }> {
    const task = resolveSpec(spec, this.clock.now());
    const r = await this.wq.push('taskInsert', { task });
    if (r.created && r.task.state === 'pending') this.signals.emit('wake', r.task.queue);
    return r;
  }

  /**
   * Enqueues all or none, in one transaction. A spec's `after` names earlier specs of the same
   * call by index: it depends on them (a chain or a DAG submitted at once).
   */
  async enqueueMany(specs: BatchSpec[]): Promise<Task[]> {
    return (await this.enqueueManyResults(specs)).map((r) => r.task);
  }

  /** Like enqueueMany, and says for each whether it was created or an existing one (same key or dedupKey) returned. */
  async enqueueManyResults(specs: BatchSpec[]): Promise<Array<{ task: Task; created: boolean; collapsed?: boolean }>> {
    const ops = batchInserts(specs, this.clock.now());
    if (ops.length === 0) return [];
    // Rides the group commit, but as one unit: all of these commit in the same transaction or none
    // (the write queue shifts `after` indexes past other callers' inserts).
    const inserted = await this.wq.pushAtomic('taskInsert', ops);
    this.wakeFor(inserted);
    return inserted;
  }

  /**
   * Enqueues a graph all or none, in one transaction. `after` names dependencies among earlier
   * nodes of the same call by index (their ids do not exist yet); `spec.dependsOn` may still
   * name existing tasks. (A workflow run and its graph: `runs.submit`.)
   */
  async enqueueGraph(nodes: GraphNode[]): Promise<Task[]> {
    const ops = graphInserts(nodes, this.clock.now());
    if (ops.length === 0) return [];
    // Rides the group commit as one unit; the write queue shifts `dependsOnIndex` past other callers' inserts.
    const inserted = await this.wq.pushAtomic('taskInsert', ops);
    this.wakeFor(inserted);
    return inserted.map((ins) => ins.task);
  }

  private wakeFor(inserted: TaskInsertResult[]): void {
    for (const q of claimableQueues(inserted)) this.signals.emit('wake', q);
  }

  // ---- working (used by in-process and remote workers) ----

  async claim(p: ClaimParams): Promise<ClaimedTask[]> {
    if (p.limit <= 0) return [];
    p.queues.forEach((q, i) => validateName(q, `queues[${i}]`));
    const askedAt = this.clock.now();
    const claimed = await this.wq.push('taskClaim', p);
    if (claimed.length < p.limit) this.flow.claimedShort(askedAt);
    return claimed;
  }

  async heartbeat(p: { id: TaskId; leaseToken: number; leaseMs: number; progress?: Json }): Promise<Task> {
    return this.expectOk(await this.wq.push('taskHeartbeat', p), p);
  }

  async complete(p: { id: TaskId; leaseToken: number; result?: Json }): Promise<TaskOutcome> {
    const r = this.expectOk(await this.wq.push('taskComplete', { id: p.id, leaseToken: p.leaseToken, result: p.result ?? null }), p);
    // A finished task may unblock dependents or a waiting parent, in any queue.
    if (r.state === 'succeeded' && this.signals.listenerCount('wake') > 0) this.signals.emit('wake', '*');
    return r;
  }

  /** Records a failed attempt; retries with backoff while attempts remain (the policy is in retry-policy.ts). */
  async fail(p: { task: Pick<ClaimedTask, 'id' | 'leaseToken' | 'attempt' | 'maxAttempts' | 'backoff'>; error: unknown }): Promise<Task> {
    const d = decideFailure(p.task, p.error, this.clock.now(), this.random);
    const r = await this.wq.push('taskFail', { id: p.task.id, leaseToken: p.task.leaseToken, error: d.error, retryAt: d.retryAt, reason: d.reason });
    return this.expectOk(r, p.task);
  }

  /** Finishes a claimed task as skipped (a run condition said no): no retry, the reason is kept. */
  async skip(p: { id: TaskId; leaseToken: number; reason: string }): Promise<Task> {
    if (typeof p.reason !== 'string' || p.reason.trim() === '') throw new ValidationError('reason', 'a skip needs a reason');
    const r = this.expectOk(await this.wq.push('taskSkip', { id: p.id, leaseToken: p.leaseToken, reason: p.reason }), p);
    // Dependents with trigger rule all_done may now run.
    if (this.signals.listenerCount('wake') > 0) this.signals.emit('wake', '*');
    return r;
  }

  /**
   * The lease holder sets how many attempts the task gets in all, this one included: what runs a
   * task may know better than what enqueued it (a unit's `Restart=`). Throws LeaseLostError when
   * the lease is gone.
   */
  async setMaxAttempts(p: { id: TaskId; leaseToken: number; maxAttempts: number }): Promise<void> {
    const { maxAttempts } = p;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > LIMITS.maxAttemptsMax) {
      throw new ValidationError('maxAttempts', `must be an integer between 1 and ${LIMITS.maxAttemptsMax}, got ${JSON.stringify(maxAttempts)}`);
    }
    if (await this.store.taskSetMaxAttempts({ id: checkId(p.id), leaseToken: p.leaseToken, maxAttempts, now: this.clock.now() })) return;
    const now = await this.find(p.id);
    if (!now) throw new NotFoundError('task', p.id);
    throw new LeaseLostError(p.id, p.leaseToken, now.state);
  }

  /** Gives a claimed task back without using up an attempt. */
  async unclaim(p: { id: TaskId; leaseToken: number }): Promise<Task> {
    const r = this.expectOk(await this.wq.push('taskUnclaim', p), p);
    this.signals.emit('wake', r.queue);
    return r;
  }

  // ---- operating ----

  async cancel(id: TaskId, reason = 'cancelled by request'): Promise<Task> {
    const r = await this.wq.push('taskCancel', { id: checkId(id), reason });
    if (!r.ok) {
      if (r.reason === 'not_found') throw new NotFoundError('task', id);
      throw new ConflictError(`task ${id} is already ${r.state}; only unfinished tasks can be cancelled`, { id, state: r.state });
    }
    this.signals.emit('cancelled', id);
    this.signals.emit('wake', '*');
    return r.task;
  }

  /** Runs a failed, cancelled or skipped task again, with a fresh set of attempts. */
  async retry(id: TaskId): Promise<Task> {
    const r = await this.wq.push('taskRetry', { id: checkId(id) });
    if (!r.ok) {
      if (r.reason === 'not_found') throw new NotFoundError('task', id);
      throw new ConflictError(`task ${id} is ${r.state}; only failed, cancelled or skipped tasks can be retried (and not while a live task holds its key)`, { id, state: r.state });
    }
    this.signals.emit('wake', r.task.queue);
    return r.task;
  }

  /** Makes tasks whose lease ran out claimable again (or fails them if out of attempts). */
  async expireLeases(limit = 1000): Promise<Task[]> {
    const tasks = await this.wq.push('taskExpireLeases', { limit });
    if (tasks.length > 0) this.signals.emit('wake', '*');
    return tasks;
  }

  async purgeFinished(olderThanMs: number, limit = 10_000): Promise<{ tasks: number; events: number }> {
    const now = this.clock.now();
    return this.store.retentionPurge({ finishedBefore: now - olderThanMs, limit, now });
  }

  /** The store's daily work on history (Store.historyDayTurn), if it has any. */
  async historyDayTurn(): Promise<{ countsFolded: number }> {
    return (await this.store.historyDayTurn?.({ now: this.clock.now() })) ?? { countsFolded: 0 };
  }

  // ---- reading ----

  async get(id: TaskId): Promise<Task> {
    const t = await this.find(id);
    if (!t) throw new NotFoundError('task', id);
    return t;
  }

  /** The task, or null if there is none (never was, or purged by retention). */
  async find(id: TaskId): Promise<Task | null> {
    return this.store.taskGet({ id: checkId(id) });
  }

  /** Newest first. */
  async list(p: Partial<TaskListParams> = {}): Promise<Task[]> {
    return this.store.taskList({ ...p, limit: Math.min(Math.max(p.limit ?? 100, 1), LIST_MAX) });
  }

  /** Dependency edges among and into the given tasks (for drawing graphs, reading upstream results). */
  async deps(taskIds: TaskId[]): Promise<Array<{ taskId: TaskId; depId: TaskId }>> {
    return this.store.taskDepsList({ taskIds: taskIds.map(checkId) });
  }

  /** Events of the tasks, oldest first: at most `limit`, after the event `afterId` (to page). */
  async events(taskIds: TaskId[], limit = 10_000, afterId?: string): Promise<TaskEvent[]> {
    const ids = taskIds.map(checkId);
    if (afterId !== undefined || ids.length === 0) return this.store.eventList({ taskIds: ids, limit, ...(afterId !== undefined ? { afterId } : {}) });
    // The tasks first: their creation bounds the days of events to read (eventsSince).
    const tasks = await this.store.taskGetMany({ ids });
    const since = eventsSince(tasks, new Set(ids).size);
    const stored = await this.store.eventList({ taskIds: ids, limit, ...(since !== undefined ? { since } : {}) });
    // Under history compact/none some routine events live in the task's row, not as events
    // (model/history.ts): the story adds them back. Only when the whole story, added events
    // included, is this one page: a caller paging on (a page shorter than `limit` is the last)
    // must never see an event twice. A longer story shows its stored events.
    if (stored.length >= limit) return stored;
    const story = auditStory(tasks, stored);
    return story.length < limit ? story : stored;
  }

  /** Every event of every task after the feed position `after`, in feed order: what followers of the store (metrics, outboxes, rules) read (model/feed.ts). */
  eventFeed(p: { after?: FeedPosition; limit: number }): Promise<FeedEvent[]> {
    return this.store.eventFeed(p);
  }

  /** The feed position of the last event: where a follower that skips history starts. */
  eventFeedEnd(): Promise<FeedPosition> {
    return this.store.eventFeedEnd();
  }

  async countLive(queues?: string[]): Promise<Partial<Record<TaskState, number>>> {
    return this.store.taskCountLive({ queues });
  }

  /** Earliest run-at among claimable tasks in the queues (a delayed or retrying task), or null. */
  nextRunAt(queues: string[]): Promise<number | null> {
    return this.store.taskNextRunAt({ queues });
  }

  /** The store answers (a read of its schema version) and which driver it is. */
  async health(): Promise<{ driver: Store['driver']; schemaVersion: number }> {
    return { driver: this.store.driver, schemaVersion: await this.store.schemaVersion() };
  }

  /**
   * This process's clock against the database's (null when the store has no clock of its own:
   * SQLite). Hosts write and judge leases and run-at times by their own clocks.
   */
  async clockSkew(): Promise<ClockSkew | null> {
    const t0 = this.clock.now();
    const db = await this.store.databaseTime();
    const t1 = this.clock.now();
    return db === null ? null : { skewMs: (t0 + t1) / 2 - db, uncertaintyMs: (t1 - t0) / 2 };
  }

  /** Resolves when every write queued so far is committed. */
  async flush(): Promise<void> {
    await this.wq.drain();
  }

  private expectOk<T>(r: { ok: true; task: T } | { ok: false; reason: string; state: TaskState | null }, ref: { id: TaskId; leaseToken: number }): T {
    if (r.ok) return r.task;
    if (r.reason === 'not_found') throw new NotFoundError('task', ref.id);
    throw new LeaseLostError(ref.id, ref.leaseToken, r.state);
  }
}
