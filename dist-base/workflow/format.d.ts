/**
 * A workflow as taskframe holds it after parsing and validation: plain JSON (it is stored with
 * each run), every default filled in, every position kept for messages at run time.
 * docs/workflows.md describes the YAML it comes from; docs/workflow.schema.json is its schema.
 */
import type { BackoffPolicy } from '../model/backoff.js';
import type { FlowLimitSpec } from '../model/flow.js';
import type { Json } from '../model/task.js';
import type { TriggerRule } from '../model/trigger.js';
export type InputType = 'string' | 'number' | 'boolean' | 'list' | 'object';
export interface InputDef {
    type: InputType | null;
    default?: Json;
    required: boolean;
    description?: string;
}
export interface TaskDef {
    /** The task's key under `tasks:`. */
    id: string;
    kind: 'command' | 'handler' | 'unit';
    /** The store task name: the handler or unit name, or `taskframe.command`. */
    name: string;
    command?: string | string[];
    payload: Json;
    env: Record<string, string>;
    needs: string[];
    queue: string;
    priority: number;
    maxAttempts: number;
    backoff?: Partial<BackoffPolicy>;
    timeoutMs: number | null;
    triggerRule: TriggerRule;
    if?: string;
    /** An expression (text) or a literal list. */
    foreach?: string | Json[];
    /** Map tasks of one foreach running at once, at most (null: no bound). */
    concurrency: number | null;
    /** True when a template, `if` or `foreach` reads `needs`: the task reads its upstream results. */
    readsNeeds: boolean;
    /** file:line:column of the task, of its `if` and of its `foreach`. */
    at: string;
    ifAt?: string;
    foreachAt?: string;
}
export interface TriggerDef {
    kind: 'cron' | 'every' | 'if' | 'after';
    /** cron: the expression; every: ms as text; if: the command; after: workflow or task name. */
    value: string;
    timezone?: string;
    everyMs?: number;
    /** RunIf: how often the condition is polled (ms). */
    intervalMs?: number;
    inputs?: Record<string, Json>;
    at: string;
}
export interface Workflow {
    name: string;
    description?: string;
    /** Absolute path of the file, and its directory (commands run there), when read from a file. */
    file: string | null;
    dir: string;
    inputs: Record<string, InputDef>;
    failure: 'fail_fast' | 'continue';
    onFailure: TaskDef | null;
    outputs: Record<string, string>;
    triggers: TriggerDef[];
    /** May a new run start while one of this workflow is still running? */
    overlap: 'allow' | 'forbid';
    /** After the scheduler was down through several fire times: run once, or skip them. */
    catchup: 'skip' | 'once';
    tasks: TaskDef[];
    /** Flow-control rules the file declares (top-level `limits:` and steps' `limit:`), applied on submit. */
    limits?: Array<{
        spec: FlowLimitSpec;
        at: string;
    }>;
}
/** Task names of the machinery every workflow run uses; workers need these handlers. */
export declare const INTERNAL: {
    readonly command: "taskframe.command";
    readonly foreach: "taskframe.workflow.foreach";
    readonly onFailure: "taskframe.workflow.on_failure";
    readonly finish: "taskframe.workflow.finish";
};
export declare const INTERNAL_NAMES: readonly string[];
