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
import { type Logger } from '../../logger.js';
import type { TaskContext } from '../worker.js';
import { type ExitInfo } from './exec/errors.js';
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
export declare function commandRunner(engine: Engine, options?: CommandRunnerOptions): CommandRunner;
/** One line: how it ended, then the last lines of stderr (`command exited with code 3: disk is full`). */
export declare function commandFailure(x: ExitInfo): string;
/** stdout as the task's result: JSON when it parses, else the trimmed text, null when empty. */
export declare function parseOutput(stdout: string): Json;
