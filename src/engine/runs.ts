/**
 * The run lifecycle: every change to a workflow run goes through here.
 *
 *   submit  records the run (state `running`) and inserts its whole graph in ONE transaction:
 *           both are written, or neither (a refused task leaves no run behind)
 *   finish  running -> succeeded (with outputs) or failed (with an error); the workflow's
 *           finishing task decides which, once every other task of the run has ended
 *   cancel  running -> cancelled, then every live task of the run is cancelled
 *
 * Each change is guarded (only from `running`), so a run ends exactly once. Reading: get, list,
 * its tasks, and waiting for it to end. What a run's graph holds and how its outputs are
 * computed is the workflow's business (src/workflow/); this module only records it.
 */
import { EVENT_CLOCK_SLACK_MS, type Clock } from '../model/clock.js';
import { ConflictError, NotFoundError } from '../model/errors.js';
import { FINISHED_RUN_STATES, type NewRun, type Run, type RunState } from '../model/run.js';
import { LIVE_STATES, type TaskState } from '../model/state.js';
import type { Json, Task, TaskId } from '../model/task.js';
import type { RunPosition, Store, TaskInsertResult } from '../store/store.js';
import { graphInserts, type GraphNode } from './graph.js';

/** How a run ends when its work is done. */
export type RunOutcome = { state: 'succeeded'; outputs: Json } | { state: 'failed'; error: Json };

/** What a submission names; the run starts `running`, now, with no outputs or error. */
export type RunSubmission = Pick<NewRun, 'id' | 'name' | 'spec' | 'inputs' | 'trigger'>;

export interface RunListParams {
  /** Runs of this workflow only. */
  name?: string;
  states?: RunState[];
  /** Runs after this one, newest first (paging): the last run of the previous page. */
  before?: RunPosition;
  limit: number;
}

/** A run's tasks are read whole (a 10,000-item foreach is one run); this bounds the read. */
const RUN_TASKS_MAX = 1_000_000;

/** What the lifecycle needs of the engine's task operations. */
export interface RunTaskOps {
  /** Cancels one task as an operator would (a running handler is aborted). */
  cancel(id: TaskId, reason: string): Promise<Task>;
  /** Tasks inserted outside the write queue: wake the workers of their queues. */
  inserted(results: TaskInsertResult[]): void;
}

export class Runs {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly tasks: RunTaskOps,
  ) {}

  /**
   * Records the run and inserts its graph in one transaction. The graph is checked first (a
   * ValidationError names `tasks[i]…`); a task the store refuses (a dependency on a task that does
   * not exist) rolls the run back with it.
   */
  async submit(submission: RunSubmission, graph: GraphNode[]): Promise<Run> {
    const now = this.clock.now();
    const run: NewRun = { ...submission, state: 'running', outputs: null, error: null, createdAt: now };
    const taskInsert = graphInserts(graph, now);
    // Not through the write queue: its batches may split inserts from other groups, and a run
    // is rare next to tasks, so its own transaction costs nothing that matters.
    const r = await this.store.writeBatch({ now, runInsert: [{ run }], taskInsert });
    this.tasks.inserted(r.taskInsert);
    return r.runInsert[0]!;
  }

  /** Ends a running run with its outcome; null when it had already ended (it is left as it was). */
  finish(id: string, outcome: RunOutcome): Promise<Run | null> {
    const change = outcome.state === 'succeeded' ? { outputs: outcome.outputs } : { error: outcome.error };
    return this.store.runUpdate({ id, fromStates: ['running'], state: outcome.state, ...change, now: this.clock.now() });
  }

  /** Cancels the run and every live task in it (running handlers are aborted). */
  async cancel(id: string, reason = 'run cancelled by request'): Promise<Run> {
    const run = await this.store.runUpdate({ id, fromStates: ['running'], state: 'cancelled', error: { message: reason }, now: this.clock.now() });
    if (!run) {
      const existing = await this.find(id);
      if (!existing) throw new NotFoundError('run', id);
      throw new ConflictError(`run ${id} is already ${existing.state}`, { runId: id, state: existing.state });
    }
    const live = await this.tasksOf(id, [...LIVE_STATES]);
    // Already finished by a neighbour's cancellation (a skipped dependent, a cancelled subtree): fine.
    await Promise.allSettled(live.map((t) => this.tasks.cancel(t.id, reason)));
    return run;
  }

  async get(id: string): Promise<Run> {
    const run = await this.find(id);
    if (!run) throw new NotFoundError('run', id);
    return run;
  }

  find(id: string): Promise<Run | null> {
    return this.store.runGet({ id });
  }

  /** Newest first. */
  list(p: RunListParams): Promise<Run[]> {
    return this.store.runList(p);
  }

  /** The run's tasks (subtasks included), optionally only those in `states`; in no particular order. */
  async tasksOf(id: string, states?: TaskState[]): Promise<Task[]> {
    const run = await this.store.runGet({ id });
    return this.store.taskList({ runId: id, ...(states ? { states } : {}), ...(run ? { finishedSince: this.tasksSince(run) } : {}), limit: RUN_TASKS_MAX });
  }

  /**
   * The earliest a task of the run can have finished: its tasks are created after it, so history
   * before the run's creation less the clock slack need not be read (store.ts, finishedSince).
   */
  tasksSince(run: Pick<Run, 'createdAt'>): number {
    return run.createdAt - EVENT_CLOCK_SLACK_MS;
  }

  /** The run with all its tasks, oldest task first. */
  async withTasks(id: string): Promise<{ run: Run; tasks: Task[] }> {
    const run = await this.get(id);
    const tasks = await this.tasksOf(id);
    tasks.sort((a, b) => Number(a.id) - Number(b.id));
    return { run, tasks };
  }

  /** Resolves with the run once it has ended; polls the store, so it sees runs other processes finish. */
  async wait(id: string, options: { intervalMs?: number; signal?: AbortSignal } = {}): Promise<Run> {
    const interval = options.intervalMs ?? 50;
    for (;;) {
      const run = await this.get(id);
      if (FINISHED_RUN_STATES.includes(run.state)) return run;
      if (options.signal?.aborted) throw options.signal.reason;
      await new Promise((r) => setTimeout(r, interval));
    }
  }
}
