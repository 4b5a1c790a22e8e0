export type ExitReason = 'exit' | 'signal' | 'time_limit' | 'memory_limit' | 'disk_limit' | 'cancelled' | 'spawn_error';
export interface ExitInfo {
    exitCode: number | null;
    signal: NodeJS.Signals | null;
    reason: ExitReason;
    /** e.g. "exceeded memory limit 256M". */
    detail: string | null;
    stderrTail: string;
    durationMs: number;
}
/**
 * A process that could not start, said by what is missing: its working directory (spawn reports
 * that as `spawn PROGRAM ENOENT`, naming the program, or `setpriv` under User=) or a program
 * written as a path. Anything else is left as the spawn said it.
 */
export declare function explainStart(x: ExitInfo, p: {
    argv: string[];
    shell?: boolean;
    cwd: string;
    cwdSetting?: string;
}): ExitInfo;
export declare function describeExit(what: string, x: ExitInfo): string;
export declare class ExecError extends Error {
    readonly code: string;
    readonly exitCode: number | undefined;
    readonly signal: string | undefined;
    readonly reason: ExitReason;
    constructor(message: string, x: ExitInfo);
}
/**
 * A [RunIf] Requires= condition gave no answer: it could not be started (a missing file), the
 * shell could not run it (exit 126/127), or it was killed. Unlike a "no" (any other non-zero
 * exit: the task is skipped) this fails the task, naming the condition.
 */
export declare class ConditionError extends Error {
    readonly code = "CONDITION_FAILED";
    readonly condition: string;
    readonly exitCode: number | undefined;
    constructor(unit: string, condition: string, x: ExitInfo, output: string);
}
/** A check failed: the command never ran. */
export declare class CheckFailedError extends Error {
    readonly code = "CHECK_FAILED";
    readonly check: string;
    readonly exitCode: number | undefined;
    constructor(unit: string, check: string, x: ExitInfo, output: string);
}
