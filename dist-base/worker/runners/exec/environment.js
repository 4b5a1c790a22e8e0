/** What a task inherits from the worker: by default only these (a worker's secrets are not a task's). */
const BASE_ENV = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'USER', 'LOGNAME'];
export function baseEnvironment(inheritAll) {
    const env = {};
    for (const [k, v] of Object.entries(process.env))
        if (v !== undefined && (inheritAll || BASE_ENV.includes(k)))
            env[k] = v;
    return env;
}
/** Python buffers a piped stdout until exit, which would defeat interleaved, followable logs. */
export const UNBUFFERED_OUTPUT = { PYTHONUNBUFFERED: '1' };
/** The task and attempt a process runs for; TASKFRAME_RUN_ID is empty outside a workflow run. */
export function taskIdentity(ctx) {
    return {
        TASKFRAME_TASK_ID: ctx.task.id,
        TASKFRAME_TASK_NAME: ctx.task.name,
        TASKFRAME_ATTEMPT: String(ctx.attempt),
        TASKFRAME_RUN_ID: ctx.task.runId ?? '',
        TASKFRAME_QUEUE: ctx.task.queue,
    };
}
//# sourceMappingURL=environment.js.map