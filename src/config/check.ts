/**
 * Checks one setting's value against its schema, in words a person reads: "must be an integer
 * from 1 to 100000, got 0". Durations written as text ("30s") become milliseconds here. A problem
 * says where inside the value it is (a list item, a key of an entry), so the loader can point at
 * the exact line of the file.
 */
import type { TSchema } from '@sinclair/typebox';
import { parseDuration } from '../model/duration.js';
import { kindOf } from './settings.js';
import type { SettingDoc } from './schema.js';
import { suggest } from './suggest.js';

export type SubPath = Array<string | number>;

export class Problem extends Error {
  constructor(
    readonly at: SubPath,
    message: string,
    /** An unknown key: points at the key rather than its value. */
    readonly atKey = false,
  ) {
    super(message);
  }
}

const shown = (v: unknown): string => (v === undefined ? 'nothing' : (JSON.stringify(v) ?? String(v)));
const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** "an integer from 1 to 10", "a duration (e.g. 30s, 2m) of at least 100ms", "one of …". */
export function describe(schema: TSchema): string {
  const s = schema as TSchema & SettingDoc & { minimum?: number; maximum?: number; minItems?: number; pattern?: string; minLength?: number; anyOf?: TSchema[]; items?: TSchema };
  if (s.accepts) return s.accepts;
  switch (kindOf(schema)) {
    case 'Integer':
    case 'Number': {
      const unit = s.duration ? (n: number) => `${n}ms` : String;
      const what = s.duration ? 'a duration (e.g. 500ms, 30s, 2m, 1h30m, or milliseconds)' : kindOf(schema) === 'Integer' ? 'an integer' : 'a number';
      if (s.minimum !== undefined && s.maximum !== undefined) return `${what} from ${unit(s.minimum)} to ${unit(s.maximum)}`;
      if (s.minimum !== undefined && s.minimum > 0) return `${what} of at least ${unit(s.minimum)}`;
      return what;
    }
    case 'String':
      return s.relativePath ? 'a path' : s.pattern ? 'a name of letters, digits and . _ : - /' : s.minLength ? 'a non-empty string' : 'a string';
    case 'Boolean':
      return 'true or false';
    case 'Union': {
      const values = (s.anyOf ?? []).map((v) => JSON.stringify((v as { const?: unknown }).const));
      return values.length === 2 ? `${values[0]} or ${values[1]}` : `one of ${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
    }
    case 'Array':
      return `a list of ${s.relativePath ? 'paths' : plural(describe(s.items!))}${s.minItems ? ` (at least ${s.minItems})` : ''}`;
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

/** The value, checked (and converted: durations to ms). Throws a Problem. */
export function checkValue(schema: TSchema, value: unknown, at: SubPath = []): unknown {
  const s = schema as TSchema & SettingDoc & { minimum?: number; maximum?: number; minLength?: number; maxLength?: number; pattern?: string; minItems?: number; items?: TSchema; anyOf?: TSchema[]; properties?: Record<string, TSchema> };
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
      if ((s.minimum !== undefined && (n as number) < s.minimum) || (s.maximum !== undefined && (n as number) > s.maximum)) fail();
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
    case 'Union':
      if (!(s.anyOf ?? []).some((v) => (v as { const?: unknown }).const === value)) fail();
      return value;
    case 'Array': {
      if (!Array.isArray(value)) fail();
      const list = value as unknown[];
      if (s.minItems !== undefined && list.length < s.minItems) fail();
      return list.map((item, i) => checkValue(s.items!, item, [...at, i]));
    }
    case 'Object': {
      if (!isPlainObject(value)) fail();
      const props = s.properties ?? {};
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (!props[k]) {
          const hint = suggest(k, Object.keys(props).map((name) => ({ name, suggestion: name })));
          throw new Problem([...at, k], `unknown setting${hint ? `; did you mean "${hint}"?` : ` (known: ${Object.keys(props).join(', ')})`}`, true);
        }
        out[k] = checkValue(props[k]!, v, [...at, k]);
      }
      return out;
    }
    case 'Record':
      if (!isPlainObject(value)) fail();
      return value;
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
