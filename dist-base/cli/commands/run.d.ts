import type { Command } from 'commander';
export declare function registerRun(program: Command): void;
