/**
 * The effective configuration: the schema's defaults, overridden by a file (`--config FILE`,
 * $TASKFRAME_CONFIG, or ./taskframe.yaml when it exists), overridden by TASKFRAME_* environment
 * variables, overridden by flags. Every value remembers where it came from. Bad input is a
 * ValidationError naming the setting and its source (file:line:column, the variable, the flag);
 * nothing is read twice and nothing changes until the whole configuration is good.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TObject, TSchema } from '../vendor/typebox.js';
import { ValidationError } from '../model/errors.js';
import { checkValue, fromText, Problem, type SubPath } from './check.js';
import { isStructured, leavesOf } from './fields.js';
import { readConfigFile, type ConfigFile } from './file-source.js';
import { keyOf } from './problem.js';
import { ConfigSchema, SECTION_RULES, type TaskframeConfig } from './schema.js';
import { allSections, allSettings, kindOf, optionalSectionKeys, settingByKey, type Setting } from './settings.js';
import { editDistance, suggest, type Candidate } from './suggest.js';

export { keyOf } from './problem.js';

export const DEFAULT_CONFIG_FILE = 'taskframe.yaml';
/** Names the config file when no --config is given. */
export const CONFIG_FILE_ENV = 'TASKFRAME_CONFIG';
/** The server's config file variable before there was one config; still read. */
const OLD_CONFIG_FILE_ENV = 'TASKFRAME_SERVER_CONFIG';

export type SettingSource =
  | { kind: 'default' }
  | { kind: 'file'; file: string; line: number; column: number }
  | { kind: 'env'; name: string }
  | { kind: 'flag'; flag: string };

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

type Tree = Record<string, unknown>;
const isPlainObject = (v: unknown): v is Tree => v !== null && typeof v === 'object' && !Array.isArray(v);

function locateFile(o: LoadConfigOptions, env: Record<string, string | undefined>, cwd: string): { file: string; named: string } | null {
  if (o.file) return { file: path.resolve(cwd, o.file), named: 'config file (--config)' };
  for (const name of [CONFIG_FILE_ENV, OLD_CONFIG_FILE_ENV]) {
    const v = env[name];
    if (v) return { file: path.resolve(cwd, v), named: `config file (${name})` };
  }
  if (o.findFile === false) return null;
  const found = path.join(cwd, DEFAULT_CONFIG_FILE);
  return fs.existsSync(found) ? { file: found, named: 'config file' } : null;
}

/** The keys of the optional sections `p` is in (itself included): their defaults apply only once they are given. */
function optionalAncestors(p: string[]): string[] {
  const optional = optionalSectionKeys();
  return p.map((_, i) => p.slice(0, i + 1).join('.')).filter((k) => optional.has(k));
}

class Builder {
  readonly values: Tree = {};
  readonly sources = new Map<string, SettingSource>();

  constructor() {
    for (const sec of allSections()) if (optionalAncestors(sec.path).length === 0) this.section(sec.path);
    for (const s of allSettings()) {
      if (s.doc.default !== undefined && optionalAncestors(s.path.slice(0, -1)).length === 0) this.set(s, structuredClone(s.doc.default), { kind: 'default' });
    }
  }

  /** Makes the section (and its parents) exist; an optional section gets its defaults then. */
  section(p: string[]): Tree {
    let node = this.values;
    for (let i = 0; i < p.length; i++) {
      const k = p[i]!;
      if (!isPlainObject(node[k])) {
        node[k] = {};
        const created = p.slice(0, i + 1).join('.');
        if (optionalSectionKeys().has(created)) {
          for (const s of allSettings()) if (s.key.startsWith(`${created}.`) && s.doc.default !== undefined) this.set(s, structuredClone(s.doc.default), { kind: 'default' });
        }
      }
      node = node[k] as Tree;
    }
    return node;
  }

  set(s: Setting, value: unknown, source: SettingSource): void {
    this.section(s.path.slice(0, -1))[s.path[s.path.length - 1]!] = value;
    for (const k of this.sources.keys()) if (k.startsWith(`${s.key}.`) || k.startsWith(`${s.key}[`)) this.sources.delete(k);
    this.sources.set(s.key, source);
  }
}

