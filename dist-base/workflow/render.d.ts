import type { TaskState } from '../model/state.js';
import type { Task } from '../model/task.js';
import type { Run } from '../model/run.js';
export declare const STATE_MARK: Record<TaskState, string>;
export interface RenderOptions {
    now: number;
    /** Subtasks listed one by one up to this many per parent; beyond, counted. */
    maxChildren?: number;
    /** Nested subtask levels shown. */
    maxDepth?: number;
}
export declare function countStates(tasks: Task[]): Partial<Record<TaskState, number>>;
export declare function formatCounts(c: Partial<Record<TaskState, number>>): string;
export declare function renderRun(run: Run, allTasks: Task[], options: RenderOptions): string[];
