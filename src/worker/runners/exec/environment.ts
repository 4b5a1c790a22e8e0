/**
 * What a task's process is given of the worker's environment, and how it learns which task it
 * is. Units and plain commands get the same.
 */
import type { TaskContext } from '../../worker.js';

/** What a task inherits from the worker: by default only these (a worker's secrets are not a task's). */
const BASE_ENV = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'USER', 'LOGNAME'];

export function baseEnvironment(inheritAll: boolean): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && (inheritAll || BASE_ENV.includes(k))) env[k] = v;
  return env;
}

/** Python buffers a piped stdout until exit, which would defeat interleaved, followable logs. */
export const UNBUFFERED_OUTPUT: Readonly<Record<string, string>> = { PYTHONUNBUFFERED: '1' };

/** The task and attempt a process runs for; TASKFRAME_RUN_ID is empty outside a workflow run. */
export function taskIdentity(ctx: TaskContext): Record<string, string> {
  return {
    TASKFRAME_TASK_ID: ctx.task.id,
    TASKFRAME_TASK_NAME: ctx.task.name,
    TASKFRAME_ATTEMPT: String(ctx.attempt),
    TASKFRAME_RUN_ID: ctx.task.runId ?? '',
    TASKFRAME_QUEUE: ctx.task.queue,
  };
}
