import { type TaskframeConfig } from './schema.js';
export { keyOf } from './problem.js';
export declare const DEFAULT_CONFIG_FILE = "taskframe.yaml";
/** Names the config file when no --config is given. */
export declare const CONFIG_FILE_ENV = "TASKFRAME_CONFIG";
export type SettingSource = {
    kind: 'default';
} | {
    kind: 'file';
    file: string;
    line: number;
    column: number;
} | {
    kind: 'env';
    name: string;
} | {
    kind: 'flag';
    flag: string;
};
/** A flag given on the command line, by the setting it sets. */
export interface FlagValue {
    value: string | boolean;
    /** As typed, for messages: "--concurrency". */
    flag: string;
}
export interface LoadConfigOptions {
    /** The config file (--config); it must exist. */
    file?: string;
    /** Where ./taskframe.yaml is looked for and relative paths start (default: the working directory). */
    cwd?: string;
    /** Default: process.env. */
    env?: Record<string, string | undefined>;
    /** Flags by setting key ("worker.concurrency"). */
    flags?: Record<string, FlagValue>;
    /** Look for ./taskframe.yaml when no file is named (default true). */
    findFile?: boolean;
}
export interface LoadedConfig {
    values: TaskframeConfig;
    /** Where each setting that has a value came from. */
    sources: ReadonlyMap<string, SettingSource>;
    /** The file read (absolute), or null. */
    file: string | null;
    /** Things worth saying that refuse nothing: a TASKFRAME_* variable that looks like a misspelt setting. */
    warnings: string[];
}
export declare function loadConfig(options?: LoadConfigOptions): LoadedConfig;
/**
 * A section given as an object (the TypeScript API's way to configure one component, e.g. the
 * autoscaler), checked as the file's would be: its defaults filled in, unknown keys refused with a
 * suggestion, the rules between settings applied. Errors name the key ("autoscale.groups[0].name").
 */
export declare function checkSection<K extends keyof TaskframeConfig>(key: K, value: unknown): NonNullable<TaskframeConfig[K]>;
/** The setting's documentation and value in a loaded config (for display and reload). */
export declare function valueAt(values: TaskframeConfig, key: string): unknown;
