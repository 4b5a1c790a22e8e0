/** Operator commands that change a task, or many: cancel and retry. */
import type { Command } from 'commander';
export declare function registerControl(program: Command): void;
