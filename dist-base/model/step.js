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
export const ENVELOPE_MARK = '$taskframeWorkflow';
/** Whether a payload is a workflow task's envelope. */
export function hasEnvelopeMark(payload) {
    return payload !== null && typeof payload === 'object' && payload[ENVELOPE_MARK] === 1;
}
/** The step label of an envelope, or null for bookkeeping. */
export function stepLabel(env) {
    if (env.kind === 'finish')
        return null;
    if (env.kind === 'on_failure')
        return env.onFailure ? 'on_failure' : null;
    return env.index !== undefined ? `${env.task}[${env.index}]` : env.task;
}
/** The step a task is, or null: not from a workflow, or bookkeeping. */
export function stepOf(t) {
    return hasEnvelopeMark(t.payload) ? stepLabel(t.payload) : null;
}
/** A workflow's bookkeeping task: the finish task, or a fail-fast task with no `on_failure` to run. */
export function isBookkeeping(t) {
    return hasEnvelopeMark(t.payload) && stepLabel(t.payload) === null;
}
/** What to call a task: its step when it is one, else its name. */
export function displayName(t) {
    return stepOf(t) ?? t.name;
}
//# sourceMappingURL=step.js.map