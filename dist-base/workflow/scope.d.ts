/**
 * The names a task's expressions read at run time: `inputs`, `needs.<task>` (output, state,
 * error, children), `item`, `index`, `run`, `workflow`. Upstream results are read from the store
 * only for tasks whose templates need them, so a plain chain pays nothing.
 */
import type { Engine } from '../engine/engine.js';
import type { Json, Task, TaskError, TaskId } from '../model/task.js';
import { type TaskEnvelope } from './envelope.js';
export interface NeedView {
    /** The task's result; for a foreach, every item's result in item order. */
    output: Json;
    state: string;
    error: Json;
    /** Results of the subtasks it spawned, in creation order. */
    children: Json[];
}
/**
 * A task's error as a workflow hands it on (`needs.X.error`, `failure.tasks`, the run's error):
 * the message, kind, code and exit status, without the JavaScript stack, which stays in the
 * stored task (`taskframe status ID --json`) for whoever debugs the handler.
 */
export declare function shownError(error: TaskError | null): Json;
export declare function runtimeScope(engine: Engine, taskId: TaskId, env: TaskEnvelope): Promise<Record<string, unknown>>;
/** Groups finished tasks by workflow task id into what `needs.<id>` shows. */
export declare function needsView(engine: Engine, tasks: Task[], wanted: string[]): Promise<Record<string, NeedView>>;
