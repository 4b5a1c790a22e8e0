import type { TSchema } from '@sinclair/typebox';
import { type LoadedConfig, type SettingSource } from './load.js';
import type { Reload } from './schema.js';
import { type Setting } from './settings.js';
export declare const REDACTED = "[redacted]";
/** 90000 -> "1m30s", 1500 -> "1500ms": exact, unlike a rounded display. */
export declare function exactDuration(ms: number): string;
/** The value with its secrets hidden, as JSON. */
export declare function shownValue(s: Setting, value: unknown): unknown;
export declare function shownText(s: Pick<Setting, 'doc'>, value: unknown): string;
/** A value of a setting, or of a field inside one, as `taskframe config` shows it (a reload's log line uses it too). */
export declare function fieldText(schema: TSchema, value: unknown): string;
export declare function sourceText(src: SettingSource | undefined, cwd?: string): string;
export interface ShownSetting {
    key: string;
    value: unknown;
    text: string;
    source: SettingSource;
    reload: Reload;
}
/**
 * Every setting of the loaded config, in schema order (an absent optional section is left out). A
 * structured setting is shown field by field (autoscale.groups[0].policy.minWorkers), each with
 * its own source and reload kind.
 */
export declare function shownSettings(loaded: LoadedConfig): ShownSetting[];
