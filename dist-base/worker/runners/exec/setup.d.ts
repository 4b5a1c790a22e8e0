import type { UnitSpec } from '../../../units/spec.js';
export declare class SetupFailedError extends Error {
    readonly code = "SETUP_FAILED";
    constructor(message: string);
}
export interface SetupRunContext {
    /** Built only when a set-up actually runs (this is on every task's path). */
    env: () => Record<string, string>;
    log: (line: string) => void;
    signal?: AbortSignal;
}
export declare class SetupManager {
    readonly stateDir: string;
    private readonly inProcess;
    private readonly finished;
    /** How many set-ups this process actually ran (tests and metrics read it). */
    runs: number;
    constructor(stateDir: string);
    private readonly dirs;
    dirFor(unit: UnitSpec): string;
    /** The set-up folder if set-up already finished in this process, else null (a fast-path check). */
    readyDir(unit: UnitSpec): string | null;
    /** The unit's set-up folder, after its set-up has run (here or in another process). */
    ensure(unit: UnitSpec, ctx: SetupRunContext): Promise<string>;
    private runLocked;
    private runSteps;
}
/** A program written as ./x or ../x is relative to the unit's directory. */
export declare function resolveProgram(argv: string[], unitDir: string): string[];
