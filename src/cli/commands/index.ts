/**
 * Every subcommand, one file each. Add a command by writing commands/NAME.ts exporting a
 * register function and listing it here.
 */
import type { Command } from 'commander';
import { registerBridge } from './bridge.js';
import { registerControl } from './control.js';
import { registerEnqueue } from './enqueue.js';
import { registerInspect } from './inspect.js';
import { registerMigrate } from './migrate.js';
import { registerWorker } from './worker.js';

export const COMMANDS: Array<(program: Command) => void> = [registerEnqueue, registerWorker, registerInspect, registerControl, registerMigrate, registerBridge];
