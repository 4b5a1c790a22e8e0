/**
 * The fields inside a structured setting — a list of objects (autoscale groups), an object (a
 * group's policy), a union told apart by `type` (a provider) — each with its own documentation
 * and reload kind (its own, else the enclosing field's). `taskframe config` shows them one per
 * line, the reloader applies the live ones one by one, and the docs list them.
 */
import type { TObject, TSchema } from '@sinclair/typebox';
import { type Reload } from './kinds.js';
import type { SubPath } from './problem.js';
import type { Setting } from './settings.js';
/** Shown and reloaded field by field: a setting made of fields, secrets excepted (they are shown whole, redacted). */
export declare function isStructured(s: Setting): boolean;
export interface Leaf {
    path: SubPath;
    schema: TSchema;
    reload: Reload;
    value: unknown;
}
/** The leaves of a value, by its schema: objects by field, lists of objects by item, a provider by its type. */
export declare function leavesOf(schema: TSchema, value: unknown, at: SubPath, reload: Reload): Leaf[];
export interface FieldChange {
    path: SubPath;
    /** The schema of what changed (for showing its values). */
    schema: TSchema;
    from: unknown;
    to: unknown;
    reload: Reload;
}
/**
 * What changed between two values of a setting, as finely as the schema allows, each change with
 * its reload kind. Items of a list are compared one by one only while the list keeps its length
 * and its items' names in order; otherwise the list changed as a whole (a group added, removed,
 * renamed or moved), with the list's own reload kind. A provider whose type changed changed whole.
 */
export declare function changesOf(schema: TSchema, from: unknown, to: unknown, at: SubPath, reload: Reload): FieldChange[];
export interface DocField {
    /** Relative to the setting: "name", "policy.minWorkers", "provider". */
    key: string;
    schema: TSchema;
    reload: Reload;
    /** No default and not optional: must be given. */
    required: boolean;
}
/**
 * The fields a structured schema documents, sub-objects flattened ("policy.scaleDown.cooldown").
 * A union told apart by type is one field here; its variants are documented on their own.
 */
export declare function documentedFields(schema: TSchema, reload: Reload, prefix?: string): DocField[];
/** The variants (by type) of the unions told apart by type inside a schema, each once, in order. */
export declare function variantsInside(schema: TSchema, found?: Map<string, TObject<import("@sinclair/typebox").TProperties>>): Map<string, TObject>;
