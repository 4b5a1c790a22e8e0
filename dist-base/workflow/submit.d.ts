import type { Engine } from '../engine/engine.js';
import type { Json } from '../model/task.js';
import type { Run } from '../model/run.js';
import type { Workflow } from './format.js';
export interface SubmitOptions {
    /** Input values (JSON). Missing ones take their defaults. */
    inputs?: Record<string, unknown>;
    /** The file the source came from: named in messages; commands run in its directory. */
    file?: string;
    /** Handler names the workers know (checked when given). */
    handlers?: readonly string[];
    /** Unit names known (checked when given). */
    units?: readonly string[];
    /** What started the run ("cli", "api", "cron: 0 * * * *", …). */
    trigger?: string;
    /**
     * Apply the file's flow-control rules (default true). False: leave every rule as it is (the
     * HTTP API for a token without the admin scope, which may not change limits).
     */
    applyLimits?: boolean;
}
export declare function submitWorkflow(engine: Engine, source: string | Workflow, options?: SubmitOptions): Promise<Run>;
export declare function newRunId(): string;
/** Checks input values against the workflow's declarations and fills defaults. */
export declare function resolveInputs(wf: Workflow, given: Record<string, unknown>): Record<string, Json>;
/**
 * `k=v` pairs from a command line, typed by the workflow's declarations: numbers and booleans
 * are parsed, lists and objects are JSON (a list also accepts comma-separated words).
 */
export declare function parseInputArgs(wf: Workflow, pairs: string[]): Record<string, unknown>;
