import { createLogger } from '../../logger.js';
import { baseEnvironment, taskIdentity, UNBUFFERED_OUTPUT } from './exec/environment.js';
import { describeExit, ExecError } from './exec/errors.js';
import { LogCapture } from './exec/log-capture.js';
import { LogSink } from './exec/log-sink.js';
import { runTaskProcess } from './exec/task-process.js';
/** stdout kept for the result, at most (the log keeps its own bounded copy). */
const RESULT_LIMIT = 1_000_000;
export function commandRunner(engine, options = {}) {
    const baseEnv = baseEnvironment(options.inheritEnv ?? false);
    const logLimit = options.logLimitBytes ?? 1_048_576;
    let sink = null;
    const sinkFor = () => (sink ??= new LogSink(engine.logs, undefined, undefined, (err) => (options.logger ?? createLogger()).warn({ err }, 'captured output could not be stored')));
    return async (spec, ctx) => {
        const shell = typeof spec.command === 'string';
        const argv = shell ? [spec.command] : spec.command;
        const env = { ...baseEnv, ...UNBUFFERED_OUTPUT };
        // An expression may give a number or a list: environment values are strings.
        for (const [k, v] of Object.entries(spec.env ?? {}))
            env[k] = typeof v === 'string' ? v : JSON.stringify(v);
        Object.assign(env, taskIdentity(ctx), spec.identity);
        const capture = new LogCapture(sinkFor(), ctx.task.id, ctx.attempt, logLimit);
        let stdout = '';
        try {
            const { exit, result } = await runTaskProcess(engine, ctx, capture, {
                argv,
                shell,
                cwd: spec.cwd ?? process.cwd(),
                env,
                stdin: spec.stdin === null ? '' : JSON.stringify(spec.stdin),
                ...(options.killGraceMs !== undefined ? { killGraceMs: options.killGraceMs } : {}),
                onOutput: (stream, text) => {
                    if (stream === 'stdout' && stdout.length < RESULT_LIMIT)
                        stdout += text;
                },
            }, { task: ctx.task.id, ...spec.identity });
            if (exit.reason === 'exit' && exit.exitCode === 0)
                return result !== undefined ? result : parseOutput(stdout);
            // Why it ended, in the log too (a kill's reason is not in the command's own output).
            capture.system(describeExit('command', { ...exit, stderrTail: '' }));
            throw new ExecError(commandFailure(exit), exit);
        }
        finally {
            await capture.close();
        }
    };
}
/** One line: how it ended, then the last lines of stderr (`command exited with code 3: disk is full`). */
export function commandFailure(x) {
    if (x.reason === 'spawn_error')
        return `command could not start: ${x.detail}`;
    const head = x.signal ? `command killed by ${x.signal}${x.detail ? ` (${x.detail})` : ''}` : `command exited with code ${x.exitCode}${x.detail ? ` (${x.detail})` : ''}`;
    const last = x.stderrTail.trim().split('\n').slice(-3).join(' | ');
    return last ? `${head}: ${last}` : head;
}
/** stdout as the task's result: JSON when it parses, else the trimmed text, null when empty. */
export function parseOutput(stdout) {
    const text = stdout.trim();
    if (text === '')
        return null;
    try {
        return JSON.parse(text);
    }
    catch {
        return text;
    }
}
//# sourceMappingURL=commands.js.map