/**
 * What makes a spec a subtask of a running task, wherever it is spawned from (a handler's
 * `ctx.spawn` / `ctx.spawnMany`, an executable's control channel, a runner's `spawn`): its
 * parent is the task and, unless the spec names another run, so is its workflow run, so
 * `taskframe runs RUN` draws it in the run's tree.
 */
import type { EnqueueOptions } from '../model/spec.js';
import type { TaskId } from '../model/task.js';
export declare function subtaskSpec<S extends EnqueueOptions>(parent: {
    id: TaskId;
    runId: string | null;
}, spec: S): S & {
    parentId: TaskId;
};
