/**
 * Bad input, generated: fast-check feeds every surface that takes a task (the HTTP API, the
 * CLI's enqueue, YAML workflows) and both unit formats values that must be refused (out-of-range
 * numbers and dates, huge and negative durations, wrong types, deep nesting, unicode, control
 * characters, oversized strings, unknown keys) and asserts what a user relies on: a 4xx (HTTP)
 * or exit 2 (CLI), a message naming the field (or the file:line of the bad key), and the store
 * exactly as it was (tasks, events and runs counted before and after).
 *
 * Fixed seed and bounded runs, so the suite is repeatable and fast; a failure prints the seed,
 * path and the smallest counterexample. Every 500 or partial write found this way becomes a
 * fixed case in test/server/bad-input.test.ts.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { ValidationError } from '../../src/model/errors.js';
import { buildApp } from '../../src/server/app.js';
import { submitWorkflow } from '../../src/workflow/submit.js';
import { parseUnit } from '../../src/units/load.js';
import { freshSqlite, tempDir, type TestStore } from '../helpers/stores.js';
import { CLI, TOKENS } from '../server/harness.js';

const SEED = 20_261_205;
const run = <T>(arb: fc.Arbitrary<T>, numRuns: number, check: (v: T) => Promise<void> | void) =>
  fc.assert(fc.asyncProperty(arb, async (v) => check(v)), { seed: SEED, numRuns, endOnFailure: true });

let ts: TestStore;
let engine: Engine;
let app: FastifyInstance;
const auth = { authorization: `Bearer ${TOKENS.admin}`, 'content-type': 'application/json' };

/** Everything a refused request could have written. */
async function counts() {
  await engine.flush();
  return {
    tasks: (await ts.store.taskList({ limit: 100_000 })).length,
    events: (await ts.store.eventFeed({ limit: 100_000 })).length,
    runs: (await ts.store.runList({ limit: 10_000 })).length,
  };
}

beforeAll(async () => {
  ts = await freshSqlite();
  engine = new Engine({ store: ts.store });
  app = await buildApp({ engine, tokens: [{ name: 'root', token: TOKENS.admin, scopes: ['admin'] }], followFeed: false });
  await app.ready();
  await engine.enqueueMany([{ name: 'keep', queue: 'prop' }, { name: 'keep', queue: 'prop', payload: { n: 2 } }]);
});
afterAll(async () => {
  await app?.close();
  await engine?.flush();
  await ts?.cleanup();
});

// ---- values ------------------------------------------------------------------------------

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._:\-/]*$/;
const nest = (depth: number, leaf: unknown = 1): unknown => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};
/**
 * Nesting deeper than a JSON printer's stack (and fast-check's, when it reports a value) is
 * generated as this stand-in and built only when the request is made.
 */
