import type { Command } from 'commander';
export declare function registerServer(program: Command): void;
