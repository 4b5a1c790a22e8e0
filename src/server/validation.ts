/**
 * Fastify's validator compiler, built on TypeBox: request bodies are checked as sent (no type
 * coercion — a string where a number belongs is an error naming the field, never silently
 * converted), while query strings and path parameters, which are text by nature, are converted
 * first. The first error becomes a ValidationError naming the field, mapped to 400 in errors.ts.
 */
import { FormatRegistry, TypeCompiler, Value, type TSchema } from '../vendor/typebox.js';
import type { FastifySchemaCompiler } from 'fastify';
import { ValidationError } from '../model/errors.js';

// TypeBox knows no string formats by itself; these are the ones our schemas use.
if (!FormatRegistry.Has('date-time')) {
  FormatRegistry.Set('date-time', (v) => /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(v) && !Number.isNaN(Date.parse(v)));
}

/** "/tasks/3/priority" -> "tasks[3].priority" */
export function fieldFromPath(path: string, part: string): string {
  const segs = path.split('/').filter(Boolean).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let out = '';
  for (const s of segs) out += /^\d+$/.test(s) ? `[${s}]` : out ? `.${s}` : s;
  return out || part;
}

export function typeboxValidatorCompiler(references: TSchema[]): FastifySchemaCompiler<TSchema> {
  return ({ schema, httpPart }) => {
    const check = TypeCompiler.Compile(schema, references);
    const textual = httpPart === 'querystring' || httpPart === 'params' || httpPart === 'headers';
    const part = httpPart === 'querystring' ? 'query' : (httpPart ?? 'body');
    return (data: unknown) => {
      let value = data;
      if (textual) {
        value = Value.Convert(schema, references, Value.Clone(data));
        value = Value.Default(schema, references, value);
      }
      if (check.Check(value)) return { value };
      const first = check.Errors(value).First();
      if (!first) return { error: new ValidationError(part, 'is invalid') };
      const field = fieldFromPath(first.path, part);
      const message = describe(first.message, first.value, first.schema);
      const err = new ValidationError(field, message, { in: part });
      return { error: err };
    };
  };
}

function describe(message: string, value: unknown, schema: TSchema): string {
  const shown = value === undefined ? 'missing' : showValue(value);
  const text = shown && shown.length > 80 ? `${shown.slice(0, 77)}...` : shown;
  const what = allowedForms(schema) ?? `${message.charAt(0).toLowerCase()}${message.slice(1)}`;
  return `${what} (got ${text})`;
}

/** JSON of a rejected value for the message; a value nested past the printer's stack is described instead (it once made the message itself fail: a 500). */
function showValue(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Array.isArray(value) ? 'an array nested too deep to show' : 'a value nested too deep to show';
  }
}

/** For a union, what it allows ("must be one of a, b", "must be a string or null") instead of TypeBox's "expected union value". */
export function allowedForms(schema: TSchema): string | null {
  const anyOf = (schema as { anyOf?: TSchema[] }).anyOf;
  if (!Array.isArray(anyOf) || anyOf.length === 0) return null;
  if (anyOf.every((s) => 'const' in s)) return `must be one of ${anyOf.map((s) => JSON.stringify(s.const)).join(', ')}`;
  return `must be ${anyOf.map(formOf).join(' or ')}`;
}

function formOf(s: TSchema): string {
  if ('const' in s) return JSON.stringify(s.const);
  const type = typeof s.type === 'string' ? s.type : 'a value';
  const bits: string[] = [];
  if (s.format) bits.push(`format ${s.format}`);
  if (s.minimum !== undefined && s.maximum !== undefined) bits.push(`${s.minimum}..${s.maximum}`);
  else if (s.minimum !== undefined) bits.push(`>= ${s.minimum}`);
  if (s.minLength !== undefined || s.maxLength !== undefined) bits.push(`${s.minLength ?? 0}..${s.maxLength ?? '∞'} characters`);
  const article = type === 'null' ? '' : /^[aeiou]/.test(type) ? 'an ' : 'a ';
  return `${article}${type}${bits.length ? ` (${bits.join(', ')})` : ''}`;
}