function candidatesFor(sectionPath: string[], siblings: string[]): Candidate[] {
  const prefix = sectionPath.length ? `${sectionPath.join('.')}.` : '';
  return [
    ...siblings.map((name) => ({ name, suggestion: `${prefix}${name}` })),
    ...allSettings().map((s) => ({ name: s.path[s.path.length - 1]!, suggestion: s.key, formerly: s.doc.formerly })),
    ...allSections().map((s) => ({ name: s.path[s.path.length - 1]!, suggestion: s.key })),
  ];
}

function resolvePaths(s: Setting, value: unknown, base: string): unknown {
  if (!s.doc.relativePath) return value;
  return Array.isArray(value) ? value.map((v) => path.resolve(base, String(v))) : path.resolve(base, String(value));
}

function applyFile(b: Builder, cf: ConfigFile): void {
  const fail = (p: SubPath, message: string, atKey = false): never => {
    const at = cf.locate(p, atKey);
    throw new ValidationError(`${cf.file}:${at.line}:${at.column}: ${keyOf(p)}`, message, { file: cf.file, line: at.line, column: at.column, key: keyOf(p), source: 'file' });
  };
  const walk = (schema: TObject, data: Tree, sectionPath: string[]): void => {
    for (const [k, v] of Object.entries(data)) {
      const p = [...sectionPath, k];
      const child = schema.properties[k] as TSchema | undefined;
      if (!child) {
        const hint = suggest(k, candidatesFor(sectionPath, Object.keys(schema.properties)));
        fail(p, `unknown setting${hint ? `; did you mean "${hint}"?` : ''}`, true);
      }
      if (kindOf(child!) === 'Object') {
        if (v === null) continue;
        if (!isPlainObject(v)) {
          const moved = allSettings().find((s) => s.doc.formerly?.includes(k));
          fail(p, `must be an object (a mapping of settings), got ${JSON.stringify(v)}${moved ? `; did you mean "${moved.key}"?` : ''}`);
        }
        b.section(p);
        walk(child as TObject, v as Tree, p);
        continue;
      }
      const s = settingByKey(p.join('.'))!;
      if (v === null && s.optional) continue;
      let value: unknown;
      try {
        value = checkValue(child!, v);
      } catch (err) {
        if (!(err instanceof Problem)) throw err;
        fail([...p, ...err.at], err.message, err.atKey);
      }
      const at = cf.locate(p);
      b.set(s, resolvePaths(s, value, path.dirname(cf.file)), { kind: 'file', file: cf.file, line: at.line, column: at.column });
      // Each field written in the file has its own place (a group's policy.minWorkers); the others are defaults.
      if (isStructured(s)) {
        for (const leaf of leavesOf(s.schema, value, p, s.doc.reload)) {
          if (!given(cf.data, leaf.path)) continue;
          const pos = cf.locate(leaf.path);
          b.sources.set(keyOf(leaf.path), { kind: 'file', file: cf.file, line: pos.line, column: pos.column });
        }
      }
    }
  };
  walk(ConfigSchema, cf.data, []);
}

function given(data: unknown, p: SubPath): boolean {
  let node = data;
  for (const k of p) {
    if (node === null || typeof node !== 'object' || !(k in node)) return false;
    node = (node as Record<string | number, unknown>)[k];
  }
  return node !== null && node !== undefined;
}

/** The setting a path inside the configuration belongs to ("autoscale.groups" for autoscale.groups[0].name). */
function settingAt(p: SubPath): Setting | undefined {
  const names: string[] = [];
  for (const k of p) {
    if (typeof k !== 'string') break;
    names.push(k);
  }
  for (let n = names.length; n > 0; n--) {
    const s = settingByKey(names.slice(0, n).join('.'));
    if (s) return s;
  }
  return undefined;
}

/** A problem found by a rule between settings, named where the setting it points at came from. */
function ruleError(err: Problem, sources: ReadonlyMap<string, SettingSource>, cf: ConfigFile | null): ValidationError {
  const key = keyOf(err.at);
  const setting = settingAt(err.at);
  const source = setting ? sources.get(setting.key) : undefined;
  if (source?.kind === 'file' && cf) {
    const at = cf.locate(err.at, err.atKey);
    return new ValidationError(`${cf.file}:${at.line}:${at.column}: ${key}`, err.message, { file: cf.file, line: at.line, column: at.column, key, source: 'file' });
  }
  if (source?.kind === 'env') return new ValidationError(`${key} (environment variable ${source.name})`, err.message, { key, source: 'env', env: source.name });
  if (source?.kind === 'flag') return new ValidationError(`${key} (flag ${source.flag})`, err.message, { key, source: 'flag', flag: source.flag });
  return new ValidationError(key, err.message, { key, source: 'default' });
}

