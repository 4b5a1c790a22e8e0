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
import type { Clock } from '../model/clock.js';
import { type NewRun, type Run, type RunState } from '../model/run.js';
import { type TaskState } from '../model/state.js';
import type { Json, Task, TaskId } from '../model/task.js';
import type { RunPosition, Store, TaskInsertResult } from '../store/store.js';
import { type GraphNode } from './graph.js';
/** How a run ends when its work is done. */
export type RunOutcome = {
    state: 'succeeded';
    outputs: Json;
} | {
    state: 'failed';
    error: Json;
};
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
/** What the lifecycle needs of the engine's task operations. */
export interface RunTaskOps {
    /** Cancels one task as an operator would (a running handler is aborted). */
    cancel(id: TaskId, reason: string): Promise<Task>;
    /** Tasks inserted outside the write queue: wake the workers of their queues. */
    inserted(results: TaskInsertResult[]): void;
}
export declare class Runs {
    private readonly store;
    private readonly clock;
    private readonly tasks;
    constructor(store: Store, clock: Clock, tasks: RunTaskOps);
    /**
     * Records the run and inserts its graph in one transaction. The graph is checked first (a
     * ValidationError names `tasks[i]…`); a task the store refuses (a dependency on a task that does
     * not exist) rolls the run back with it.
     */
    submit(submission: RunSubmission, graph: GraphNode[]): Promise<Run>;
    /** Ends a running run with its outcome; null when it had already ended (it is left as it was). */
    finish(id: string, outcome: RunOutcome): Promise<Run | null>;
    /** Cancels the run and every live task in it (running handlers are aborted). */
    cancel(id: string, reason?: string): Promise<Run>;
    get(id: string): Promise<Run>;
    find(id: string): Promise<Run | null>;
    /** Newest first. */
    list(p: RunListParams): Promise<Run[]>;
    /** The run's tasks (subtasks included), optionally only those in `states`; in no particular order. */
    tasksOf(id: string, states?: TaskState[]): Promise<Task[]>;
    /** The run with all its tasks, oldest task first. */
    withTasks(id: string): Promise<{
        run: Run;
        tasks: Task[];
    }>;
    /** Resolves with the run once it has ended; polls the store, so it sees runs other processes finish. */
    wait(id: string, options?: {
        intervalMs?: number;
        signal?: AbortSignal;
    }): Promise<Run>;
}
