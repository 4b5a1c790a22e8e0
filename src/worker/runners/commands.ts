/**
 * Plain commands as tasks: a shell line (`/bin/sh -c`) or an argument list, run by the
 * executables runner like a unit's command (its own process group under the orphan guard,
 * output in the attempt's log, the control channel on fd 3, the task's time limit and cancel),
 * without a unit file. A workflow's `command:` steps run here.
 *
 * The process gets the payload as JSON on stdin, and an environment of PATH, HOME, LANG,
 * LC_ALL, TZ, TMPDIR, USER and LOGNAME from the worker (not the rest of it: a worker's secrets
 * are not a task's), PYTHONUNBUFFERED=1, the variables the caller gives, the task's identity
 * (TASKFRAME_TASK_ID, …) and TASKFRAME_CONTROL_FD. Exit 0 succeeds: the result is what the
 * control channel reported, else stdout (JSON when it parses, else the trimmed text; null
 * when empty). Anything else fails the attempt with an ExecError (code EXIT, SIGNAL,
 * TIME_LIMIT, CANCELLED or SPAWN) whose message ends with the last lines of stderr.
 */
import type { Engine } from '../../engine/engine.js';
import type { Json } from '../../model/task.js';
import { createLogger, type Logger } from '../../logger.js';
import type { TaskContext } from '../worker.js';
import { baseEnvironment, taskIdentity, UNBUFFERED_OUTPUT } from './exec/environment.js';
import { describeExit, ExecError, type ExitInfo } from './exec/errors.js';
import { LogCapture } from './exec/log-capture.js';
import { LogSink } from './exec/log-sink.js';
import { runTaskProcess } from './exec/task-process.js';

export interface CommandSpec {
  /** A shell line, or the program and its arguments (looked up on PATH, or relative to cwd). */
  command: string | string[];
  /** Default: the worker's working directory. */
  cwd?: string;
  /** Added to the environment; values that are not strings are passed as JSON. */
  env?: Record<string, unknown>;
  /** Set after the task's identity (e.g. TASKFRAME_STEP). */
  identity?: Record<string, string>;
  stdin: Json;
}

export interface CommandRunnerOptions {
  /** Pass the worker's whole environment (default: only the variables listed above). */
  inheritEnv?: boolean;
  /** Output kept per attempt, in bytes (default 1 MiB, as for units). */
  logLimitBytes?: number;
  /** After SIGTERM (time limit, cancel), how long before SIGKILL (default 5 s, as for units). */
  killGraceMs?: number;
  logger?: Logger;
}

export type CommandRunner = (spec: CommandSpec, ctx: TaskContext) => Promise<Json>;

/** stdout kept for the result, at most (the log keeps its own bounded copy). */
const RESULT_LIMIT = 1_000_000;

export function commandRunner(engine: Engine, options: CommandRunnerOptions = {}): CommandRunner {
  const baseEnv = baseEnvironment(options.inheritEnv ?? false);
  const logLimit = options.logLimitBytes ?? 1_048_576;
  let sink: LogSink | null = null;
  const sinkFor = () => (sink ??= new LogSink(engine.logs, undefined, undefined, (err) => (options.logger ?? createLogger()).warn({ err }, 'captured output could not be stored')));

  return async (spec, ctx) => {
    const shell = typeof spec.command === 'string';
    const argv = shell ? [spec.command as string] : (spec.command as string[]);
    const env: Record<string, string> = { ...baseEnv, ...UNBUFFERED_OUTPUT };
    // An expression may give a number or a list: environment values are strings.
    for (const [k, v] of Object.entries(spec.env ?? {})) env[k] = typeof v === 'string' ? v : JSON.stringify(v);
    Object.assign(env, taskIdentity(ctx), spec.identity);
    const capture = new LogCapture(sinkFor(), ctx.task.id, ctx.attempt, logLimit);
    let stdout = '';
    try {
      const { exit, result } = await runTaskProcess(
        engine,
        ctx,
        capture,
        {
          argv,
          shell,
          cwd: spec.cwd ?? process.cwd(),
          env,
          stdin: spec.stdin === null ? '' : JSON.stringify(spec.stdin),
          ...(options.killGraceMs !== undefined ? { killGraceMs: options.killGraceMs } : {}),
          onOutput: (stream, text) => {
            if (stream === 'stdout' && stdout.length < RESULT_LIMIT) stdout += text;
          },
        },
        { task: ctx.task.id, ...spec.identity },
      );
      if (exit.reason === 'exit' && exit.exitCode === 0) return result !== undefined ? result : parseOutput(stdout);
      // Why it ended, in the log too (a kill's reason is not in the command's own output).
      capture.system(describeExit('command', { ...exit, stderrTail: '' }));
      throw new ExecError(commandFailure(exit), exit);
    } finally {
      await capture.close();
    }
  };
}

/** One line: how it ended, then the last lines of stderr (`command exited with code 3: disk is full`). */
export function commandFailure(x: ExitInfo): string {
  if (x.reason === 'spawn_error') return `command could not start: ${x.detail}`;
  const head = x.signal ? `command killed by ${x.signal}${x.detail ? ` (${x.detail})` : ''}` : `command exited with code ${x.exitCode}${x.detail ? ` (${x.detail})` : ''}`;
  const last = x.stderrTail.trim().split('\n').slice(-3).join(' | ');
  return last ? `${head}: ${last}` : head;
}

/** stdout as the task's result: JSON when it parses, else the trimmed text, null when empty. */
export function parseOutput(stdout: string): Json {
  const text = stdout.trim();
  if (text === '') return null;
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}
