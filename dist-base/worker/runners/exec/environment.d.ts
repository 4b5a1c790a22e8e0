/**
 * What a task's process is given of the worker's environment, and how it learns which task it
 * is. Units and plain commands get the same.
 */
import type { TaskContext } from '../../worker.js';
export declare function baseEnvironment(inheritAll: boolean): Record<string, string>;
/** Python buffers a piped stdout until exit, which would defeat interleaved, followable logs. */
export declare const UNBUFFERED_OUTPUT: Readonly<Record<string, string>>;
/** The task and attempt a process runs for; TASKFRAME_RUN_ID is empty outside a workflow run. */
export declare function taskIdentity(ctx: TaskContext): Record<string, string>;
