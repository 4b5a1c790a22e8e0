/**
 * Subtasks an executable asks for (on the control channel, or a runner's `spawn`): children of
 * its task and, like a handler's `ctx.spawn`, in the task's workflow run unless the spec names
 * another, so `taskframe runs RUN` draws them in the run's tree. All of one request go in
 * together; a refusal is a line in the task's log, never a failure of the task.
 */
import type { Engine } from '../../../engine/engine.js';
import type { BatchSpec } from '../../../model/spec.js';
import type { TaskContext } from '../../worker.js';
import type { LogCapture } from './log-capture.js';
export declare function spawnSubtasks(engine: Engine, ctx: TaskContext, capture: LogCapture, specs: BatchSpec[]): Promise<void>;
