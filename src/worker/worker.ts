/**
 * The worker loop. Claims a little ahead of free slots (prefetch) so a slot never waits on the
 * database between tasks; heartbeats every held task in one batched write per interval; aborts a
 * handler whose task timed out, was cancelled or whose lease was lost; on stop, stops claiming,
 * lets in-flight work finish within a grace period, then gives the rest back.
 */
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Engine, TaskOutcome } from '../engine/engine.js';
import { BatchOutcomeMissingError, isStoreUnavailable, LeaseLostError, NoHandlerError, NotFoundError, SkipTask, TaskCancelledError, TaskframeError, TaskTimeoutError, ValidationError } from '../model/errors.js';
import { ManualClock, reportClockSkew } from '../model/clock.js';
import type { TaskState } from '../model/state.js';
import type { ClaimedTask, Json, Task, TaskId } from '../model/task.js';
import { validateName, type BatchSpec, type EnqueueOptions } from '../model/spec.js';
import { createLogger, type Logger } from '../logger.js';
import { StoreOutage } from './store-outage.js';
import { HandlerContext, type ContextHost } from './handler-context.js';
import { type BatchContext, type BatchHandler, type BatchHandlerSpec, type BatchOptions, isBatchSpec, outcomesOf, resolveBatch, type ResolvedBatch } from './batch.js';

export interface TaskContext {
  task: ClaimedTask;
  attempt: number;
  /** Fires when the task times out, is cancelled, loses its lease or the worker shuts down. */
  signal: AbortSignal;
  /** Extends the lease now (the worker also does this on its own). */
  heartbeat(): Promise<void>;
  /** Records progress (any JSON) and extends the lease. */
  progress(value: Json): Promise<void>;
  /**
   * Creates a subtask of this task. When the handler returns, the task waits (holding no worker
   * slot) until every subtask has finished; a subtask that fails for good fails it.
   */
  spawn(name: string, payload?: unknown, options?: EnqueueOptions): Promise<Task>;
  /**
   * Creates several subtasks at once, all or none (as `enqueueMany`): `after` on a spec names
   * earlier specs of the call by index, so a chain or a DAG of subtasks goes in one call.
   */
  spawnMany(specs: BatchSpec[]): Promise<Task[]>;
  log: Logger;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a payload is the caller's own JSON; any lets a handler destructure it without a cast
export type Handler = (payload: any, ctx: TaskContext) => unknown | Promise<unknown>;
/** A task name's handler: a function for one task at a time, or a batch handler (worker/batch.ts). */
export type HandlerMap = Record<string, Handler | BatchHandlerSpec>;

export interface WorkerOptions {
  handlers: HandlerMap;
  queues?: string[];
  /** Handlers running at once. */
  concurrency?: number;
  /** Tasks claimed ahead of free slots (default: equal to concurrency). */
  prefetch?: number;
  /** Lease length; heartbeats renew it every third of it. */
  leaseMs?: number;
  /**
   * Idle poll interval: the fallback when no wake-up signal arrives (other processes). Default
   * 200 ms, or 5 s when the store pushes wake-ups across processes (PostgreSQL), where the
   * idle worker also sleeps exactly until the next delayed task is due.
   */
  pollIntervalMs?: number;
  /** On stop, how long in-flight handlers may take before they are aborted and given back. */
  shutdownGraceMs?: number;
  /**
   * How often the worker asks the store whether a task it has held since the previous time was
   * cancelled by another process (`taskframe cancel`, `runs RUN --cancel`, the API), so its
   * handler is aborted (and its process killed) within twice this time, not at the next
   * heartbeat. Default 500 ms; 0: only at heartbeats. A cancel in this process is seen at once.
   */
  cancelCheckMs?: number;
  /** Resolve `drained` once nothing runnable is left in the worker's queues. */
  drain?: boolean;
  workerId?: string;
  logger?: Logger;
}

type Outcome = 'succeeded' | 'failed' | 'retrying' | 'skipped';

/**
 * A handler's result, by kind: what the worker calls it once recorded (from the task it left, as
 * the store answered or as read back after a lost answer), and the states it leaves its task in,
 * to recognise it after a lost answer (recordedEarlier).
 */
interface ResultKind {
  outcome(t: Task | TaskOutcome): Outcome;
  leaves: readonly TaskState[];
}
const RESULT = {
  completed: { outcome: () => 'succeeded', leaves: ['succeeded', 'waiting'] },
  skipped: { outcome: () => 'skipped', leaves: ['skipped'] },
  failed: { outcome: (t) => (t.state === 'failed' ? 'failed' : 'retrying'), leaves: ['failed', 'retrying', 'scheduled', 'pending'] },
} as const satisfies Record<string, ResultKind>;

export interface WorkerEvents {
  'task:start': [task: ClaimedTask];
  'task:end': [task: ClaimedTask, outcome: 'succeeded' | 'failed' | 'retrying' | 'skipped' | 'lost' | 'given_back', detail?: Task | TaskOutcome | Error];
  idle: [];
  /** Concurrency, prefetch or queues changed while running (reconfigure). */
  reconfigured: [settings: { concurrency: number; prefetch: number; queues: string[] }];
  error: [err: Error];
}

/**
 * A task being run. Its abort signal is made only when the handler asks for it: most handlers
 * never do, and an AbortController per task is a measurable share of a no-op task's cost.
 */
class InFlight {
  timer: NodeJS.Timeout | null = null;
  /** The batch this task runs in (one slot for all of them), if its handler takes batches. */
  batch: BatchRun | null = null;
  /** Seen by a cancel check already: held for at least one interval, so worth asking about. */
  heldAcrossCheck = false;
  settled = false;
  /** When the lease ends, as last renewed (store time). */
  leaseUntil: number;
  private controller: AbortController | null = null;
  private reason: unknown = undefined;
  private aborted = false;

