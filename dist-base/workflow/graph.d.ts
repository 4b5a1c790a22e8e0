/**
 * Workflow + inputs -> the graph of tasks one run inserts in one transaction. Everything that
 * can be decided before the run (inputs, a foreach over a known list, an `if` that reads no
 * upstream result) is decided here; only what reads upstream results is left for run time.
 *
 * Besides the user's tasks the graph holds two machinery tasks:
 *  - on_failure. Under fail_fast (trigger rule any_failed) it fires at the first failure,
 *    cancels what is still live, then runs the workflow's `on_failure` task. Under continue
 *    (all_done over every task) it runs once everything has ended, and runs `on_failure` when
 *    something failed, with every failure.
 *  - finish (all_done, after on_failure): sets the run's state and outputs.
 * Both depend only on the "uncovered" tasks (but on_failure under continue, on all of them):
 * those with no dependent of trigger rule all_success. A covered task's failure skips that dependent in the same transaction, and so on
 * down to an uncovered task, so the first failure is still seen at once; and when every
 * uncovered task has succeeded, every task has. This keeps a wide level from paying two extra
 * dependency updates per task. The one case this leaves open (a failure whose skips finish the
 * uncovered tasks while covered siblings still run, under `continue`) is closed by the finish
 * task, which waits, polling, until nothing of the run is live.
 */
import type { GraphNode } from '../engine/graph.js';
import { type EnqueueSpec } from '../model/spec.js';
import type { Json } from '../model/task.js';
import type { TaskEnvelope } from './envelope.js';
import { type TaskDef, type Workflow } from './format.js';
export type { GraphNode };
export declare function staticScope(wf: Workflow, runId: string, inputs: Record<string, Json>): Record<string, unknown>;
export declare function buildGraph(wf: Workflow, runId: string, inputs: Record<string, Json>): GraphNode[];
export declare function describe(v: unknown): string;
/**
 * The envelope of one task. Templates that read no upstream result are rendered now; the rest
 * are kept for the worker, with the static part of the scope (item, index) stored beside them.
 */
export declare function envelopeFor(wf: Workflow, runId: string, t: TaskDef, scope: Record<string, unknown>, extra: {
    item?: Json;
    index?: number;
}): TaskEnvelope;
export declare function taskSpec(runId: string, t: TaskDef, env: TaskEnvelope): EnqueueSpec;
