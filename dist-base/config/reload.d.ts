/**
 * Reloading a running process's settings: on SIGHUP, or when the config file changes. The
 * configuration is read again whole (a bad one is refused and the process keeps its settings);
 * settings marked live in the schema take effect through the 'reloaded' event, and every other
 * changed setting is reported as needing a restart (the process keeps running with its old value).
 * Tests call reload() directly.
 */
import { EventEmitter } from 'node:events';
import { type LoadedConfig, type SettingSource } from './load.js';
import type { TSchema } from '@sinclair/typebox';
export interface Change {
    /** The setting, or a field inside one: "worker.concurrency", "autoscale.groups[0].policy.maxWorkers". */
    key: string;
    /** The schema of what changed, with its documentation (for showing its values: changeText). */
    schema: TSchema;
    from: unknown;
    to: unknown;
    source: SettingSource;
}
export interface ReloadReport {
    trigger: 'SIGHUP' | 'file' | 'call';
    /** Live settings that changed: the 'reloaded' listener applies them. */
    applied: Change[];
    /** Changed settings that take effect only after a restart. */
    needsRestart: Change[];
}
export interface ConfigReloaderEvents {
    reloaded: [report: ReloadReport, config: LoadedConfig];
    error: [err: Error];
}
export interface ConfigReloaderOptions {
    /** Watch the config file for changes (SIGHUP works either way). Default true. */
    watch?: boolean;
    /** Quiet time after the last change of the file before it is read: editors write in steps. */
    settleMs?: number;
}
export declare class ConfigReloader extends EventEmitter<ConfigReloaderEvents> {
    private readonly load;
    private readonly options;
    private config;
    private watcher;
    private timer;
    private lastText;
    private readonly onHangup;
    constructor(load: () => LoadedConfig, initial: LoadedConfig, options?: ConfigReloaderOptions);
    /** The settings in effect: live ones as last reloaded, the others as the process started. */
    get current(): LoadedConfig;
    start(): this;
    stop(): void;
    /** Reads the configuration again; null (and an 'error' event) when it is refused. */
    reload(trigger?: ReloadReport['trigger']): ReloadReport | null;
    private fileChanged;
    private readFile;
    private emitError;
}
