export declare const TASK_STATES: readonly ["blocked", "scheduled", "pending", "running", "waiting", "retrying", "succeeded", "failed", "cancelled", "skipped"];
export type TaskState = (typeof TASK_STATES)[number];
export type FinishedState = 'succeeded' | 'failed' | 'cancelled' | 'skipped';
export declare const FINISHED_STATES: readonly TaskState[];
export declare const LIVE_STATES: readonly TaskState[];
/** The states a task is created in: blocked on dependencies, waiting for its time, or ready. */
export declare const INITIAL_STATES: readonly ["blocked", "scheduled", "pending"];
export type InitialState = (typeof INITIAL_STATES)[number];
export declare function isTaskState(value: string): value is TaskState;
export declare function isFinished(state: TaskState): state is FinishedState;
/** What moves a task from one state to another. Each driver carries out every one of them. */
export type TaskOperation = 'claim' | 'complete' | 'fail' | 'skip' | 'unclaim' | 'expireLease' | 'dependencyFinished' | 'subtaskFinished' | 'cancel' | 'retryByHand' | 'collapse';
/**
 * Every legal transition, grouped by the operation that makes it. Within an operation the rows
 * are in the order the drivers' guards list them: the claim guard must read exactly like the
 * partial claim index's predicate (`state IN ('pending', 'scheduled', 'retrying')`), or SQLite
 * will not use the index (a test compares them).
 */
export declare const TRANSITIONS: ReadonlyArray<{
    from: TaskState;
    to: TaskState;
    op: TaskOperation;
    by: string;
}>;
/** States from which each operation may start: the drivers' guarded updates name exactly these. */
export declare const SOURCE_STATES: Readonly<Record<TaskOperation, readonly TaskState[]>>;
/** States each operation may leave a task in. */
export declare const TARGET_STATES: Readonly<Record<TaskOperation, readonly TaskState[]>>;
/** States a worker can claim from once run_at has come. */
export declare const CLAIMABLE_STATES: readonly TaskState[];
/**
 * The states in which a worker holds a lease (what a claim makes): a heartbeat, completion,
 * failure, skip or unclaim is accepted only here, and only with the lease's token.
 */
export declare const LEASED_STATES: readonly TaskState[];
export declare function canTransition(from: TaskState, to: TaskState): boolean;
export declare function assertTransition(from: TaskState, to: TaskState, context?: Record<string, unknown>): void;
/** Whether `op` may start from `state` (the same question the SQL guards ask). */
export declare function canStart(op: TaskOperation, state: TaskState): boolean;
export declare function stateMachineMarkdown(): string;
