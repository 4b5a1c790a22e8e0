/**
 * One process of a task, the way units and plain commands both run it: runProcess with its
 * stdout and stderr in the attempt's log and fd 3 open as the control channel, whose messages
 * become the task's result, progress, log lines and subtasks.
 */
import type { Engine } from '../../../engine/engine.js';
import type { Json } from '../../../model/task.js';
import type { TaskContext } from '../../worker.js';
import type { ExitInfo } from './errors.js';
import type { LogCapture } from './log-capture.js';
import { type ProcessSpec } from './run-process.js';
export interface TaskProcess {
    exit: ExitInfo;
    /** The last result sent on the control channel; undefined when none was. */
    result: Json | undefined;
}
export type TaskProcessSpec = Omit<ProcessSpec, 'signal' | 'onControl'>;
/**
 * Runs it under the task's abort signal (time limit, cancel, lost lease) and resolves once it
 * has exited and everything it sent (progress, subtasks) is recorded. `who` names it in the
 * worker's own log, for control-channel warnings.
 */
export declare function runTaskProcess(engine: Engine, ctx: TaskContext, capture: LogCapture, spec: TaskProcessSpec, who: Record<string, string>): Promise<TaskProcess>;