class Deep {
  constructor(readonly depth: number) {}
  toString() {
    return `<array nested ${this.depth} deep>`;
  }
}
/** JSON text of a value that may hold Deep stand-ins, written without recursion (as a client would send it). */
const PLACEHOLDER = '\u0000deep\u0000';
function jsonText(v: unknown): string {
  const depths: number[] = [];
  const text = JSON.stringify(v, (_k, x: unknown) => {
    if (!(x instanceof Deep)) return x;
    depths.push(x.depth);
    return PLACEHOLDER;
  });
  let i = 0;
  return text.replace(new RegExp(JSON.stringify(PLACEHOLDER).replace(/\\/g, '\\\\'), 'g'), () => {
    const d = depths[i++]!;
    return `${'['.repeat(d)}1${']'.repeat(d)}`;
  });
}
/** Unicode of every plane, control characters, bidi overrides, lone surrogates. */
const anyText = (max = 40) => fc.string({ unit: 'binary', maxLength: max });
const nastyText = fc.oneof(anyText(), fc.constantFrom('\u0000', '\u001b[31m', '\u202eevil', '💥', 'a b', '../../etc/passwd', '-x', '\ud800', 'ａ', 'null'));
const oversized = (min: number) => fc.integer({ min, max: min + 5000 }).map((n) => 'x'.repeat(n));
const notString = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }), fc.integer({ min: 50, max: 500 }).map((d) => nest(d)));
const notNumber = fc.oneof(anyText(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }), fc.integer({ min: 50, max: 500 }).map((d) => nest(d)));
const badName = fc.oneof(notString, nastyText.filter((s) => !NAME_RE.test(s)), fc.constant(''), oversized(201).map((s) => `a${s}`));
const bigInt = fc.oneof(fc.constantFrom(1e20, -1e20, 99999999999999999999, Number.MAX_SAFE_INTEGER + 2), fc.integer({ min: 1001, max: 2 ** 31 }), fc.integer({ min: -(2 ** 31), max: -1001 }));
const fraction = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).filter((x) => !Number.isInteger(x));
const hugeDurationText = fc.oneof(
  fc.bigInt({ min: 36_501n, max: 10n ** 30n }).map((n) => `${n}d`),
  fc.bigInt({ min: 3_153_600_000_001n, max: 10n ** 40n }).map((n) => String(n)),
  fc.constantFrom('100000000d', '1e400s', '99999999999999999999', `${'9'.repeat(400)}ms`),
);
const malformedDuration = nastyText.filter((s) => !/^(\d+|(\d+(\.\d+)?(ms|s|m|h|d))+)$/.test(s.trim()));
const badDuration = (maxMs: number) =>
  fc.oneof(
    hugeDurationText,
    malformedDuration,
    fc.double({ min: maxMs + 1, noNaN: true }),
    fc.double({ max: -0.001, noNaN: true }),
    fc.integer({ min: Math.floor(maxMs / 86_400_000) + 1, max: 10 ** 7 }).map((d) => `${d}d`),
    fc.oneof(fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 }), fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 2 })),
  );
const TIME_MAX = 253402300799999;
const badRunAt = fc.oneof(
  fc.double({ min: TIME_MAX + 1, noNaN: true }),
  fc.integer({ min: -(2 ** 53), max: -1 }),
  fraction.map(Math.abs),
  nastyText,
  fc.constantFrom('2030-02-30T00:00:00Z', '2030-13-01T00:00:00Z', '2030-01-01T24:00:00Z', '+275760-09-13T00:00:00Z', '+010000-01-01T00:00:00Z', '2030-01-01', '2030-01-01T00:00:00', 'tomorrow', '1e20'),
  fc.date({ min: new Date(0), max: new Date(TIME_MAX) }).map((d) => d.toISOString().replace('Z', '+24:00')),
  fc.oneof(fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 })),
);
const badId = fc.oneof(nastyText.filter((s) => !/^\d{1,19}$/.test(s)), fc.constantFrom('12345678901234567890', '-1', '1.5', ''), fc.boolean(), fc.constant(null));