  constructor(readonly task: ClaimedTask) {
    this.leaseUntil = task.leaseExpiresAt;
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.controller?.abort(reason);
  }
}

/** One call of a batch handler: holds one slot until the handler returns or all its tasks ended. */
class BatchRun {
  open: number;
  released = false;
  readonly controller = new AbortController();
  constructor(readonly flights: InFlight[]) {
    this.open = flights.length;
  }
}

/** Tasks of one batch name claimed and waiting to be handed over together. */
interface Collector {
  tasks: ClaimedTask[];
  timer: NodeJS.Timeout | null;
  /** Its wait is over (or there is none): hand over what is there as soon as a slot is free. */
  due: boolean;
}

export function defaultWorkerId(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

export class Worker extends EventEmitter<WorkerEvents> {
  readonly id: string;
  private queueList: string[];
  private slots: number;
  private prefetch: number;
  /** Prefetch follows concurrency unless it was given. */
  private prefetchGiven: boolean;
  private readonly leaseMs: number;
  private readonly pollIntervalMs: number;
  private readonly graceMs: number;
  private readonly cancelCheckMs: number;
  private readonly handlers: HandlerMap;
  private readonly log: Logger;
  /** What every handler's context shares (handler-context.ts). */
  private readonly contextHost: ContextHost;
  private readonly drainMode: boolean;

  private readonly running = new Map<TaskId, InFlight>();
  /** Of `running`, the tasks inside batches, and the batches: slots used = singles + batches. */
  private inBatches = 0;
  private batchesRunning = 0;
  private readonly batchSpecs = new Map<string, ResolvedBatch>();
  private readonly collectors = new Map<string, Collector>();
  private buffer: ClaimedTask[] = [];
  /** Claims in flight, and the tasks they may bring (counted against the room for more). */
  private claimsOut = 0;
  private claimedAhead = 0;
  /** The last claim answered brought as many tasks as it asked for: a backlog is likely. */
  private claimsFull = false;
  private started = false;
  private stopping = false;
  private wakeRequested = false;
  private idleTimer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private cancelTimer: NodeJS.Timeout | null = null;
  private checkingCancels = false;
  private drainCheck: Promise<void> | null = null;
  /** Claims wait until then after a failure (backoff), whatever wakes the worker. */
  private claimPausedUntil = 0;
  private claimFailures = 0;
  private readonly outage: StoreOutage;
  /**
   * A claim unanswered this long is reported (once): a lease, at most 10 s. Only claims are
   * watched (a timer per result would cost every task); a result that hangs holds up the next
   * claim in the same write queue, which then reports it.
   */
  private readonly stallMs: number;
  /** Results waiting to be recorded again after the store failed them, and the round that will. */
  private resultRetries: Array<() => Promise<void>> = [];
  private resultRetryTimer: NodeJS.Timeout | null = null;
  /** Rounds of result retries in a row that met a failure (sets the next round's pause). */
  private resultFailedRounds = 0;
  /** Results being recorded right now. */
  private readonly delivering = new Set<Promise<void>>();
  private resolveDrained!: () => void;
  /** Resolves when drain mode finds nothing left to run. */
  readonly drained: Promise<void>;
  private readonly onWake = (queue: string) => {
    if (queue === '*' || this.queues.includes(queue)) this.wake();
  };
  private readonly onCancelled = (id: TaskId) => {
    this.running.get(id)?.abort(new TaskCancelledError(id));
  };

  constructor(
    private readonly engine: Engine,
    options: WorkerOptions,
  ) {
    super();
    if (!options.handlers || typeof options.handlers !== 'object') throw new ValidationError('handlers', 'must map task names to functions');
    for (const [name, fn] of Object.entries(options.handlers)) {
      if (isBatchSpec(fn)) this.batchSpecs.set(name, resolveBatch(fn, `handlers.${name}`));
      else if (typeof fn !== 'function') throw new ValidationError(`handlers.${name}`, 'must be a function, or a batch handler { batch: { size, wait }, handler }');
    }
    this.handlers = options.handlers;
    this.queueList = (options.queues ?? ['default']).map((q, i) => validateName(q, `queues[${i}]`));
    this.slots = positiveInt(options.concurrency ?? 10, 'concurrency');
    this.prefetchGiven = options.prefetch !== undefined;
    this.prefetch = options.prefetch ?? this.slots;
    this.leaseMs = positiveInt(options.leaseMs ?? 30_000, 'leaseMs');
    this.pollIntervalMs = positiveInt(options.pollIntervalMs ?? (engine.pushesWakeups ? 5000 : 200), 'pollIntervalMs');
    this.graceMs = options.shutdownGraceMs ?? 10_000;
    this.cancelCheckMs = options.cancelCheckMs ?? 500;
    if (!Number.isInteger(this.cancelCheckMs) || this.cancelCheckMs < 0) throw new ValidationError('cancelCheckMs', `must be a whole number of milliseconds (0: off), got ${options.cancelCheckMs}`);
    this.drainMode = options.drain ?? false;
    this.id = options.workerId ?? defaultWorkerId();
    this.log = (options.logger ?? createLogger()).child({ workerId: this.id });
    this.contextHost = { engine: this.engine, leaseMs: this.leaseMs, log: this.log };
    this.outage = new StoreOutage(this.log);
    this.stallMs = Math.min(this.leaseMs, 10_000);
    this.drained = new Promise((r) => (this.resolveDrained = r));
  }

  /** Tasks held by handlers right now (every task of a running batch counts). */
  get inFlight(): number {
    return this.running.size;
  }

  /**
   * Whether a handler holds this task right now: from its start until the handler returns. Its
   * slot is free from then on, while its result is still being recorded (`task:end` follows that).
   */
  holds(id: TaskId): boolean {
    return this.running.has(id);
  }

  /** Slots in use: a batch takes one, whatever its number of tasks. */
  private get slotsUsed(): number {
    return this.running.size - this.inBatches + this.batchesRunning;
  }

  /**
   * Adds (or replaces) the handler of a task name, before or after start:
   * `register('send-email', async (payload, ctx) => …)` or, for batches,
   * `register('send-email', { batch: { size: 100, wait: '200ms' } }, async (tasks, ctx) => …)`.
   */
  register(name: string, handler: Handler): this;
  register(name: string, options: { batch: BatchOptions }, handler: BatchHandler): this;
  register(name: string, a: Handler | { batch: BatchOptions }, b?: BatchHandler): this {
    validateName(name, 'name');
    if (typeof a === 'function') {
      this.batchSpecs.delete(name);
      this.handlers[name] = a;
      // Tasks collected for the old batch handler run one by one now.
      const c = this.collectors.get(name);
      if (c) {
        if (c.timer) clearTimeout(c.timer);
        this.collectors.delete(name);
        this.buffer.unshift(...c.tasks);
      }
    } else {
      const spec: BatchHandlerSpec = { batch: a?.batch, handler: b as BatchHandler };
      this.batchSpecs.set(name, resolveBatch(spec, `handlers.${name}`));
      this.handlers[name] = spec;
    }
    if (this.started && !this.stopping) {
      this.startFromBuffer();
      this.wake();
    }
    return this;
  }

  /** Queues served. */
  get queues(): string[] {
    return this.queueList;
  }

  /** Handlers running at once. */
  get concurrency(): number {
    return this.slots;
  }

  /**
   * Changes concurrency, prefetch or queues while running (a config reload). More slots are
   * filled at once; with fewer, running handlers finish and no new one starts until there is room.
   * Tasks already claimed from a queue no longer served still run.
   */
  reconfigure(o: { concurrency?: number; prefetch?: number; queues?: string[] }): void {
    const slots = o.concurrency === undefined ? this.slots : positiveInt(o.concurrency, 'concurrency');
    const queues = o.queues === undefined ? this.queueList : o.queues.map((q, i) => validateName(q, `queues[${i}]`));
    if (queues.length === 0) throw new ValidationError('queues', 'must name at least one queue');
    if (o.prefetch !== undefined && (!Number.isInteger(o.prefetch) || o.prefetch < 0)) throw new ValidationError('prefetch', `must be a non-negative integer, got ${o.prefetch}`);
    this.slots = slots;
    this.queueList = queues;
    if (o.prefetch !== undefined) (this.prefetch = o.prefetch), (this.prefetchGiven = true);
    else if (!this.prefetchGiven) this.prefetch = slots;
    this.emit('reconfigured', { concurrency: this.slots, prefetch: this.prefetch, queues: [...this.queueList] });
    if (this.started && !this.stopping) {
      this.startFromBuffer();
      this.wake();
    }
  }

  start(): this {
    if (this.started) return this;
    this.started = true;
    this.engine.signals.on('wake', this.onWake);
    this.engine.signals.on('cancelled', this.onCancelled);
    this.heartbeatTimer = setInterval(() => void this.heartbeatAll(), Math.max(50, Math.floor(this.leaseMs / 3)));
    this.heartbeatTimer.unref();
    if (this.cancelCheckMs > 0) {
      this.cancelTimer = setInterval(() => void this.checkCancelled(), this.cancelCheckMs);
      this.cancelTimer.unref();
    }
    this.fill();
    // A hand-moved clock (tests) is not the host's: nothing to compare.
    if (!(this.engine.clock instanceof ManualClock)) void reportClockSkew(() => this.engine.clockSkew(), this.leaseMs, (f, m) => this.log.warn(f, m));
    return this;
  }

  /** Stops claiming, waits up to the grace period for in-flight handlers, then gives the rest back. */
  async stop(graceMs = this.graceMs): Promise<void> {
    if (!this.started || this.stopping) return;
    this.stopping = true;
    this.engine.signals.off('wake', this.onWake);
    this.engine.signals.off('cancelled', this.onCancelled);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const buffered = [...this.buffer, ...this.takeCollected()];
    this.buffer = [];
    await Promise.all(buffered.map((t) => this.engine.unclaim(t).catch(() => undefined)));
    const deadline = Date.now() + graceMs;
    while (this.running.size > 0 && Date.now() < deadline) await sleep(Math.min(25, Math.max(1, deadline - Date.now())));
    const left = [...this.running.values()];
    for (const f of left) {
      f.settled = true;
      if (f.timer) clearTimeout(f.timer);
      f.abort(new Error('worker shutting down'));
      f.batch?.controller.abort(new Error('worker shutting down'));
      this.dropRunning(f);
    }
    await Promise.all(
      left.map(async (f) => {
        await this.engine.unclaim(f.task).catch(() => undefined);
        this.emit('task:end', f.task, 'given_back');
      }),
    );
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    if (this.cancelTimer) clearInterval(this.cancelTimer);
    // Results still waiting out a store failure get one last attempt now (a worker stopped
    // during an outage loses them: their tasks run again after their leases).
    if (this.resultRetryTimer) clearTimeout(this.resultRetryTimer);
    this.resultRetryTimer = null;
    await Promise.all([...this.resultRetries.splice(0).map((retry) => retry()), ...this.delivering]);
    // Let claims already in the write queue land, then give back anything they returned.
    while (this.claimsOut > 0) await sleep(1);
    const late = this.buffer;
    this.buffer = [];
    await Promise.all(late.map((t) => this.engine.unclaim(t).catch(() => undefined)));
    await this.engine.flush();
  }

  /** Something may be claimable: claim now if there is room. */
  wake(): void {
    if (this.stopping) return;
    if (this.claimsOut >= (this.claimsFull ? this.engine.claimDepth : 1)) {
      this.wakeRequested = true;
      return;
    }
    this.fill();
  }

  /**
   * Claims while there is room. A store that takes several batches in flight (claimDepth > 1)
   * gets that many claims at once, each for its share of the room: one worker then keeps a
   * statement running on the database while it handles the answer of another.
   */
  private fill(): void {
    // A second claim only behind a full one: an idle worker's poll stays one statement.
    const depth = this.claimsFull ? this.engine.claimDepth : 1;
    while (!this.stopping && this.claimsOut < depth) {
      if (!this.claimOnce(depth)) return;
    }
  }

  /** Sends one claim; false when there is no room (or claims are backing off). */
  private claimOnce(depth: number): boolean {
    // A batch holds one slot whatever its size, so the room for what batches still take comes on
    // top of the slots. The claim is not filtered by name (the claim SQL stays one statement), so
    // a worker with batch handlers may hold as many other tasks waiting in its buffer.
    let collecting = 0;
    if (this.slotsUsed < this.concurrency) {
      for (const [name, spec] of this.batchSpecs) collecting += Math.max(0, spec.size - (this.collectors.get(name)?.tasks.length ?? 0));
    }
    const room = this.concurrency + this.prefetch - this.slotsUsed - this.buffer.length + collecting - this.claimedAhead;
    if (room <= 0) return false;
    const pause = this.claimPausedUntil - Date.now();
    if (pause > 0) {
      // Backing off after a failed claim: a wake-up or a finished task must not cut it short.
      this.retryClaimIn(pause);
      return false;
    }
    // With several claims in flight each asks for its share, so their answers arrive spread out.
    const limit = depth > 1 ? Math.min(room, Math.ceil((this.concurrency + this.prefetch + collecting) / depth)) : room;
    if (this.idleTimer) {
      clearTimeout(this.idleTimer);
      this.idleTimer = null;
    }
    this.claimsOut++;
    this.claimedAhead += limit;
    this.wakeRequested = false;
    this.outage
      .watch('claim', this.engine.claim({ queues: this.queues, workerId: this.id, limit, leaseMs: this.leaseMs }), this.stallMs)
      .then(
        (tasks) => {
          this.claimsOut--;
          this.claimedAhead -= limit;
          this.claimsFull = tasks.length === limit;
          this.claimPausedUntil = 0;
          this.claimFailures = 0;
          this.outage.recovered();
          if (this.stopping) {
            this.buffer.push(...tasks);
            return;
          }
          this.buffer.push(...tasks);
          this.startFromBuffer();
          if (tasks.length === limit || this.wakeRequested) this.fill();
          // Idle only once no other claim is out (its answer decides).
          else if (tasks.length === 0 && this.claimsOut === 0) this.becomeIdle();
        },
        (err: unknown) => {
          this.claimsOut--;
          this.claimedAhead -= limit;
          this.claimsFull = false;
          const pause = this.outage.failed('claim', err, ++this.claimFailures);
          this.claimPausedUntil = Date.now() + pause;
          this.emitError(err);
          this.retryClaimIn(pause);
        },
      );
    return true;
  }

  private retryClaimIn(ms: number): void {
    if (this.stopping) return;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      this.fill();
    }, ms);
  }

