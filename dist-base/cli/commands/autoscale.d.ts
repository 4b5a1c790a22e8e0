import type { Command } from 'commander';
export declare function registerAutoscale(program: Command): void;
