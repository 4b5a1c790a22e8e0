/**
 * How a workflow's tasks are named where people look: by their step, the key under `tasks:`
 * (`build`), with the item of a foreach (`map[7]`), and `on_failure`. A task's `name` stays
 * what runs it (`taskframe.command`, a handler, a unit); the step is read from its envelope.
 *
 * Two tasks of a run are bookkeeping, not steps: the finishing task, and the fail-fast task of
 * a run that declares no `on_failure`. They are never listed, drawn or published as tasks.
 */
import { isEnvelope, type TaskEnvelope } from './envelope.js';

/** The step label of an envelope, or null for bookkeeping. */
export function stepLabel(env: TaskEnvelope): string | null {
  if (env.kind === 'finish') return null;
  if (env.kind === 'on_failure') return env.onFailure ? 'on_failure' : null;
  return env.index !== undefined ? `${env.task}[${env.index}]` : env.task;
}

/** The step a task is, or null: not from a workflow, or bookkeeping. */
export function stepOf(t: { payload: unknown }): string | null {
  return isEnvelope(t.payload) ? stepLabel(t.payload) : null;
}

/** A workflow's bookkeeping task: the finish task, or a fail-fast task with no `on_failure` to run. */
export function isBookkeeping(t: { payload: unknown }): boolean {
  return isEnvelope(t.payload) && stepLabel(t.payload) === null;
}

/** What to call a task: its step when it is one, else its name. */
export function displayName(t: { name: string; payload: unknown }): string {
  return stepOf(t) ?? t.name;
}
