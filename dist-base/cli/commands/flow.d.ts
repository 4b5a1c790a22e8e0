/**
 * Flow control from the command line (docs/flow-control.md): `taskframe limit set|rm|ls|usage`
 * and `taskframe pause|resume --name|--run|--schedule|--queue`, and `taskframe flow audit`.
 * Changes go to the store and hold from the next claim in every process; no restart.
 */
import type { Command } from 'commander';
export declare function registerFlow(program: Command): void;
