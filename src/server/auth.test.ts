import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { ValidationError } from '../model/errors.js';
import { TokenAuth, parseTokenEnv, parseTokenFile, type Scope } from './auth.js';
import { secretProblem } from './token-checks.js';

const A = '3f9c1e7a5b2d04c8e6a1'; // 20 random hex characters
const P = 'c81e4a09f7b3d265ea4c';

describe('TokenAuth', () => {
  const auth = new TokenAuth([
    { name: 'a', token: A, scopes: ['admin'] },
    { name: 'p', token: P, scopes: ['producer', 'worker'] },
  ]);
  test('identifies tokens by exact match only', () => {
    expect(auth.identify(A)).toEqual({ name: 'a', scopes: ['admin'] });
    expect(auth.identify(P)).toEqual({ name: 'p', scopes: ['producer', 'worker'] });
    expect(auth.identify(A.slice(0, -1))).toBeNull();
    expect(auth.identify(`${A}0`)).toBeNull();
    expect(auth.identify('')).toBeNull();
  });
  test('refuses short tokens and unknown scopes, without echoing the secret', () => {
    expect(() => new TokenAuth([{ name: 'x', token: 'short-secret', scopes: ['admin'] }])).toThrow(/tokens\[0\]\.token/);
    try {
      new TokenAuth([{ name: 'x', token: 'short-secret', scopes: ['admin'] }]);
    } catch (e) {
      expect((e as Error).message).not.toContain('short-secret');
    }
    expect(() => new TokenAuth([{ name: 'x', token: A, scopes: ['root' as 'admin'] }])).toThrow(ValidationError);
    expect(() => new TokenAuth([{ name: 'x', token: A, scopes: [] }])).toThrow(/scopes/);
  });
});

describe('token checks at start: refused, naming the token, never showing the secret', () => {
  const refused = (tokens: Array<{ name: string; token: string; scopes: Scope[] }>) => {
    try {
      new TokenAuth(tokens);
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      const message = (e as Error).message;
      for (const t of tokens) expect(message).not.toContain(t.token);
      return message;
    }
    throw new Error('accepted');
  };

  test.each([
    ['one character repeated', 'a'.repeat(24), /token "ci": its secret is one character repeated/],
    ['a short pattern repeated', 'ab12'.repeat(6), /token "ci": its secret uses only 4 different characters/],
    ['a phrase repeated', 'Summer24!Summer24!', /token "ci": its secret is one 9-character part repeated/],
    ['a dictionary word plus digits', 'password12345678', /token "ci": its secret is too easy to guess: .*only 0 of its 16 characters remain/],
    ['a word in 1337 plus a year', 'P4ssw0rd!2024abc', /token "ci": its secret is too easy to guess/],
    ['words, a sequence and its own name', 'ci-secret-token-0123', /token "ci": its secret is too easy to guess/],
    ['the product name and digits', 'taskframe2024taskframe!', /token "ci": its secret is too easy to guess/],
    ['too short', 'k3x9-q2', /token "ci": its secret must be at least 16 characters \(it has 7\)/],
  ])('%s', (_what, token, message) => {
    expect(refused([{ name: 'ci', token, scopes: ['producer'] }])).toMatch(message);
  });

  test('every refusal says how to make a good secret', () => {
    expect(refused([{ name: 'ci', token: 'a'.repeat(24), scopes: ['producer'] }])).toMatch(/openssl rand -hex 24/);
  });

  test('one secret given twice, with different scopes', () => {
    const message = refused([
      { name: 'app', token: A, scopes: ['producer'] },
      { name: 'ops', token: A, scopes: ['admin'] },
    ]);
    expect(message).toMatch(/^tokens\[1\]\.token: tokens "app" and "ops" have the same secret, with different scopes \(producer and admin\)/);
  });

  test('one secret given twice, even with the same scopes', () => {
    expect(refused([{ name: 'a1', token: A, scopes: ['worker'] }, { name: 'a2', token: A, scopes: ['worker'] }])).toMatch(/have the same secret, with the same scopes/);
  });

  test('two tokens with one name', () => {
    expect(refused([{ name: 'ci', token: A, scopes: ['producer'] }, { name: 'ci', token: P, scopes: ['worker'] }])).toMatch(/^tokens\[1\]\.name: two tokens are named "ci" \(tokens\[0\] and tokens\[1\]\)/);
  });

  test('a token without a name', () => {
    expect(refused([{ name: ' ', token: A, scopes: ['producer'] }])).toMatch(/^tokens\[0\]\.name: every token needs a name/);
  });

  test('generated secrets pass (1,000 each of openssl rand -hex 24 and -base64 18)', () => {
    for (let i = 0; i < 1000; i++) {
      expect(secretProblem(randomBytes(24).toString('hex'), 'ci')).toBeNull();
      expect(secretProblem(randomBytes(18).toString('base64'), 'ci')).toBeNull();
    }
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
