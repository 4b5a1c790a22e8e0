/**
 * Every subcommand, one file each. Add a command by writing commands/NAME.ts exporting a
 * register function and listing it here.
 */
import type { Command } from 'commander';
export declare const COMMANDS: Array<(program: Command) => void>;
