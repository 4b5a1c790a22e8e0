/**
 * `taskframe config [--json]`: the effective settings, where each came from (default,
 * file:line:column, env NAME, flag --name) and whether a running process applies a change live
 * or needs a restart. Secrets are never printed.
 */
import type { Command } from 'commander';
export declare function registerConfig(program: Command): void;
