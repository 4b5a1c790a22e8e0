/**
 * The schema as a flat list: every setting with its dotted key ("worker.concurrency"), and every
 * section. The loader, the docs, `taskframe config` and the CLI flags all iterate this list.
 */
import type { TObject, TSchema } from '../vendor/typebox.js';
import { isOptional, kindOf } from './kinds.js';
import { ConfigSchema, settingDoc, type SettingDoc } from './schema.js';

export { isOptional, kindOf } from './kinds.js';

export interface Setting {
  /** Dotted key: "worker.concurrency". */
  key: string;
  path: string[];
  schema: TSchema;
  doc: SettingDoc & { default?: unknown };
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

function walk(schema: TObject, path: string[], settings: Setting[], sections: Section[]): void {
  for (const [name, child] of Object.entries(schema.properties)) {
    const p = [...path, name];
    if (kindOf(child) === 'Object') {
      sections.push({ key: p.join('.'), path: p, schema: child as TObject, optional: isOptional(child), description: String(child.description ?? '') });
      walk(child as TObject, p, settings, sections);
    } else {
      settings.push({ key: p.join('.'), path: p, schema: child, doc: settingDoc(child), optional: isOptional(child) });
    }
  }
}

let cache: { settings: Setting[]; sections: Section[]; byKey: Map<string, Setting>; optional: Set<string> } | null = null;

function index() {
  if (!cache) {
    const settings: Setting[] = [];
    const sections: Section[] = [];
    walk(ConfigSchema, [], settings, sections);
    cache = { settings, sections, byKey: new Map(settings.map((s) => [s.key, s])), optional: new Set(sections.filter((s) => s.optional).map((s) => s.key)) };
  }
  return cache;
}

/** Every setting, in schema order. */
export function allSettings(): Setting[] {
  return index().settings;
}

export function allSections(): Section[] {
  return index().sections;
}

/** Keys of the sections that exist only when given (bridge). */
export function optionalSectionKeys(): ReadonlySet<string> {
  return index().optional;
}

export function settingByKey(key: string): Setting | undefined {
  return index().byKey.get(key);
}
