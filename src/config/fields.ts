/**
 * The fields inside a structured setting — a list of objects (autoscale groups), an object (a
 * group's policy), a union told apart by `type` (a provider) — each with its own documentation
 * and reload kind (its own, else the enclosing field's). `taskframe config` shows them one per
 * line, the reloader applies the live ones one by one, and the docs list them.
 */
import type { TObject, TSchema } from '../vendor/typebox.js';
import { variantsOf } from './check.js';
import { kindOf, isOptional, type Reload, type SettingDoc } from './kinds.js';
import type { SubPath } from './problem.js';
import type { Setting } from './settings.js';

type Doc = Partial<SettingDoc> & { default?: unknown; items?: TSchema; properties?: Record<string, TSchema> };
const doc = (s: TSchema): Doc => s as unknown as Doc;
const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function hasFields(schema: TSchema): boolean {
  const k = kindOf(schema);
  return k === 'Object' || variantsOf(schema) !== null || (k === 'Array' && hasFields(doc(schema).items!));
}

/** Shown and reloaded field by field: a setting made of fields, secrets excepted (they are shown whole, redacted). */
export function isStructured(s: Setting): boolean {
  return s.doc.secret === undefined && hasFields(s.schema);
}

export interface Leaf {
  path: SubPath;
  schema: TSchema;
  reload: Reload;
  value: unknown;
}

/** The leaves of a value, by its schema: objects by field, lists of objects by item, a provider by its type. */
export function leavesOf(schema: TSchema, value: unknown, at: SubPath, reload: Reload): Leaf[] {
  const here = doc(schema).reload ?? reload;
  const variant = variantsOf(schema);
  if (variant && isPlainObject(value) && typeof value.type === 'string' && variant.has(value.type)) return leavesOf(variant.get(value.type)!, value, at, here);
  if (kindOf(schema) === 'Object' && isPlainObject(value)) {
    return Object.entries(doc(schema).properties ?? {}).flatMap(([k, p]) => (k in value ? leavesOf(p, value[k], [...at, k], here) : []));
  }
  if (kindOf(schema) === 'Array' && hasFields(doc(schema).items!) && Array.isArray(value)) return value.flatMap((v, i) => leavesOf(doc(schema).items!, v, [...at, i], here));
  return [{ path: at, schema, reload: here, value }];
}

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
export function changesOf(schema: TSchema, from: unknown, to: unknown, at: SubPath, reload: Reload): FieldChange[] {
  if (same(from, to)) return [];
  const here = doc(schema).reload ?? reload;
  const whole = [{ path: at, schema, from, to, reload: here }];
  const variant = variantsOf(schema);
  if (variant) {
    if (!isPlainObject(from) || !isPlainObject(to) || from.type !== to.type || !variant.has(String(to.type))) return whole;
    return changesOf(variant.get(String(to.type))!, from, to, at, here);
  }
  if (kindOf(schema) === 'Object' && isPlainObject(from) && isPlainObject(to)) {
    return Object.entries(doc(schema).properties ?? {}).flatMap(([k, p]) => changesOf(p, from[k], to[k], [...at, k], here));
  }
  const items = doc(schema).items;
  if (kindOf(schema) === 'Array' && items && hasFields(items) && Array.isArray(from) && Array.isArray(to)) {
    const nameOf = (v: unknown) => (isPlainObject(v) ? v.name : undefined);
    if (from.length !== to.length || from.some((v, i) => nameOf(v) !== nameOf(to[i]))) return whole;
    return to.flatMap((v, i) => changesOf(items, from[i], v, [...at, i], here));
  }
  return whole;
}

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
export function documentedFields(schema: TSchema, reload: Reload, prefix = ''): DocField[] {
  const here = doc(schema).reload ?? reload;
  if (kindOf(schema) === 'Array') return documentedFields(doc(schema).items!, here, prefix);
  const props = doc(schema).properties ?? {};
  return Object.entries(props).flatMap(([k, p]): DocField[] => {
    const own = doc(p).reload ?? here;
    if (kindOf(p) === 'Object') return documentedFields(p, own, `${prefix}${k}.`);
    return [{ key: `${prefix}${k}`, schema: p, reload: own, required: !isOptional(p) && doc(p).default === undefined }];
  });
}

/** The variants (by type) of the unions told apart by type inside a schema, each once, in order. */
export function variantsInside(schema: TSchema, found = new Map<string, TObject>()): Map<string, TObject> {
  const variants = variantsOf(schema);
  if (variants) for (const [type, v] of variants) found.set(type, v);
  else if (kindOf(schema) === 'Array') variantsInside(doc(schema).items!, found);
  else if (kindOf(schema) === 'Object') for (const p of Object.values(doc(schema).properties ?? {})) variantsInside(p, found);
  return found;
}