function applyRules(values: TaskframeConfig, sources: ReadonlyMap<string, SettingSource>, cf: ConfigFile | null): void {
  try {
    for (const [key, rule] of Object.entries(SECTION_RULES)) (rule as (v: unknown, at: SubPath) => void)(values[key as keyof TaskframeConfig], [key]);
  } catch (err) {
    if (err instanceof Problem) throw ruleError(err, sources, cf);
    throw err;
  }
}

function applyText(b: Builder, s: Setting, text: string, source: SettingSource & { kind: 'env' | 'flag' }, cwd: string): void {
  let value: unknown;
  try {
    value = checkValue(s.schema, fromText(s.schema, text));
  } catch (err) {
    if (!(err instanceof Problem)) throw err;
    const where = source.kind === 'env' ? `environment variable ${source.name}` : `flag ${source.flag}`;
    throw new ValidationError(`${s.key} (${where})`, err.message, { key: s.key, source: source.kind, ...(source.kind === 'env' ? { env: source.name } : { flag: source.flag }) });
  }
  b.set(s, resolvePaths(s, value, cwd), source);
}

/**
 * TASKFRAME_* variables that set nothing but are one or two letters from one that does. Others
 * are left alone: executables are given TASKFRAME_TASK_ID and the like, and may run taskframe.
 */
function misspeltVariables(env: Record<string, string | undefined>): string[] {
  const known = [...allSettings().flatMap((s) => (s.doc.env ? [s.doc.env] : [])), CONFIG_FILE_ENV, OLD_CONFIG_FILE_ENV];
  const out: string[] = [];
  for (const name of Object.keys(env)) {
    if (!name.startsWith('TASKFRAME_') || known.includes(name)) continue;
    const near = known.find((k) => editDistance(name, k) <= 2);
    if (near) out.push(`${name} is not a setting; did you mean ${near}? (it is ignored)`);
  }
  return out;
}

export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const b = new Builder();
  const located = locateFile(options, env, cwd);
  const cf = located ? readConfigFile(located.file, located.named) : null;
  if (cf) applyFile(b, cf);
  for (const s of allSettings()) {
    const name = s.doc.env;
    const text = name === undefined ? undefined : env[name];
    // An empty variable counts as unset (`FOO= taskframe …` is how a shell unsets one for a command).
    if (text !== undefined && text !== '') applyText(b, s, text, { kind: 'env', name: name! }, cwd);
  }
  for (const [key, f] of Object.entries(options.flags ?? {})) {
    const s = settingByKey(key);
    if (!s) throw new Error(`flag ${f.flag} names no setting "${key}"`);
    if (typeof f.value === 'boolean') {
      if (kindOf(s.schema) !== 'Boolean') throw new Error(`flag ${f.flag} gives no value for ${key}`);
      b.set(s, f.value, { kind: 'flag', flag: f.flag });
    } else applyText(b, s, f.value, { kind: 'flag', flag: f.flag }, cwd);
  }
  applyRules(b.values as TaskframeConfig, b.sources, cf);
  return { values: b.values as TaskframeConfig, sources: b.sources, file: located?.file ?? null, warnings: misspeltVariables(env) };
}

/**
 * A section given as an object (the TypeScript API's way to configure one component, e.g. the
 * autoscaler), checked as the file's would be: its defaults filled in, unknown keys refused with a
 * suggestion, the rules between settings applied. Errors name the key ("autoscale.groups[0].name").
 */
export function checkSection<K extends keyof TaskframeConfig>(key: K, value: unknown): NonNullable<TaskframeConfig[K]> {
  const schema = ConfigSchema.properties[key];
  let checked: unknown;
  try {
    checked = checkValue(schema, value ?? {}, [key]);
    (SECTION_RULES[key] as ((v: unknown, at: SubPath) => void) | undefined)?.(checked, [key]);
  } catch (err) {
    if (!(err instanceof Problem)) throw err;
    throw new ValidationError(keyOf(err.at), err.message, { key: keyOf(err.at) });
  }
  return checked as NonNullable<TaskframeConfig[K]>;
}

/** The setting's documentation and value in a loaded config (for display and reload). */
export function valueAt(values: TaskframeConfig, key: string): unknown {
  let node: unknown = values;
  for (const k of key.split('.')) node = isPlainObject(node) ? node[k] : undefined;
  return node;
}