/** [field, a bad value for it]: what one enqueue body gets wrong. */
const badField: fc.Arbitrary<[string, unknown]> = fc.oneof(
  fc.tuple(fc.constant('name'), badName),
  fc.tuple(fc.constant('queue'), badName),
  fc.tuple(fc.constant('runId'), badName),
  fc.tuple(fc.constant('priority'), fc.oneof(notNumber, fraction, bigInt)),
  fc.tuple(fc.constant('maxAttempts'), fc.oneof(notNumber, fraction, bigInt, fc.integer({ min: -1000, max: 0 }))),
  fc.tuple(fc.constant('delay'), badDuration(36_500 * 86_400_000)),
  fc.tuple(fc.constant('timeout'), fc.oneof(badDuration(24 * 86_400_000), fc.constantFrom(0, '0ms', '0'))),
  fc.tuple(fc.constant('runAt'), badRunAt),
  fc.tuple(fc.constant('key'), fc.oneof(notString, fc.constant(''), oversized(501))),
  fc.tuple(fc.constant('dedupKey'), fc.oneof(notString, fc.constant(''), oversized(501))),
  fc.tuple(fc.constant('tags'), fc.oneof(notString.filter((v) => !Array.isArray(v)), fc.array(badName, { minLength: 1, maxLength: 3 }), fc.constant(Array.from({ length: 51 }, (_, i) => `t${i}`)))),
  fc.tuple(fc.constant('parentId'), badId),
  fc.tuple(fc.constant('dependsOn'), fc.oneof(fc.array(badId, { minLength: 1, maxLength: 3 }), fc.constantFrom('1', 5, null, { a: 1 }))),
  fc.tuple(fc.constant('triggerRule'), fc.oneof(nastyText, notString)),
  fc.tuple(
    fc.constant('backoff'),
    fc.oneof(
      fc.oneof(anyText(), fc.integer(), fc.array(fc.integer(), { maxLength: 2 })),
      nastyText.map((kind) => ({ kind })),
      fc.oneof(fc.double({ min: 36_500 * 86_400_000 + 1, noNaN: true }), fc.double({ max: -0.001, noNaN: true }), notNumber).map((baseMs) => ({ baseMs })),
      fc.oneof(fc.double({ min: 1.001, max: 1e9, noNaN: true }), fc.double({ max: -0.001, noNaN: true }), notNumber).map((jitter) => ({ jitter })),
      fc.string({ minLength: 1, maxLength: 8 }).filter((k) => !['kind', 'baseMs', 'capMs', 'jitter'].includes(k)).map((k) => ({ [k]: 1 })),
    ),
  ),
  fc.tuple(fc.constant('payload'), fc.oneof(fc.integer({ min: 200_000, max: 400_000 }).map((d) => new Deep(d)), fc.constant('x'.repeat(1_048_577)))),
  fc.tuple(
    fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !['name', 'payload', 'queue', 'priority', 'delay', 'runAt', 'maxAttempts', 'backoff', 'timeout', 'key', 'tags', 'parentId', 'runId', 'dependsOn', 'triggerRule', 'dedupKey', '__proto__', 'constructor'].includes(k)),
    fc.jsonValue({ maxDepth: 2 }),
  ),
);

const fieldMatches = (reported: string, field: string) => reported === field || reported.startsWith(`${field}.`) || reported.startsWith(`${field}[`);

// ---- surfaces ----------------------------------------------------------------------------

