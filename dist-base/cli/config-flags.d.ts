/**
 * Flags come from the configuration schema: a command lists the settings it takes as flags, and
 * each flag's name and help come from that setting's documentation. commandConfig() then loads
 * the configuration with the flags actually typed on the command line as the top layer.
 */
import { type Command } from 'commander';
import { type FlagValue, type LoadedConfig } from '../config/load.js';
/** Adds the flags of these settings to the command (see the schema for each one's flag). */
export declare function settingFlags(cmd: Command, keys: string[]): Command;
/** The flags every command takes. */
export declare function globalFlags(program: Command): Command;
/** The setting → value of every config flag typed on the command line (not defaults). */
export declare function typedFlags(cmd: Command): Record<string, FlagValue>;
/** The configuration this command runs with: file, environment, and its flags on top. */
export declare function commandConfig(cmd: Command): LoadedConfig;
