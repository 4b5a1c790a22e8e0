import type { Command } from 'commander';
export declare function registerEnqueue(program: Command): void;
