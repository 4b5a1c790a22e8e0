import { ValidationError } from '../model/errors.js';
import type { Json } from '../model/task.js';
import { type InputType, type Workflow } from './format.js';
export interface ParseOptions {
    /** File name used in messages (and whose directory commands run in). */
    file?: string;
    /** Handler names the workers know; when given, a task naming another handler is an error. */
    handlers?: readonly string[];
    /** Unit names known; when given, a task naming another unit is an error. */
    units?: readonly string[];
}
export interface Problem {
    at: string;
    message: string;
}
/** Problems the message spells out; one mistake (a bad indent, a misspelt input) can make dozens. */
export declare const PROBLEMS_SHOWN = 5;
/** An invalid workflow: every problem, each with file:line:column (the message shows the first few). */
export declare class WorkflowError extends ValidationError {
    readonly problems: Problem[];
    constructor(problems: Problem[]);
}
export declare const TOP_KEYS: string[];
export declare const TASK_KEYS: string[];
export declare const DEFAULT_KEYS: string[];
export declare function parseWorkflow(source: string, options?: ParseOptions): Workflow;
export declare function typeOf(v: Json): InputType;
export declare function matchesType(v: unknown, type: InputType): boolean;
