/**
 * What a command runs with: its configuration (file, environment, flags; see
 * docs/configuration.md), a logger made from it, and the store it names, opened and closed.
 */
import type { Command } from 'commander';
import type { LoadedConfig } from '../config/load.js';
import { type LogLevel, type TaskframeLogger } from '../logger.js';
import { Taskframe, type TaskframeOptions } from '../taskframe.js';
export interface CommandContext {
    config: LoadedConfig;
    logger: TaskframeLogger;
    /** The level used when the configuration sets none. */
    defaultLevel: LogLevel;
}
export declare function commandContext(cmd: Command, defaultLevel?: LogLevel, name?: string): CommandContext;
/** Opens the store the configuration names. */
export declare function openTaskframe(ctx: CommandContext, extra?: Partial<TaskframeOptions>): Promise<Taskframe>;
/** The store URL the command's configuration names (kept for commands that need only that). */
export declare function globalOptions(cmd: Command): {
    db: string;
};
/**
 * The configuration's `flow:` section: its queues are known to this process's engine; with
 * `setLimits` (server and worker, when they start) its rules are set in the store, named by
 * `flow.limits[i]` when one is refused (e.g. an unknown queue).
 */
export declare function applyFlowConfig(tf: Taskframe, ctx: CommandContext, setLimits: boolean): Promise<void>;
export declare function withTaskframe<T>(cmd: Command, fn: (tf: Taskframe) => Promise<T>): Promise<T>;
