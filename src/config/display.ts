/**
 * Settings as `taskframe config` shows them: the value (secrets hidden, durations as "30s"),
 * where it came from, and whether a change applies live or needs a restart.
 */
import path from 'node:path';
import type { TSchema } from '../vendor/typebox.js';
import { isStructured, leavesOf } from './fields.js';
import { valueAt, type LoadedConfig, type SettingSource } from './load.js';
import { keyOf } from './problem.js';
import type { Reload, SettingDoc } from './schema.js';
import { allSettings, type Setting } from './settings.js';

export const REDACTED = '[redacted]';

/** 90000 -> "1m30s", 1500 -> "1500ms": exact, unlike a rounded display. */
export function exactDuration(ms: number): string {
  const units: Array<[string, number]> = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ];
  if (ms === 0) return '0s';
  if (ms % 1000 !== 0) return `${ms}ms`;
  let rest = ms;
  let out = '';
  for (const [u, size] of units) {
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${u}`;
      rest %= size;
    }
  }
  return out;
}

function hideUrlPassword(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@]*@/i, `$1${REDACTED}@`);
}

/** The value with its secrets hidden, as JSON. */
export function shownValue(s: Setting, value: unknown): unknown {
  if (value === undefined) return null;
  if (s.doc.secret === 'url' && typeof value === 'string') return hideUrlPassword(value);
  if (s.doc.secret === 'all') {
    // Token entries keep everything but the secret itself: which tokens and how they are given.
    if (Array.isArray(value)) return value.map((e: Record<string, unknown>) => ('token' in e ? { ...e, token: REDACTED } : e));
    return REDACTED;
  }
  return value;
}

export function shownText(s: Pick<Setting, 'doc'>, value: unknown): string {
  if (value === undefined) return `(not set: ${s.doc.defaultText?.replace(/`/g, '') ?? 'none'})`;
  const v = shownValue(s as Setting, value);
  if (s.doc.duration && typeof v === 'number') return exactDuration(v);
  if (Array.isArray(v)) return v.length === 0 ? '[]' : v.every((x) => typeof x === 'string') ? v.join(',') : JSON.stringify(v);
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** A value of a setting, or of a field inside one, as `taskframe config` shows it (a reload's log line uses it too). */
export function fieldText(schema: TSchema, value: unknown): string {
  return shownText({ doc: schema as unknown as SettingDoc }, value);
}

export function sourceText(src: SettingSource | undefined, cwd = process.cwd()): string {
  if (!src || src.kind === 'default') return 'default';
  if (src.kind === 'file') {
    const rel = path.relative(cwd, src.file);
    return `${rel && !rel.startsWith('..') ? rel : src.file}:${src.line}:${src.column}`;
  }
  return src.kind === 'env' ? `env ${src.name}` : `flag ${src.flag}`;
}

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
export function shownSettings(loaded: LoadedConfig): ShownSetting[] {
  const out: ShownSetting[] = [];
  for (const s of allSettings()) {
    const section = valueAt(loaded.values, s.path.slice(0, -1).join('.'));
    if (section === undefined) continue;
    const value = valueAt(loaded.values, s.key);
    const source = loaded.sources.get(s.key) ?? { kind: 'default' as const };
    if (value !== undefined && isStructured(s)) {
      for (const leaf of leavesOf(s.schema, value, s.path, s.doc.reload)) {
        const key = keyOf(leaf.path);
        // A field not written where its setting was given took its default.
        const from = loaded.sources.get(key) ?? (source.kind === 'file' ? { kind: 'default' as const } : source);
        out.push({ key, value: leaf.value, text: fieldText(leaf.schema, leaf.value), source: from, reload: leaf.reload });
      }
      continue;
    }
    out.push({ key: s.key, value: shownValue(s, value), text: shownText(s, value), source, reload: s.doc.reload });
  }
  return out;
}
