/**
 * How a workflow's tasks are named where people look: by their step, the key under `tasks:`
 * (`build`), with the item of a foreach (`map[7]`), and `on_failure`. A task's `name` stays
 * what runs it (`taskframe.command`, a handler, a unit); the step is read from its envelope.
 *
 * Two tasks of a run are bookkeeping, not steps: the finishing task, and the fail-fast task of
 * a run that declares no `on_failure`. They are never listed, drawn or published as tasks.
 *
 * This is in model/ because a task's JSON (json.ts) carries its step on every surface and model
 * imports nothing of ours: the mark of a workflow task's payload and the fields that name its
 * step are defined here; the rest of the envelope is workflow/envelope.ts.
 */
/** The key that marks a payload as a workflow task's envelope. */
export declare const ENVELOPE_MARK = "$taskframeWorkflow";
/** What of a workflow task's envelope (workflow/envelope.ts's TaskEnvelope) names its step. */
export interface StepFields {
    [ENVELOPE_MARK]: 1;
    kind: string;
    /** The workflow task id (key under `tasks:`). */
    task: string;
    /** The item of a foreach. */
    index?: number;
    /** kind on_failure: the user's on-failure task, if the workflow declares one. */
    onFailure?: unknown;
}
/** Whether a payload is a workflow task's envelope. */
export declare function hasEnvelopeMark(payload: unknown): payload is StepFields;
/** The step label of an envelope, or null for bookkeeping. */
export declare function stepLabel(env: StepFields): string | null;
/** The step a task is, or null: not from a workflow, or bookkeeping. */
export declare function stepOf(t: {
    payload: unknown;
}): string | null;
/** A workflow's bookkeeping task: the finish task, or a fail-fast task with no `on_failure` to run. */
export declare function isBookkeeping(t: {
    payload: unknown;
}): boolean;
/** What to call a task: its step when it is one, else its name. */
export declare function displayName(t: {
    name: string;
    payload: unknown;
}): string;
