/**
 * Checks one setting's value against its schema, in words a person reads: "must be an integer
 * from 1 to 100000, got 0". Durations written as text ("30s") become milliseconds here. A problem
 * says where inside the value it is (a list item, a key of an entry), so the loader can point at
 * the exact line of the file.
 */
import type { TObject, TSchema } from '../vendor/typebox.js';
import { parseDuration } from '../model/duration.js';
import { isOptional, kindOf, type SettingDoc } from './kinds.js';
import { Problem, type SubPath } from './problem.js';
import { suggest, type Candidate } from './suggest.js';

export { Problem, type SubPath } from './problem.js';

const shown = (v: unknown): string => (v === undefined ? 'nothing' : (JSON.stringify(v) ?? String(v)));
const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

type Described = TSchema &
  Partial<SettingDoc> & {
    minimum?: number;
    maximum?: number;
    exclusiveMinimum?: number;
    exclusiveMaximum?: number;
    minItems?: number;
    maxItems?: number;
    pattern?: string;
    minLength?: number;
    maxLength?: number;
    anyOf?: TSchema[];
    items?: TSchema | TSchema[];
    properties?: Record<string, TSchema>;
    patternProperties?: Record<string, TSchema>;
    title?: string;
    const?: unknown;
  };

/** "from 1 to 10", "of at least 100ms", "above 0 and at most 1", or "". */
function range(s: Described, unit: (n: number) => string): string {
  // A duration's minimum of 0 goes without saying.
  const low = s.exclusiveMinimum !== undefined ? `above ${unit(s.exclusiveMinimum)}` : s.minimum !== undefined && (s.minimum > 0 || s.maximum !== undefined || !s.duration) ? s.minimum : undefined;
  const high = s.exclusiveMaximum !== undefined ? `below ${unit(s.exclusiveMaximum)}` : s.maximum;
  if (typeof low === 'number' && typeof high === 'number') return ` from ${unit(low)} to ${unit(high)}`;
  if (typeof low === 'number') return ` of at least ${unit(low)}`;
  if (low !== undefined && high !== undefined) return ` ${low} and ${typeof high === 'number' ? `at most ${unit(high)}` : high}`;
  if (low !== undefined) return ` ${low}`;
  if (high !== undefined) return typeof high === 'number' ? ` of at most ${unit(high)}` : ` ${high}`;
  return '';
}

/** The objects of a union told apart by their literal `type` (a provider), by type; else null. */
export function variantsOf(schema: TSchema): Map<string, TObject> | null {
  const s = schema as Described;
  if (kindOf(schema) !== 'Union' || !s.anyOf?.length) return null;
  const out = new Map<string, TObject>();
  for (const m of s.anyOf) {
    const type = (m as Described).properties?.type as Described | undefined;
    if (kindOf(m) !== 'Object' || !type || kindOf(type) !== 'Literal') return null;
    out.set(String(type.const), m as TObject);
  }
  return out;
}

