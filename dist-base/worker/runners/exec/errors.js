/**
 * How an executable task failed, said plainly: the exit code and the tail of stderr, or the
 * signal and why it was sent (time limit, memory limit, disk limit, cancelled). The fields are
 * read by the engine's toTaskError, so they land in the task's stored error.
 */
import fs from 'node:fs';
const CODES = {
    exit: 'EXIT',
    signal: 'SIGNAL',
    time_limit: 'TIME_LIMIT',
    memory_limit: 'MEMORY_LIMIT',
    disk_limit: 'DISK_LIMIT',
    cancelled: 'CANCELLED',
    spawn_error: 'SPAWN',
};
/**
 * A process that could not start, said by what is missing: its working directory (spawn reports
 * that as `spawn PROGRAM ENOENT`, naming the program, or `setpriv` under User=) or a program
 * written as a path. Anything else is left as the spawn said it.
 */
export function explainStart(x, p) {
    if (x.reason !== 'spawn_error')
        return x;
    let why = null;
    if (!isDirectory(p.cwd))
        why = `working directory ${p.cwd} does not exist${p.cwdSetting ? ` (${p.cwdSetting})` : ''}`;
    else if (!p.shell && p.argv[0]?.includes('/') && !fs.existsSync(p.argv[0]))
        why = `no such file ${p.argv[0]}`;
    return why ? { ...x, detail: why } : x;
}
function isDirectory(p) {
    try {
        return fs.statSync(p).isDirectory();
    }
    catch {
        return false;
    }
}
export function describeExit(what, x) {
    let head;
    if (x.reason === 'spawn_error')
        head = `${what} could not start: ${x.detail}`;
    else if (x.signal)
        head = `${what} killed by ${x.signal}${x.detail ? `: ${x.detail}` : ''}`;
    else
        head = `${what} exited with code ${x.exitCode}${x.detail ? ` (${x.detail})` : ''}`;
    const tail = x.stderrTail.trimEnd();
    return tail ? `${head}\n--- stderr (tail) ---\n${tail}` : head;
}
export class ExecError extends Error {
    code;
    exitCode;
    signal;
    reason;
    constructor(message, x) {
        super(message);
        this.name = 'ExecError';
        this.code = CODES[x.reason];
        this.exitCode = x.exitCode ?? undefined;
        this.signal = x.signal ?? undefined;
        this.reason = x.reason;
    }
}
/**
 * A [RunIf] Requires= condition gave no answer: it could not be started (a missing file), the
 * shell could not run it (exit 126/127), or it was killed. Unlike a "no" (any other non-zero
 * exit: the task is skipped) this fails the task, naming the condition.
 */
export class ConditionError extends Error {
    code = 'CONDITION_FAILED';
    condition;
    exitCode;
    constructor(unit, condition, x, output) {
        const status = x.reason === 'spawn_error' ? `could not start: ${x.detail}`
            : x.signal ? `was killed by ${x.signal}${x.detail ? ` (${x.detail})` : ''}`
                : `could not run (exit ${x.exitCode}: ${x.exitCode === 127 ? 'command not found' : 'not executable'})`;
        super(`run condition "${condition}" of unit ${unit} ${status}; the command did not run${output.trim() ? `\n--- condition output ---\n${output.trimEnd()}` : ''}`);
        this.name = 'ConditionError';
        this.condition = condition;
        this.exitCode = x.exitCode ?? undefined;
    }
}
/** A check failed: the command never ran. */
export class CheckFailedError extends Error {
    code = 'CHECK_FAILED';
    check;
    exitCode;
    constructor(unit, check, x, output) {
        const status = x.reason === 'spawn_error' ? `could not start: ${x.detail}` : x.signal ? `killed by ${x.signal}` : `exit ${x.exitCode}`;
        super(`check "${check}" of unit ${unit} failed (${status}); the command did not run${output.trim() ? `\n--- check output ---\n${output.trimEnd()}` : ''}`);
        this.name = 'CheckFailedError';
        this.check = check;
        this.exitCode = x.exitCode ?? undefined;
    }
}
//# sourceMappingURL=errors.js.map