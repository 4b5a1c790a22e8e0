import type { Command } from 'commander';
export declare function registerRuns(program: Command): void;
