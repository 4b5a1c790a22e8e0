import { NotFoundError, TaskframeError, ValidationError } from '../../model/errors.js';
import { isFinished } from '../../model/state.js';
import { displayName, stepOf } from '../../model/step.js';
import { withTaskframe } from '../context.js';
import { logLineJson } from '../../model/json.js';
import { printLine } from '../output.js';
const PAGE = 1000;
const STREAM_LABEL = { stdout: 'out', stderr: 'err', system: 'sys' };
export async function resolveTask(tf, ref, runId) {
    if (runId !== undefined)
        return stepInRun(tf, ref, runId);
    if (/^\d{1,19}$/.test(ref))
        return tf.get(ref);
    if (/^[A-Za-z0-9_-]+\[\d+\]$/.test(ref))
        throw new ValidationError('--run', `"${ref}" is a workflow step: name its run too (taskframe logs ${ref} --run RUN)`);
    if (!/^[A-Za-z0-9][A-Za-z0-9._:\-/]*$/.test(ref))
        throw new ValidationError('ID|NAME', `"${ref}" is neither a task id nor a task name`);
    const [newest] = await tf.engine.list({ name: ref, limit: 1 });
    if (!newest)
        throw new NotFoundError('task named', ref);
    return newest;
}
/** The task of a run that is step STEP (a task id of the run, or a name, also do). */
async function stepInRun(tf, ref, runId) {
    const { tasks } = await tf.engine.runs.withTasks(runId);
    const found = tasks.find((t) => stepOf(t) === ref || t.id === ref) ?? tasks.filter((t) => t.name === ref).at(-1);
    if (found)
        return found;
    throw new NotFoundError(`step "${ref}" of run`, runId);
}
/** `--attempt N` of a task that never had N attempts: NOT_FOUND (exit 2), as for a missing task. */
class AttemptNotFoundError extends TaskframeError {
    constructor(task, attempt) {
        const had = task.attempt === 0 ? 'has not started yet' : `has had ${task.attempt} attempt${task.attempt === 1 ? '' : 's'}`;
        super('NOT_FOUND', `task ${task.id} (${displayName(task)}) ${had}; there is no attempt ${attempt}`, { taskId: task.id, attempt, attempts: task.attempt });
    }
}
function formatLine(e, showAttempt) {
    const time = new Date(e.at).toISOString().slice(11, 23);
    return `${time} ${showAttempt ? `#${e.attempt} ` : ''}${STREAM_LABEL[e.stream] ?? e.stream}| ${e.text}`;
}
export function registerLogs(program) {
    program
        .command('logs')
        .description('show the captured output of an executable task (by id, or the newest task with that name)')
        .argument('<ID|NAME|STEP>', 'task id, task name (its newest task), or with --run a workflow step (build, map[7])')
        .option('--run <run>', 'the workflow run the step is in')
        .option('--attempt <n>', 'only this attempt')
        .option('-f, --follow', 'keep printing new output until the task finishes')
        .option('--json', 'one JSON object per line')
        .action(async (ref, opts, cmd) => {
        let attempt;
        if (opts.attempt !== undefined) {
            if (!/^\d+$/.test(opts.attempt) || Number(opts.attempt) < 1)
                throw new ValidationError('--attempt', `must be a positive integer, got "${opts.attempt}"`);
            attempt = Number(opts.attempt);
        }
        await withTaskframe(cmd, async (tf) => {
            const task = await resolveTask(tf, ref, opts.run);
            // An attempt not started yet may still come while following a live task; otherwise it never will.
            if (attempt !== undefined && attempt > task.attempt && (!opts.follow || isFinished(task.state))) {
                throw new AttemptNotFoundError(task, attempt);
            }
            const showAttempt = attempt === undefined && task.attempt > 1;
            let afterId;
            const drain = async () => {
                for (;;) {
                    const page = await tf.engine.logs.list({ taskId: task.id, attempt, afterId, limit: PAGE });
                    for (const e of page) {
                        // The API's log line plus its task: given a name, the script learns which task it was.
                        if (opts.json)
                            printLine(JSON.stringify({ ...logLineJson(e), taskId: e.taskId }));
                        else
                            printLine(formatLine(e, showAttempt));
                    }
                    if (page.length > 0)
                        afterId = page[page.length - 1].id;
                    if (page.length < PAGE)
                        return;
                }
            };
            await drain();
            if (!opts.follow)
                return;
            for (;;) {
                const now = await tf.get(task.id);
                await drain();
                // Lines are written before the attempt's outcome, so one read after it is final is complete
                // (a task waiting for its subtasks has no process left either).
                if (isFinished(now.state) || now.state === 'waiting')
                    break;
                await new Promise((r) => setTimeout(r, 200));
            }
        });
    });
}
//# sourceMappingURL=logs.js.map