/**
 * The schema as a flat list: every setting with its dotted key ("worker.concurrency"), and every
 * section. The loader, the docs, `taskframe config` and the CLI flags all iterate this list.
 */
import type { TObject, TSchema } from '@sinclair/typebox';
import { type SettingDoc } from './schema.js';
export { isOptional, kindOf } from './kinds.js';
export interface Setting {
    /** Dotted key: "worker.concurrency". */
    key: string;
    path: string[];
    schema: TSchema;
    doc: SettingDoc & {
        default?: unknown;
    };
    /** No default: absent means "not set". */
    optional: boolean;
}
export interface Section {
    key: string;
    path: string[];
    schema: TObject;
    optional: boolean;
    description: string;
}
/** Every setting, in schema order. */
export declare function allSettings(): Setting[];
export declare function allSections(): Section[];
/** Keys of the sections that exist only when given (bridge). */
export declare function optionalSectionKeys(): ReadonlySet<string>;
export declare function settingByKey(key: string): Setting | undefined;
