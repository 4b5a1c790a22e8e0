import { describe, expect, test } from 'vitest';
import { ValidationError } from '../model/errors.js';
import { TokenAuth, parseTokenEnv, parseTokenFile } from './auth.js';

describe('TokenAuth', () => {
  const auth = new TokenAuth([
    { name: 'a', token: 'a'.repeat(20), scopes: ['admin'] },
    { name: 'p', token: 'p'.repeat(20), scopes: ['producer', 'worker'] },
  ]);
  test('identifies tokens by exact match only', () => {
    expect(auth.identify('a'.repeat(20))).toEqual({ name: 'a', scopes: ['admin'] });
    expect(auth.identify('p'.repeat(20))).toEqual({ name: 'p', scopes: ['producer', 'worker'] });
    expect(auth.identify('a'.repeat(19))).toBeNull();
    expect(auth.identify('a'.repeat(21))).toBeNull();
    expect(auth.identify('')).toBeNull();
  });
  test('refuses short tokens and unknown scopes, without echoing the secret', () => {
    expect(() => new TokenAuth([{ name: 'x', token: 'short-secret', scopes: ['admin'] }])).toThrow(/tokens\[0\]\.token/);
    try {
      new TokenAuth([{ name: 'x', token: 'short-secret', scopes: ['admin'] }]);
    } catch (e) {
      expect((e as Error).message).not.toContain('short-secret');
    }
    expect(() => new TokenAuth([{ name: 'x', token: 'x'.repeat(20), scopes: ['root' as 'admin'] }])).toThrow(ValidationError);
    expect(() => new TokenAuth([{ name: 'x', token: 'x'.repeat(20), scopes: [] }])).toThrow(/scopes/);
  });
});

describe('token sources', () => {
  test('env list', () => {
    expect(parseTokenEnv(' ci:producer:abc , w:worker+producer:def ')).toEqual([
      { name: 'ci', scopes: ['producer'], token: 'abc' },
      { name: 'w', scopes: ['worker', 'producer'], token: 'def' },
    ]);
    expect(() => parseTokenEnv('ci:abc')).toThrow(/TASKFRAME_TOKENS\[0\]/);
    try {
      parseTokenEnv('ci:producer:abc:extra-secret');
    } catch (e) {
      expect((e as Error).message).not.toContain('extra-secret');
    }
  });
  test('file lines, with comments and line numbers in errors', () => {
    expect(parseTokenFile('# tokens\n\nci producer abc\n', 'tokens.txt')).toEqual([{ name: 'ci', scopes: ['producer'], token: 'abc' }]);
    expect(() => parseTokenFile('ci producer\n', 'tokens.txt')).toThrow(/tokens\.txt:1/);
  });
});
