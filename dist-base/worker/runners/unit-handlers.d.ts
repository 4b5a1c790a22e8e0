import type { Engine } from '../../engine/engine.js';
import type { HandlerMap } from '../worker.js';
import { type Logger } from '../../logger.js';
import type { UnitSpec } from '../../units/spec.js';
import { SetupManager } from './exec/setup.js';
import { RunnerPool } from './long-lived/pool.js';
export interface UnitHandlerOptions {
    /** Where set-up folders and jail work directories live (default: $TMPDIR/taskframe-units). */
    stateDir?: string;
    /** Pass the worker's whole environment to tasks (default: only PATH, HOME, LANG, TZ, TMPDIR). */
    inheritEnv?: boolean;
    /** Override every unit's log cap (bytes). */
    logLimitBytes?: number;
    /** How long a runner may take to say ready. */
    runnerReadyTimeoutMs?: number;
    /** Where runner lifecycle and runner stderr go (runner output belongs to no single task). */
    logger?: Logger;
}
export interface UnitHandlers {
    handlers: HandlerMap;
    units: Map<string, UnitSpec>;
    setup: SetupManager;
    /** Live runner pools by unit name (tests and metrics read them). */
    pools: Map<string, RunnerPool>;
    close(): Promise<void>;
}
export declare const defaultStateDir: () => string;
/**
 * What only this machine can tell about units: their users and groups exist, the working
 * directory and the programs written as paths (`./check.sh`) exist, and when a unit asks for a
 * jail, bubblewrap is installed, the jail's user can read the unit's directory and the state
 * directory, and a jail actually starts here (user namespaces may be turned off). Refused up
 * front, before any task is taken, each at the file:line of its setting. A unit with [Setup] or
 * Requires= may make its files before it runs, so for it the files are checked when a process
 * cannot start (explainStart).
 */
export declare function checkUnitsRunnable(units: Map<string, UnitSpec>, stateDir?: string): void;
export declare function loadUnitHandlers(engine: Engine, dir: string, options?: UnitHandlerOptions): UnitHandlers;
export declare function unitHandlers(engine: Engine, units: Map<string, UnitSpec>, options?: UnitHandlerOptions): UnitHandlers;
