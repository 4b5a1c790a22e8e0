/** Read commands: status, ls, audit. Human output by default, --json for scripts. */
import type { Command } from 'commander';
import type { Task } from '../../model/task.js';
export declare function renderTask(t: Task): string;
export declare function registerInspect(program: Command): void;