/** 100 -> "100ms", 2073600000 -> "24d": a bound as people write it. */
function durationText(ms: number): string {
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

/** "an integer from 1 to 10", "a duration (e.g. 30s, 2m) of at least 100ms", "one of …". */
export function describe(schema: TSchema): string {
  const s = schema as Described;
  if (s.accepts) return s.accepts;
  switch (kindOf(schema)) {
    case 'Integer':
    case 'Number': {
      const unit = s.duration ? durationText : String;
      const what = s.duration ? 'a duration (e.g. 500ms, 30s, 2m, 1h30m, or milliseconds)' : kindOf(schema) === 'Integer' ? 'an integer' : 'a number';
      return `${what}${range(s, unit)}`;
    }
    case 'String':
      return s.relativePath ? 'a path' : s.pattern ? 'a name of letters, digits and . _ : - /' : s.minLength ? 'a non-empty string' : 'a string';
    case 'Boolean':
      return 'true or false';
    case 'Literal':
      return JSON.stringify(s.const);
    case 'Union': {
      const variants = variantsOf(schema);
      if (variants) return `a ${s.title ?? 'mapping'} with a type: ${[...variants.keys()].join(', ')}`;
      const values = (s.anyOf ?? []).map((v) => JSON.stringify((v as Described).const));
      return values.length === 2 ? `${values[0]} or ${values[1]}` : `one of ${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
    }
    case 'Array':
      return `a list of ${s.relativePath ? 'paths' : plural(describe(s.items as TSchema))}${s.minItems ? ` (at least ${s.minItems})` : ''}`;
    case 'Tuple':
      return `a list of ${(s.items as TSchema[]).length}: ${(s.items as TSchema[]).map(describe).join(', ')}`;
    case 'Object':
    case 'Record':
      return 'a mapping of settings';
    default:
      return 'a value';
  }
}

function plural(what: string): string {
  return what.replace(/^an? (non-empty )?(integer|string|number|duration|name|mapping|path)/, (_, ne: string | undefined, w: string) => `${ne ?? ''}${w}s`).replace(/^true or false$/, 'booleans');
}

/** The names a key misplaced in this object may have meant: its own, then those of its sub-objects ("policy.minWorkers"). */
function fieldCandidates(props: Record<string, TSchema>, prefix = ''): Candidate[] {
  const own = Object.keys(props).map((name) => ({ name, suggestion: `${prefix}${name}` }));
  const nested = Object.entries(props).flatMap(([name, p]) => (kindOf(p) === 'Object' ? fieldCandidates((p as Described).properties ?? {}, `${prefix}${name}.`) : []));
  return [...own, ...nested];
}

function checkObject(s: Described, value: Record<string, unknown>, at: SubPath): Record<string, unknown> {
  const props = s.properties ?? {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const p = props[k];
    if (!p) {
      const hint = suggest(k, fieldCandidates(props));
      throw new Problem([...at, k], `unknown setting${hint ? `; did you mean "${hint}"?` : ` (known: ${Object.keys(props).join(', ')})`}`, true);
    }
    // An empty YAML key (`provider:`) is not given; an empty sub-object is all its defaults.
    if (v === null && isOptional(p)) continue;
    out[k] = checkValue(p, v === null && kindOf(p) === 'Object' ? {} : v, [...at, k]);
  }
  // What is not given: its default, or nothing when optional; a sub-object is filled from its own defaults.
  for (const [k, p] of Object.entries(props)) {
    if (k in out || (k in value && value[k] === null)) continue;
    const d = (p as Described & { default?: unknown }).default;
    if (d !== undefined) out[k] = structuredClone(d);
    else if (isOptional(p)) continue;
    else if (kindOf(p) === 'Object') out[k] = checkValue(p, {}, [...at, k]);
    else throw new Problem([...at, k], `is required: ${describe(p)}`);
  }
  return out;
}

function checkVariant(s: Described, variants: Map<string, TObject>, value: unknown, at: SubPath): unknown {
  const what = s.title ?? 'type';
  const types = [...variants.keys()];
  if (!isPlainObject(value)) throw new Problem(at, `must be ${describe(s)}, got ${shown(value)}`);
  const type = value.type;
  if (type === undefined || type === null) throw new Problem([...at, 'type'], `is required: which ${what} (one of ${types.join(', ')})`);
  const variant = typeof type === 'string' ? variants.get(type) : undefined;
  if (!variant) {
    const hint = suggest(String(type), types.map((t) => ({ name: t, suggestion: t })));
    throw new Problem([...at, 'type'], `unknown ${what} ${shown(type)}${hint ? `; did you mean "${hint}"?` : ''} (one of ${types.join(', ')})`);
  }
  return checkObject(variant as Described, value, at);
}

/**
 * The value, checked against its schema and converted (durations to ms); the defaults of an
 * object's fields are filled in. Throws a Problem naming where inside the value it is.
 */
export function checkValue(schema: TSchema, value: unknown, at: SubPath = []): unknown {
  const s = schema as Described;
  const fail = (): never => {
    throw new Problem(at, `must be ${describe(schema)}, got ${shown(value)}`);
  };
  switch (kindOf(schema)) {
    case 'Integer':
    case 'Number': {
      let n = value;
      if (s.duration && typeof value === 'string') {
        try {
          n = parseDuration(value, '');
        } catch {
          fail();
        }
      }
      if (typeof n !== 'number' || !Number.isFinite(n) || (kindOf(schema) === 'Integer' && !Number.isInteger(n))) fail();
      const x = n as number;
      if ((s.minimum !== undefined && x < s.minimum) || (s.maximum !== undefined && x > s.maximum)) fail();
      if ((s.exclusiveMinimum !== undefined && x <= s.exclusiveMinimum) || (s.exclusiveMaximum !== undefined && x >= s.exclusiveMaximum)) fail();
      return n;
    }
    case 'String':
      if (typeof value !== 'string') fail();
      if ((s.minLength !== undefined && (value as string).length < s.minLength) || (s.maxLength !== undefined && (value as string).length > s.maxLength)) fail();
      if (s.pattern !== undefined && !new RegExp(s.pattern).test(value as string)) fail();
      return value;
    case 'Boolean':
      if (typeof value !== 'boolean') fail();
      return value;
    case 'Literal':
      if (value !== s.const) fail();
      return value;
    case 'Union': {
      const variants = variantsOf(schema);
      if (variants) return checkVariant(s, variants, value, at);
      if (!(s.anyOf ?? []).some((v) => (v as Described).const === value)) fail();
      return value;
    }
    case 'Array': {
      if (!Array.isArray(value)) fail();
      const list = value as unknown[];
      if (s.minItems !== undefined && list.length < s.minItems) fail();
      return list.map((item, i) => checkValue(s.items as TSchema, item, [...at, i]));
    }
    case 'Tuple': {
      const items = (s.items ?? []) as TSchema[];
      if (!Array.isArray(value) || value.length !== items.length) fail();
      return items.map((item, i) => checkValue(item, (value as unknown[])[i], [...at, i]));
    }
    case 'Object':
      if (!isPlainObject(value)) fail();
      return checkObject(s, value as Record<string, unknown>, at);
    case 'Record': {
      if (!isPlainObject(value)) fail();
      const inner = Object.values(s.patternProperties ?? {})[0];
      return inner ? Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, checkValue(inner, v, [...at, k])])) : value;
    }
    default:
      return value;
  }
}

/** A setting's value from the text of an environment variable or a flag. */
export function fromText(schema: TSchema, text: string): unknown {
  const s = schema as TSchema & SettingDoc & { items?: TSchema };
  switch (kindOf(schema)) {
    case 'Integer':
    case 'Number':
      return /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text.trim()) : text;
    case 'Boolean': {
      const t = text.trim().toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(t)) return true;
      if (['0', 'false', 'no', 'off'].includes(t)) return false;
      return text;
    }
    case 'Array':
      return text
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
        .map((x) => fromText(s.items!, x));
    default:
      return text;
  }
}
