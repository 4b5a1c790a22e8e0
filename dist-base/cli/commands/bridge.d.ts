import type { Command } from 'commander';
export declare function registerBridge(program: Command): void;
