/**
 * The one place that knows the task states and which changes between them are legal. Every
 * transition names the operation that makes it; the drivers' SQL guards (`WHERE state IN …`)
 * are derived from SOURCE_STATES, and test/store/state-guards.test.ts proves every guard the
 * drivers use matches this table. docs/state-machine.md is generated from TRANSITIONS (and a
 * test checks it is current).
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
];
export const FINISHED_STATES = ['succeeded', 'failed', 'cancelled', 'skipped'];
export const LIVE_STATES = TASK_STATES.filter((s) => !isFinished(s));
/** The states a task is created in: blocked on dependencies, waiting for its time, or ready. */
export const INITIAL_STATES = ['blocked', 'scheduled', 'pending'];
export function isTaskState(value) {
    return TASK_STATES.includes(value);
}
export function isFinished(state) {
    return FINISHED_STATES.includes(state);
}
/**
 * Every legal transition, grouped by the operation that makes it. Within an operation the rows
 * are in the order the drivers' guards list them: the claim guard must read exactly like the
 * partial claim index's predicate (`state IN ('pending', 'scheduled', 'retrying')`), or SQLite
 * will not use the index (a test compares them).
 */
export const TRANSITIONS = [
    { from: 'pending', to: 'running', op: 'claim', by: 'claim' },
    { from: 'scheduled', to: 'running', op: 'claim', by: 'claim (run-at reached)' },
    { from: 'retrying', to: 'running', op: 'claim', by: 'claim (backoff over)' },
    { from: 'running', to: 'succeeded', op: 'complete', by: 'complete' },
    { from: 'running', to: 'waiting', op: 'complete', by: 'complete with unfinished subtasks' },
    { from: 'running', to: 'retrying', op: 'fail', by: 'fail with attempts left' },
    { from: 'running', to: 'failed', op: 'fail', by: 'fail for good' },
    { from: 'running', to: 'skipped', op: 'skip', by: 'skip: the handler found a run condition said no' },
    { from: 'running', to: 'pending', op: 'unclaim', by: 'unclaim' },
    { from: 'running', to: 'pending', op: 'expireLease', by: 'lease expired with attempts left' },
    { from: 'running', to: 'failed', op: 'expireLease', by: 'lease expired on the last attempt' },
    { from: 'blocked', to: 'pending', op: 'dependencyFinished', by: 'last dependency succeeded' },
    { from: 'blocked', to: 'scheduled', op: 'dependencyFinished', by: 'last dependency succeeded, run-at in the future' },
    { from: 'blocked', to: 'skipped', op: 'dependencyFinished', by: 'a dependency failed, was cancelled or skipped (or, for any_failed, none did)' },
    { from: 'waiting', to: 'succeeded', op: 'subtaskFinished', by: 'last subtask finished' },
    { from: 'waiting', to: 'failed', op: 'subtaskFinished', by: 'a subtask failed for good' },
    { from: 'blocked', to: 'cancelled', op: 'cancel', by: 'cancel' },
    { from: 'scheduled', to: 'cancelled', op: 'cancel', by: 'cancel' },
    { from: 'pending', to: 'cancelled', op: 'cancel', by: 'cancel' },
    { from: 'running', to: 'cancelled', op: 'cancel', by: 'cancel (the handler is aborted)' },
    { from: 'waiting', to: 'cancelled', op: 'cancel', by: 'cancel' },
    { from: 'retrying', to: 'cancelled', op: 'cancel', by: 'cancel' },
    { from: 'failed', to: 'pending', op: 'retryByHand', by: 'retry by hand' },
    { from: 'cancelled', to: 'pending', op: 'retryByHand', by: 'retry by hand' },
    { from: 'skipped', to: 'pending', op: 'retryByHand', by: 'retry by hand' },
    // Debounce/throttle (model/collapse.ts): an enqueue joins a task still waiting to run.
    { from: 'pending', to: 'scheduled', op: 'collapse', by: 'a debounced enqueue pushed its run-at later' },
    { from: 'scheduled', to: 'scheduled', op: 'collapse', by: 'a debounced enqueue pushed its run-at later, or a payload was replaced' },
];
const OPERATIONS = [...new Set(TRANSITIONS.map((t) => t.op))];
function statesOf(op, side) {
    return Object.freeze([...new Set(TRANSITIONS.filter((t) => t.op === op).map((t) => t[side]))]);
}
/** States from which each operation may start: the drivers' guarded updates name exactly these. */
export const SOURCE_STATES = Object.freeze(Object.fromEntries(OPERATIONS.map((op) => [op, statesOf(op, 'from')])));
/** States each operation may leave a task in. */
export const TARGET_STATES = Object.freeze(Object.fromEntries(OPERATIONS.map((op) => [op, statesOf(op, 'to')])));
/** States a worker can claim from once run_at has come. */
export const CLAIMABLE_STATES = SOURCE_STATES.claim;
/**
 * The states in which a worker holds a lease (what a claim makes): a heartbeat, completion,
 * failure, skip or unclaim is accepted only here, and only with the lease's token.
 */
export const LEASED_STATES = TARGET_STATES.claim;
const legal = new Set(TRANSITIONS.map((t) => `${t.from}>${t.to}`));
export function canTransition(from, to) {
    return legal.has(`${from}>${to}`);
}
export function assertTransition(from, to, context = {}) {
    if (!canTransition(from, to))
        throw new IllegalTransitionError(from, to, context);
}
/** Whether `op` may start from `state` (the same question the SQL guards ask). */
export function canStart(op, state) {
    return SOURCE_STATES[op].includes(state);
}
export function stateMachineMarkdown() {
    const lines = [
        '# Task state machine',
        '',
        'Generated from `src/model/state.ts` by `npm run gen:docs`; a test checks it is current.',
        'What each change implies (dependents, a waiting parent, subtasks, retries, error kinds) is',
        'decided in `src/model/decisions.ts`.',
        '',
        '```mermaid',
        'stateDiagram-v2',
        ...TRANSITIONS.map((t) => `    ${t.from} --> ${t.to}: ${t.by}`),
        '```',
        '',
        '| from | to | operation | by |',
        '|---|---|---|---|',
        ...TRANSITIONS.map((t) => `| ${t.from} | ${t.to} | ${t.op} | ${t.by} |`),
        '',
        'Tasks are created `blocked` (waiting on dependencies), `scheduled` (run-at in the future) or',
        '`pending`; one whose finished dependencies already decide it will never run is created `blocked`',
        'and skipped in the same transaction. Each operation starts only from the states listed for it',
        'here: the drivers build their SQL guards from this table (`src/store/sql-rules.ts`), and',
        '`test/store/state-guards.test.ts` checks every guard they use against it.',
        '',
    ];
    return lines.join('\n');
}
//# sourceMappingURL=state.js.map