describe('bad input is refused with its field named, and nothing is written', () => {
  it('HTTP: POST /v1/tasks and /v1/tasks/batch', async () => {
    const before = await counts();
    await run(fc.tuple(badField, fc.boolean(), fc.nat(2)), 250, async ([[field, value], batch, at]) => {
      const task = { name: 'ok.task', queue: 'prop', [field]: value };
      const body = batch ? { tasks: [0, 1, 2].map((i) => (i === at ? task : { name: 'ok.task', queue: 'prop' })) } : task;
      const r = await app.inject({ method: 'POST', url: batch ? '/v1/tasks/batch' : '/v1/tasks', headers: auth, payload: jsonText(body) });
      expect(r.statusCode, r.body.slice(0, 300)).toBeGreaterThanOrEqual(400);
      expect(r.statusCode, r.body.slice(0, 300)).toBeLessThan(500);
      const e = r.json().error;
      // A key that is all digits is shown as an index, like the API's other paths.
      const seg = /^\d+$/.test(field) ? `[${field}]` : field;
      const expected = batch ? `tasks[${at}]${seg.startsWith('[') ? seg : `.${seg}`}` : seg;
      expect(fieldMatches(e.field ?? '', expected), `${e.field} for ${expected}: ${e.message}`).toBe(true);
      expect(e.message.startsWith(`${e.field}: `), e.message).toBe(true);
      expect(await counts()).toEqual(before);
    });
  });

  it('HTTP: bodies that are not a task at all', async () => {
    const before = await counts();
    const junk = fc.oneof(fc.jsonValue({ maxDepth: 3 }).filter((v) => v === null || typeof v !== 'object' || Array.isArray(v)), fc.integer({ min: 1000, max: 200_000 }).map((d) => new Deep(d)));
    await run(fc.tuple(junk, fc.boolean()), 60, async ([body, batch]) => {
      const r = await app.inject({ method: 'POST', url: batch ? '/v1/tasks/batch' : '/v1/tasks', headers: auth, payload: jsonText(body) });
      expect(r.statusCode, r.body.slice(0, 300)).toBeGreaterThanOrEqual(400);
      expect(r.statusCode, r.body.slice(0, 300)).toBeLessThan(500);
      expect(await counts()).toEqual(before);
    });
  });

  it('CLI: taskframe enqueue exits 2 naming the option (bounded: each case spawns the CLI)', async () => {
    const before = await counts();
    const noNul = (a: fc.Arbitrary<string>) => a.filter((s) => !s.includes('\u0000') && !s.startsWith('-'));
    const flag: fc.Arbitrary<[string, string[], RegExp]> = fc.oneof(
      noNul(hugeDurationText).map((v): [string, string[], RegExp] => ['delay', ['--delay', v], /delay/]),
      noNul(malformedDuration).map((v): [string, string[], RegExp] => ['delay', ['--delay', v], /delay/]),
      fc.constantFrom('25d', '100000000d').map((v): [string, string[], RegExp] => ['timeout', ['--timeout', v], /timeout/]),
      noNul(anyText(8)).filter((s) => !/^-?\d+$/.test(s.trim())).map((v): [string, string[], RegExp] => ['priority', ['--priority', v], /priority/]),
      fc.constantFrom('5000', '-5000', '1e20', '99999999999999999999').map((v): [string, string[], RegExp] => ['priority', ['--priority', v], /priority/]),
      fc.constantFrom('0', '1001', '-1', 'x').map((v): [string, string[], RegExp] => ['max-attempts', ['--max-attempts', v], /max-?attempts/i]),
      noNul(badName.filter((v): v is string => typeof v === 'string' && v.length > 0)).map((v): [string, string[], RegExp] => ['queue', ['--queue', v], /queue/]),
      noNul(anyText(20)).filter((s) => { try { JSON.parse(s); return false; } catch { return true; } }).map((v): [string, string[], RegExp] => ['payload', ['--payload', v], /payload/]),
    );
    await run(flag, 12, async ([, args, names]) => {
      const r = await promisify(execFile)(process.execPath, [CLI, '--db', ts.url, 'enqueue', 'ok.task', ...args], { encoding: 'utf8' }).then(
        (o) => ({ code: 0, stderr: o.stderr }),
        (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
      );
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(names);
      expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
      expect(await counts()).toEqual(before);
    });
  });

  it('YAML workflows: refused with file:line before a run or task is written', async () => {
    const before = await counts();
    const yamlBad: fc.Arbitrary<[string, unknown]> = fc.oneof(
      fc.tuple(fc.constant('timeout'), badDuration(24 * 86_400_000).filter((v) => v !== null)),
      fc.tuple(fc.constant('retries'), fc.oneof(fc.integer({ min: 1000, max: 2 ** 40 }), fc.integer({ max: -1 }), fraction, anyText().filter((s) => s.trim() !== '' && !/^\d+$/.test(s.trim())))),
      fc.tuple(fc.constant('priority'), fc.oneof(bigInt, fraction)),
      fc.tuple(fc.constant('queue'), badName.filter((v) => typeof v === 'string' && v !== '')),
      fc.tuple(fc.constant('trigger_rule'), nastyText.filter((s) => s.trim() !== '')),
      fc.tuple(fc.constant('backoff'), fc.oneof(fc.record({ kind: nastyText.filter((s) => s.trim() !== '') }), fc.record({ base: hugeDurationText }), fc.record({ jitter: fc.double({ min: 1.01, max: 1e6, noNaN: true }) }))),
      fc.tuple(fc.constant('needs'), fc.constantFrom('missing', ['first', 'nowhere'], 42)),
      fc.tuple(fc.constant('concurrency'), fc.oneof(fc.constant(0), fc.integer({ min: 1_000_001 }))),
    );
    await run(yamlBad, 150, async ([field, value]) => {
      const line = 6; // the bad key's line in the file below
      const source = `name: prop\ntasks:\n  first:\n    handler: h\n  second:\n${stringify({ [field]: value }, { lineWidth: 0 }).trimEnd().split('\n').map((l) => `    ${l}`).join('\n')}\n    handler: h\n`;
      let err: unknown = null;
      await submitWorkflow(engine, source, { file: 'prop.yaml', handlers: ['h'] }).catch((e: unknown) => (err = e));
      expect(err, source).toBeInstanceOf(ValidationError);
      const message = (err as Error).message;
      expect(message, source).toMatch(new RegExp(`^prop\\.yaml:${line}:\\d+: |^prop\\.yaml:\\d+:\\d+: .*\`?${field.split('.')[0]}`));
      expect(await counts()).toEqual(before);
    });
  });

  it('INI and YAML units: refused with the file and line of the bad key', async () => {
    const unitBad: fc.Arbitrary<[string, string]> = fc.oneof(
      fc.tuple(fc.constantFrom('MaxTime', 'KillGrace'), fc.oneof(hugeDurationText, malformedDuration.filter((s) => !/^(infinity|none)$/i.test(s.trim()) && s.trim() !== ''), fc.constantFrom('25d', '-5s'))),
      fc.tuple(fc.constantFrom('LimitMem', 'LimitDisk', 'LogLimit'), fc.oneof(nastyText.filter((s) => s.trim() !== '' && !/^\d+(\.\d+)?[KMGT]?$/i.test(s.trim()) && !/^(infinity|none)$/i.test(s.trim())), fc.constantFrom('1e400G', '99999999999999999999T', '-5M'))),
      fc.tuple(fc.constant('Restart'), fc.oneof(nastyText.filter((s) => s.trim() !== '' && !/^\d+$/.test(s.trim()) && !/^(never|no)$/i.test(s.trim())), fc.constantFrom('-1', '1.5', '99999999999999999999'))),
      fc.tuple(fc.constantFrom('Jail', 'Network'), nastyText.filter((s) => s.trim() !== '' && !/^(yes|no|true|false|on|off|1|0)$/i.test(s.trim()))),
    );
    await run(fc.tuple(unitBad, fc.boolean()), 250, ([[key, value], yamlFormat]) => {
      // Line 3 holds the bad key in both formats; a value with a newline would start a new line, so it is quoted.
      const text = yamlFormat
        ? `command: [true]\nservice:\n  ${key.charAt(0).toLowerCase()}${key.slice(1)}: ${JSON.stringify(value)}\n`
        : `[Command]\ncommand=true\n[Service]\n${key}=${JSON.stringify(value)}\n`;
      const file = yamlFormat ? 'prop.yaml' : 'prop.service';
      const line = yamlFormat ? 3 : 4;
      let err: unknown = null;
      try {
        parseUnit(text, file);
      } catch (e) {
        err = e;
      }
      expect(err, text).toBeInstanceOf(ValidationError);
      expect((err as Error).message, text).toMatch(new RegExp(`^${file.replace('.', '\\.')}:${line}:\\d+: `));
    });
  });

  it('units on the command line: `taskframe worker --units` exits 2 and creates no store', async () => {
    const dir = tempDir('taskframe-prop-units-');
    const db = path.join(dir, 'never.db');
    try {
      for (const [i, line] of ['MaxTime=100000000d', 'LimitMem=1e400G', 'KillGrace=25d'].entries()) {
        fs.writeFileSync(path.join(dir, 'u.service'), `[Command]\ncommand=true\n[Service]\n${line}\n`);
        const r = await promisify(execFile)(process.execPath, [CLI, '--db', `sqlite:${db}`, 'worker', '--units', dir], { encoding: 'utf8' }).then(
          () => ({ code: 0, stderr: '' }),
          (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
        );
        expect(r.code, `case ${i}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toContain(`u.service:4:`);
        expect(fs.existsSync(db)).toBe(false);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
