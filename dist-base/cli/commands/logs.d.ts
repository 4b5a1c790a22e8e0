/**
 * `taskframe logs ID|NAME [--attempt N] [--follow] [--json]`: the captured stdout/stderr of an
 * executable task (the newest task of that name when given a name), interleaved as it happened.
 * `taskframe logs STEP --run RUN`: of a workflow step (`build`, `map[7]`) in a run.
 * --follow streams new lines until the task finishes. --json prints one JSON object per line.
 */
import type { Command } from 'commander';
import type { Task } from '../../model/task.js';
import type { Taskframe } from '../../taskframe.js';
export declare function resolveTask(tf: Taskframe, ref: string, runId?: string): Promise<Task>;
export declare function registerLogs(program: Command): void;
