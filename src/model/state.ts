/**
 * The one place that knows the task states and which changes between them are legal.
 * Drivers implement these transitions as guarded updates; docs/state-machine.md is generated
 * from TRANSITIONS (and a test checks it is current).
 */
import { IllegalTransitionError } from './errors.js';

export const TASK_STATES = [
  'blocked',
  'scheduled',
  'pending',
  'running',
  'waiting',
  'retrying',
  'succeeded',
  'failed',
  'cancelled',
  'skipped',
] as const;

export type TaskState = (typeof TASK_STATES)[number];

export const FINISHED_STATES: readonly TaskState[] = ['succeeded', 'failed', 'cancelled', 'skipped'];
export const LIVE_STATES: readonly TaskState[] = TASK_STATES.filter((s) => !FINISHED_STATES.includes(s));
/** States a worker can claim from once run_at has come. */
export const CLAIMABLE_STATES: readonly TaskState[] = ['pending', 'scheduled', 'retrying'];

export function isTaskState(value: string): value is TaskState {
  return (TASK_STATES as readonly string[]).includes(value);
}

export function isFinished(state: TaskState): boolean {
  return FINISHED_STATES.includes(state);
}

/** Every legal transition, with the operation that makes it. */
export const TRANSITIONS: ReadonlyArray<{ from: TaskState; to: TaskState; by: string }> = [
  { from: 'blocked', to: 'pending', by: 'last dependency succeeded' },
  { from: 'blocked', to: 'scheduled', by: 'last dependency succeeded, run-at in the future' },
  { from: 'blocked', to: 'skipped', by: 'a dependency failed, was cancelled or skipped' },
  { from: 'blocked', to: 'cancelled', by: 'cancel' },
  { from: 'scheduled', to: 'running', by: 'claim (run-at reached)' },
  { from: 'scheduled', to: 'pending', by: 'promote (run-at reached)' },
  { from: 'scheduled', to: 'cancelled', by: 'cancel' },
  { from: 'pending', to: 'running', by: 'claim' },
  { from: 'pending', to: 'cancelled', by: 'cancel' },
  { from: 'pending', to: 'skipped', by: 'run condition said no' },
  { from: 'retrying', to: 'running', by: 'claim (backoff over)' },
  { from: 'retrying', to: 'cancelled', by: 'cancel' },
  { from: 'running', to: 'succeeded', by: 'complete' },
  { from: 'running', to: 'waiting', by: 'complete with unfinished subtasks' },
  { from: 'running', to: 'retrying', by: 'fail with attempts left' },
  { from: 'running', to: 'failed', by: 'fail for good' },
  { from: 'running', to: 'skipped', by: 'skip: the handler found a run condition said no' },
  { from: 'running', to: 'pending', by: 'unclaim, or lease expired with attempts left' },
  { from: 'running', to: 'cancelled', by: 'cancel (the handler is aborted)' },
  { from: 'waiting', to: 'succeeded', by: 'last subtask finished' },
  { from: 'waiting', to: 'failed', by: 'a subtask failed for good' },
  { from: 'waiting', to: 'cancelled', by: 'cancel' },
  { from: 'failed', to: 'pending', by: 'retry by hand' },
  { from: 'cancelled', to: 'pending', by: 'retry by hand' },
  { from: 'skipped', to: 'pending', by: 'retry by hand' },
];

const legal = new Set(TRANSITIONS.map((t) => `${t.from}>${t.to}`));

export function canTransition(from: TaskState, to: TaskState): boolean {
  return legal.has(`${from}>${to}`);
}

export function assertTransition(from: TaskState, to: TaskState, context: Record<string, unknown> = {}): void {
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to, context);
}

/** States from which each operation may start; drivers use these in their guarded updates. */
export const SOURCE_STATES = {
  cancel: TRANSITIONS.filter((t) => t.to === 'cancelled').map((t) => t.from),
  retryByHand: TRANSITIONS.filter((t) => t.by === 'retry by hand').map((t) => t.from),
} as const;

export function stateMachineMarkdown(): string {
  const lines = [
    '# Task state machine',
    '',
    'Generated from `src/model/state.ts` by `npm run gen:docs`; a test checks it is current.',
    '',
    '```mermaid',
    'stateDiagram-v2',
    ...TRANSITIONS.map((t) => `    ${t.from} --> ${t.to}: ${t.by}`),
    '```',
    '',
    '| from | to | by |',
    '|---|---|---|',
    ...TRANSITIONS.map((t) => `| ${t.from} | ${t.to} | ${t.by} |`),
    '',
  ];
  return lines.join('\n');
}
