/**
 * Flow control declared in a workflow file (docs/flow-control.md): a top-level `limits:` list of
 * rules (scope `queue` and/or `name`, `key`, `rate`, `concurrency`, optional `id`), and a step's
 * own `limit:` ({rate, concurrency, key}) scoped to the step's task name (its handler or unit).
 * Every problem is reported at its file:line:column with the workflow's other problems, so a bad
 * rule means no run and no rule written. Rule ids start with `workflow:<name>:` (an `id:` given
 * is put under it too): the workflow owns them, and submitting it applies them (an unchanged rule is not written again; one the
 * file no longer declares is removed).
 */
import { type Node } from 'yaml';
import type { Engine } from '../engine/engine.js';
import { type FlowLimitSpec } from '../model/flow.js';
import { type Workflow } from './format.js';
export interface WorkflowLimit {
    spec: FlowLimitSpec;
    /** file:line:column of the rule. */
    at: string;
}
type Bad = (n: Node | null | undefined, message: string) => void;
type At = (n: Node | null | undefined) => string;
export declare const LIMIT_KEYS: string[];
export declare const STEP_LIMIT_KEYS: string[];
/** A step's `limit:` node, kept by the task parser until the workflow's name is known. */
export interface StepLimitNode {
    step: string;
    kind: 'command' | 'handler' | 'unit';
    name: string;
    node: Node;
    keyNode: Node;
}
export declare const ownerPrefix: (workflow: string) => string;
export declare function parseLimits(top: Node | undefined, steps: StepLimitNode[], workflow: string, bad: Bad, at: At): WorkflowLimit[];
/**
 * Applies a workflow's rules (called on each submit, before the run's tasks are inserted): the
 * queues its steps use count as known, so a rule may name one before any task went there.
 * Errors (a queue nobody knows) name the rule's file:line:column; nothing is written then.
 */
export declare function applyWorkflowLimits(engine: Engine, wf: Pick<Workflow, 'name' | 'tasks' | 'onFailure'> & {
    limits?: WorkflowLimit[];
}): Promise<void>;
export {};
