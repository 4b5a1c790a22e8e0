import type { Task, TaskError } from '../model/task.js';
export interface FailureDecision {
    error: TaskError;
    retryAt: number | null;
    reason: 'failed' | 'timed_out';
}
export declare function toTaskError(err: unknown): TaskError;
export declare function decideFailure(task: Pick<Task, 'attempt' | 'maxAttempts' | 'backoff'>, err: unknown, now: number, random?: () => number): FailureDecision;
