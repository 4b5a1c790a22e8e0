import { Type } from '../vendor/typebox.js';
import { describe, expect, test } from 'vitest';
import { ValidationError } from '../model/errors.js';
import { fieldFromPath, typeboxValidatorCompiler } from './validation.js';

describe('fieldFromPath', () => {
  test('turns JSON pointers into field names', () => {
    expect(fieldFromPath('/priority', 'body')).toBe('priority');
    expect(fieldFromPath('/tasks/3/backoff/kind', 'body')).toBe('tasks[3].backoff.kind');
    expect(fieldFromPath('/a~1b', 'body')).toBe('a/b');
    expect(fieldFromPath('', 'query')).toBe('query');
  });
});

describe('validator compiler', () => {
  const schema = Type.Object({ n: Type.Integer({ default: 5 }), ok: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
  const compile = typeboxValidatorCompiler([]);
  test('bodies are not coerced: a numeric string is an error naming the field', () => {
    const v = compile({ schema, method: 'POST', url: '/', httpPart: 'body' }) as (d: unknown) => { value?: unknown; error?: Error };
    const r = v({ n: '5' });
    expect(r.error).toBeInstanceOf(ValidationError);
    expect((r.error as ValidationError).field).toBe('n');
    expect(v({ n: 5 }).value).toEqual({ n: 5 });
  });
  test('query strings are converted and defaulted', () => {
    const v = compile({ schema, method: 'GET', url: '/', httpPart: 'querystring' }) as (d: unknown) => { value?: unknown; error?: Error };
    expect(v({ n: '7', ok: 'true' }).value).toEqual({ n: 7, ok: true });
    expect(v({}).value).toEqual({ n: 5 });
    expect((v({ n: 'x' }).error as ValidationError).field).toBe('n');
  });
});

describe('union errors name the allowed forms, not "expected union value"', () => {
  const compile = typeboxValidatorCompiler([]);
  const check = (schema: ReturnType<typeof Type.Object>, body: unknown) =>
    ((compile({ schema, method: 'POST', url: '/', httpPart: 'body' }) as (d: unknown) => { error?: Error })(body).error as ValidationError).message;
  test('a union of literals lists them', () => {
    const s = Type.Object({ kind: Type.Union([Type.Literal('exponential'), Type.Literal('fixed')]) });
    expect(check(s, { kind: 'linear' })).toBe('kind: must be one of "exponential", "fixed" (got "linear")');
  });
  test('a union of types names each', () => {
    const s = Type.Object({ at: Type.Union([Type.Integer({ minimum: 0 }), Type.String({ format: 'date-time' }), Type.Null()]) });
    expect(check(s, { at: true })).toBe('at: must be an integer (>= 0) or a string (format date-time) or null (got true)');
  });
});
