/**
 * What a command runs with: its configuration (file, environment, flags; see
 * docs/configuration.md), a logger made from it, and the store it names, opened and closed.
 */
import type { Command } from 'commander';
import type { LoadedConfig } from '../config/load.js';
import { loggerOptions, storeOptions } from '../config/options.js';
import { createLogger, type LogLevel, type TaskframeLogger } from '../logger.js';
import { Taskframe, type TaskframeOptions } from '../taskframe.js';
import { commandConfig } from './config-flags.js';
import { applyConfigFlow } from './config-flow.js';

export interface CommandContext {
  config: LoadedConfig;
  logger: TaskframeLogger;
  /** The level used when the configuration sets none. */
  defaultLevel: LogLevel;
}

export function commandContext(cmd: Command, defaultLevel: LogLevel = 'warn', name?: string): CommandContext {
  const config = commandConfig(cmd);
  const logger = createLogger({ ...loggerOptions(config.values, defaultLevel), ...(name ? { name } : {}) });
  for (const w of config.warnings) logger.warn(w);
  return { config, defaultLevel, logger };
}

/** Opens the store the configuration names. */
export function openTaskframe(ctx: CommandContext, extra: Partial<TaskframeOptions> = {}): Promise<Taskframe> {
  return Taskframe.open({ ...storeOptions(ctx.config.values), logger: ctx.logger, ...extra });
}

/** The store URL the command's configuration names (kept for commands that need only that). */
export function globalOptions(cmd: Command): { db: string } {
  return { db: commandConfig(cmd).values.store.url };
}

/**
 * The configuration's `flow:` section: its queues are known to this process's engine; with
 * `setLimits` (server and worker, when they start) its rules are set in the store, named by
 * `flow.limits[i]` when one is refused (e.g. an unknown queue).
 */
export async function applyFlowConfig(tf: Taskframe, ctx: CommandContext, setLimits: boolean): Promise<void> {
  const flow = ctx.config.values.flow;
  if (!flow) return;
  if (setLimits) await applyConfigFlow(tf.engine, flow);
  else tf.engine.flow.declareQueues(flow.queues);
}

export async function withTaskframe<T>(cmd: Command, fn: (tf: Taskframe) => Promise<T>): Promise<T> {
  const ctx = commandContext(cmd);
  const tf = await openTaskframe(ctx);
  try {
    await applyFlowConfig(tf, ctx, false);
    return await fn(tf);
  } finally {
    await tf.close();
  }
}