  private becomeIdle(): void {
    if (this.stopping || this.idleTimer) return;
    if (this.running.size === 0 && this.buffer.length === 0 && this.collectors.size === 0) {
      this.log.debug('idle: waiting for a wake-up or the next poll');
      this.emit('idle');
      if (this.drainMode && !this.drainCheck) {
        this.drainCheck = this.checkDrained().finally(() => (this.drainCheck = null));
      }
    }
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      this.fill();
    }, this.pollIntervalMs);
    if (this.engine.pushesWakeups) void this.sleepUntilNextRunAt(this.idleTimer);
  }

  /** With pushed wake-ups the poll is slow; a delayed or retrying task due sooner shortens it. */
  private async sleepUntilNextRunAt(timer: NodeJS.Timeout): Promise<void> {
    const next = await this.engine.nextRunAt(this.queues).catch(() => null);
    if (next === null || this.idleTimer !== timer || this.stopping) return;
    const ms = next - this.engine.clock.now();
    // Due already yet not claimed (paused queue, taken by others): keep the slow poll.
    if (ms <= 0 || ms >= this.pollIntervalMs) return;
    clearTimeout(timer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      this.fill();
    }, ms + 1);
  }

  private async checkDrained(): Promise<void> {
    const counts = await this.engine.countLive(this.queues);
    // Scheduled tasks (delayed into the future) do not hold a drain open; retries do.
    const busy = (['pending', 'running', 'retrying', 'blocked', 'waiting'] as const).some((s) => (counts[s] ?? 0) > 0);
    if (!busy && this.running.size === 0 && this.buffer.length === 0 && this.collectors.size === 0) this.resolveDrained();
  }

  private startFromBuffer(): void {
    if (this.stopping) return;
    if (this.batchSpecs.size > 0) this.collect();
    while (this.slotsUsed < this.concurrency && this.buffer.length > 0 && !this.stopping) {
      this.run(this.buffer.shift()!);
    }
  }

  /**
   * Moves buffered tasks of batch names into their collectors (no slot needed to wait there) and
   * hands over the full or due ones while slots are free.
   */
  private collect(): void {
    for (;;) {
      const rest: ClaimedTask[] = [];
      for (const t of this.buffer) {
        const spec = this.batchSpecs.get(t.name);
        if (!spec) {
          rest.push(t);
          continue;
        }
        let c = this.collectors.get(t.name);
        if (!c) {
          c = { tasks: [], timer: null, due: spec.waitMs === 0 };
          this.collectors.set(t.name, c);
          if (!c.due) {
            const opened = c;
            opened.timer = setTimeout(() => {
              opened.timer = null;
              opened.due = true;
              this.startFromBuffer();
              this.fill();
            }, spec.waitMs);
          }
        }
        if (c.tasks.length < spec.size) c.tasks.push(t);
        else rest.push(t);
      }
      this.buffer = rest;
      let started = false;
      for (const [name, c] of this.collectors) {
        if (this.slotsUsed >= this.concurrency) return;
        const spec = this.batchSpecs.get(name)!;
        if (!c.due && c.tasks.length < spec.size && c.tasks.length > 0) continue;
        if (c.timer) clearTimeout(c.timer);
        this.collectors.delete(name);
        // Empty when every collected task lost its lease: nothing to hand over.
        if (c.tasks.length === 0) continue;
        this.runBatch(name, spec, c.tasks);
        started = true;
      }
      // A full collector handed over makes room for buffered tasks of its name.
      if (!started || !this.buffer.some((t) => this.batchSpecs.has(t.name))) return;
    }
  }

  /** Every collected task, out of its collector (on stop: they are given back). */
  private takeCollected(): ClaimedTask[] {
    const out: ClaimedTask[] = [];
    for (const c of this.collectors.values()) {
      if (c.timer) clearTimeout(c.timer);
      out.push(...c.tasks);
    }
    this.collectors.clear();
    return out;
  }

  private runBatch(name: string, spec: ResolvedBatch, tasks: ClaimedTask[]): void {
    const flights = tasks.map((task) => new InFlight(task));
    const run = new BatchRun(flights);
    this.batchesRunning++;
    const byId = new Map<TaskId, InFlight>();
    for (const f of flights) {
      f.batch = run;
      byId.set(f.task.id, f);
      this.running.set(f.task.id, f);
      this.inBatches++;
      this.armTimeout(f);
      this.emit('task:start', f.task);
    }
    const flight = (t: ClaimedTask | TaskId): InFlight => {
      const id = typeof t === 'string' ? t : t?.id;
      const f = id === undefined ? undefined : byId.get(id);
      if (!f) throw new ValidationError('task', `task ${String(id)} is not in this batch`);
      return f;
    };
    const worker = this;
    let log: Logger | null = null;
    const ctx: BatchContext = {
      tasks,
      signal: run.controller.signal,
      signalFor: (t) => flight(t).signal,
      succeed: (t, result) => this.settle(flight(t), undefined, result),
      fail: (t, error) => this.settle(flight(t), error ?? new Error('failed by the batch handler')),
      heartbeat: async () => {
        await Promise.all(flights.filter((f) => !f.settled).map((f) => this.engine.heartbeat({ id: f.task.id, leaseToken: f.task.leaseToken, leaseMs: this.leaseMs })));
      },
      get log() {
        return (log ??= worker.log.child({ task: name, batch: tasks.length }));
      },
    };
    const finish = (err: unknown, out?: unknown) => {
      if (err !== undefined) {
        for (const f of flights) this.settle(f, err);
      } else {
        const outcomes = outcomesOf(tasks, out);
        flights.forEach((f, i) => {
          const o = outcomes[i];
          if (o === undefined) this.settle(f, new BatchOutcomeMissingError(f.task.id, name));
          else if (o.ok) this.settle(f, undefined, o.value);
          else this.settle(f, o.error);
        });
      }
      this.releaseBatch(run);
    };
    let out: unknown;
    try {
      out = spec.handler(tasks, ctx);
    } catch (err) {
      finish(err);
      return;
    }
    if (out instanceof Promise) out.then((v) => finish(undefined, v), (err: unknown) => finish(err));
    else finish(undefined, out);
  }

  /** Frees a batch's slot (once): its handler returned, or every one of its tasks ended. */
  private releaseBatch(run: BatchRun): void {
    if (run.released) return;
    run.released = true;
    this.batchesRunning--;
    run.controller.abort(new Error('batch ended'));
    this.startFromBuffer();
    this.fill();
  }

  /** A task leaves `running`; a batch whose last task this was gives its slot back. */
  private dropRunning(f: InFlight): void {
    if (!this.running.delete(f.task.id)) return;
    if (f.batch) {
      this.inBatches--;
      if (--f.batch.open === 0) this.releaseBatch(f.batch);
    }
  }

  /** The task's timeout: its attempt fails then, and frees its slot, even if the handler ignores its signal. */
  private armTimeout(f: InFlight): void {
    const { id, timeoutMs } = f.task;
    if (timeoutMs === null) return;
    f.timer = setTimeout(() => {
      const err = new TaskTimeoutError(id, timeoutMs);
      f.abort(err);
      this.settle(f, err);
    }, timeoutMs);
  }

  private run(task: ClaimedTask): void {
    const f = new InFlight(task);
    this.running.set(task.id, f);
    this.armTimeout(f);
    this.emit('task:start', task);
    const handler = this.handlers[task.name];
    if (typeof handler !== 'function') {
      this.settle(f, new NoHandlerError(task.name, Object.keys(this.handlers)));
      return;
    }
    const ctx = new HandlerContext(task, f, this.contextHost);
    let out: unknown;
    try {
      out = handler(task.payload, ctx);
    } catch (err) {
      this.settle(f, err);
      return;
    }
    if (out instanceof Promise) out.then((v) => this.settle(f, undefined, v), (err: unknown) => this.settle(f, err));
    else this.settle(f, undefined, out);
  }

  private settle(f: InFlight, err: unknown, value?: unknown): void {
    if (f.settled) return;
    f.settled = true;
    if (f.timer) clearTimeout(f.timer);
    this.dropRunning(f);
    const task = f.task;
    if (err === undefined) void this.deliver(f, () => this.engine.complete({ id: task.id, leaseToken: task.leaseToken, result: toJson(value) }), RESULT.completed, 1);
    else if (err instanceof SkipTask) void this.deliver(f, () => this.engine.skip({ id: task.id, leaseToken: task.leaseToken, reason: err.reason }), RESULT.skipped, 1);
    else void this.deliver(f, () => this.engine.fail({ task, error: err }), RESULT.failed, 1);
    this.startFromBuffer();
    this.fill();
  }

  /**
   * Records a task's result. When the store cannot take it, it is tried again with backoff:
   * while the store is unavailable, until it answers (a late result is refused with LEASE_LOST
   * if the task moved on, and changes nothing); after any other failure of the store, while the
   * lease lasts.
   */
  private deliver(f: InFlight, record: () => Promise<Task | TaskOutcome>, kind: ResultKind, attempt: number): Promise<void> {
    const task = f.task;
    // Each path takes it out of `delivering` itself (a finally() would be one more promise a task).
    const done: Promise<void> = record().then(
      (detail) => {
        this.delivering.delete(done);
        this.resultFailedRounds = 0;
        if (this.outage.failing) this.outage.recovered();
        this.emit('task:end', task, kind.outcome(detail), detail);
      },
      (e: unknown) => this.resultNotRecorded(f, record, kind, attempt, e).finally(() => this.delivering.delete(done)),
    );
    this.delivering.add(done);
    return done;
  }

  /** A result the store did not take (deliver): recognised as recorded, dropped, or tried again. */
  private async resultNotRecorded(f: InFlight, record: () => Promise<Task | TaskOutcome>, kind: ResultKind, attempt: number, e: unknown): Promise<void> {
    const task = f.task;
    if (e instanceof LeaseLostError) {
      // An earlier attempt may have been recorded although its answer was lost (the
      // connection broke after the commit): then the task holds this very result. Also on a
      // first delivery: the store itself sends a batch again on a new connection when the
      // one it went out on was ended (a backend terminated, the server restarting), and
      // that may be just after the commit.
      let recorded: Task | null;
      try {
        recorded = await this.recordedEarlier(task, kind.leaves);
      } catch (unavailable) {
        // The store could not be asked (often the same outage that ended the connection):
        // the result may well be recorded. Deliver again once the store answers, as any
        // result; the answer is then LEASE_LOST again, and the task is asked about again.
        if (!this.stopping) {
          this.outage.failed('result', unavailable);
          this.retryResult(() => this.deliver(f, record, kind, attempt + 1));
          return;
        }
        recorded = null;
      }
      if (recorded) {
        this.outage.recovered();
        this.emit('task:end', task, kind.outcome(recorded), recorded);
        return;
      }
      this.log.warn({ taskId: task.id, err: e.message, ...(attempt > 1 ? { attempts: attempt } : {}) }, 'result dropped: lease lost');
      this.emit('task:end', task, 'lost', e);
      return;
    }
    if (e instanceof NotFoundError && kind === RESULT.completed) {
      // history none: a task that succeeds leaves no row, so a completion finding none was
      // overtaken (another holder's success after this lease expired) or, on a retried
      // delivery whose answer was lost, was this very one: either way nothing is left to record.
      this.log.warn({ taskId: task.id, ...(attempt > 1 ? { attempts: attempt } : {}) }, 'result dropped: the task is gone (succeeded and deleted, history none)');
      this.emit('task:end', task, 'lost', e);
      return;
    }
    const retry = isStoreUnavailable(e) || (!(e instanceof TaskframeError) && this.engine.clock.now() < f.leaseUntil);
    if (!retry || this.stopping) {
      this.log.error({ err: e, taskId: task.id, attempts: attempt }, 'recording task outcome failed; the task runs again after its lease');
      if (attempt === 1) this.emitError(e);
      return;
    }
    if (attempt === 1) this.emitError(e);
    this.outage.failed('result', e);
    this.retryResult(() => this.deliver(f, record, kind, attempt + 1));
  }

  /**
   * Results that failed are tried again together, in rounds (so one write per round, not one
   * per result): 100 ms after the first failure, doubling to 2 s while rounds keep failing.
   */
  private retryResult(retry: () => Promise<void>): void {
    this.resultRetries.push(retry);
    if (this.resultRetryTimer) return;
    this.resultRetryTimer = setTimeout(() => {
      this.resultRetryTimer = null;
      for (const again of this.resultRetries.splice(0)) void again();
    }, this.outage.delay(++this.resultFailedRounds));
  }

  /**
   * After a result was refused with LEASE_LOST: whether the task ended under this very lease (same
   * worker, same fencing token) in a state only this worker's result could have put it in: that task.
   * Throws StoreUnavailableError when the store cannot be read.
   */
  private async recordedEarlier(task: ClaimedTask, leaves: readonly TaskState[]): Promise<Task | null> {
    let t: Task | null;
    try {
      t = await this.engine.get(task.id);
    } catch (err) {
      // An unavailable store cannot say: the caller asks again later. Anything else: not recorded.
      if (isStoreUnavailable(err)) throw err;
      t = null;
    }
    if (!t || t.workerId !== this.id || t.leaseToken !== task.leaseToken || !leaves.includes(t.state)) return null;
    return t;
  }

  /** 'error' is only emitted to listeners: an unobserved worker error is logged, never a crash. */
  private emitError(err: unknown): void {
    if (this.listenerCount('error') > 0) this.emit('error', err instanceof Error ? err : new Error(String(err)));
  }

  /**
   * Cancels made by other processes reach this worker only through the store. Only tasks already
   * running at the previous check are asked about, so short tasks cost nothing (not even a
   * timestamp), and a long one (a command running for minutes) one read by id per check; a
   * cancel is seen within two intervals.
   */
  private async checkCancelled(): Promise<void> {
    if (this.checkingCancels) return;
    const long: InFlight[] = [];
    for (const f of this.running.values()) {
      if (f.heldAcrossCheck) long.push(f);
      else f.heldAcrossCheck = true;
    }
    if (long.length === 0) return;
    this.checkingCancels = true;
    try {
      await Promise.all(
        long.map(async (f) => {
          const now = await this.engine.get(f.task.id).catch(() => null);
          if (now?.state === 'cancelled' && !f.settled) f.abort(new TaskCancelledError(f.task.id));
        }),
      );
    } finally {
      this.checkingCancels = false;
    }
  }

  private async heartbeatAll(): Promise<void> {
    const held = [...[...this.running.values()].map((f) => f.task), ...this.buffer, ...[...this.collectors.values()].flatMap((c) => c.tasks)];
    await Promise.all(
      held.map(async (task) => {
        try {
          const t = await this.engine.heartbeat({ id: task.id, leaseToken: task.leaseToken, leaseMs: this.leaseMs });
          const f = this.running.get(task.id);
          if (f && t.leaseExpiresAt !== null) f.leaseUntil = t.leaseExpiresAt;
        } catch (err) {
          if (!(err instanceof LeaseLostError) && !(err as { code?: string }).code?.startsWith('NOT_FOUND')) {
            // Logged once per outage, not once per task and interval.
            this.outage.failed('heartbeat', err);
            return;
          }
          const f = this.running.get(task.id);
          if (f) {
            const state = (err as LeaseLostError).context?.actualState;
            f.abort(state === 'cancelled' ? new TaskCancelledError(task.id) : err);
            f.settled = true;
            if (f.timer) clearTimeout(f.timer);
            this.dropRunning(f);
            this.emit('task:end', task, 'lost', err as Error);
            this.startFromBuffer();
            this.fill();
          } else {
            this.buffer = this.buffer.filter((t) => t.id !== task.id);
            for (const c of this.collectors.values()) c.tasks = c.tasks.filter((t) => t.id !== task.id);
          }
        }
      }),
    );
  }
}

function toJson(value: unknown): Json {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as Json;
}

function positiveInt(v: number, field: string): number {
  if (!Number.isInteger(v) || v <= 0) throw new ValidationError(field, `must be a positive integer, got ${v}`);
  return v;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
