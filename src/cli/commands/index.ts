/**
 * Every subcommand, one file each. Add a command by writing commands/NAME.ts exporting a
 * register function and listing it here.
 */
import type { Command } from 'commander';
import { registerMigrate } from './migrate.js';
import { registerServer } from './server.js';

export const COMMANDS: Array<(program: Command) => void> = [registerMigrate, registerServer];
