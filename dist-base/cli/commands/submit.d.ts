import type { Command } from 'commander';
export declare function registerSubmit(program: Command): void;
