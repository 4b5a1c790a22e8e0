/**
 * Long-running commands (worker, server, bridge, schedule, autoscale) follow their configuration: on
 * SIGHUP or a change of the config file, live settings are applied (the log level here, the rest
 * by the command's `apply`), and every other change is logged as needing a restart.
 */
import type { Command } from 'commander';
import { ConfigReloader } from '../config/reload.js';
import type { TaskframeConfig } from '../config/schema.js';
import type { CommandContext } from './context.js';
export declare function followConfig(cmd: Command, ctx: CommandContext, apply?: (config: TaskframeConfig) => void): ConfigReloader;
