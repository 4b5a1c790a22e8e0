/**
 * The plain insert sends its columns as array literals written by hand (array-literal.ts). What
 * PostgreSQL reads back must be exactly what was written: any text (quotes, backslashes, braces,
 * commas, the word NULL, blanks, any Unicode), integers, NULLs, and JSON payloads as jsonb.
 */
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Taskframe } from '../../src/index.js';
import { arrayLiteral } from '../../src/store/postgres/array-literal.js';
import { PG_URL } from '../helpers/services.js';
import { freshPgSchema } from '../helpers/stores.js';
import { PG_UP } from './pg-available.js';

/** Text a literal must carry through: the characters array syntax gives a meaning, and any other. */
const tricky = fc.oneof(
  fc.constantFrom('', ' ', 'NULL', 'null', '"', '\\', '\\"', '{', '}', ',', '{a,b}', '"quoted"', 'a b', '\t\n'),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: fc.constantFrom('"', '\\', '{', '}', ',', ' ', 'a', 'N', 'U', 'L'), maxLength: 10 }),
);

describe.skipIf(!PG_UP)('postgres: hand-written array literals', () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
  });

  it('text and NULLs read back as written, a run of equal values included', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.option(tricky, { nil: null }), { maxLength: 12 }), fc.nat({ max: 3 }), async (values, repeat) => {
        // Runs of one value take the literal's reuse of the text before.
        const all = values.flatMap((v) => Array.from({ length: repeat + 1 }, () => v));
        const { rows } = await client.query<{ a: Array<string | null> }>('SELECT $1::text[] AS a', [arrayLiteral(all)]);
        expect(rows[0]!.a).toEqual(all);
      }),
      { numRuns: 150 },
    );
  });

  it('integers read back as written, negatives and NULLs among them', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.option(fc.maxSafeInteger(), { nil: null }), { maxLength: 20 }), async (values) => {
        const { rows } = await client.query<{ a: Array<string | null> }>('SELECT $1::bigint[]::text[] AS a', [arrayLiteral(values)]);
        expect(rows[0]!.a).toEqual(values.map((v) => (v === null ? null : String(v))));
      }),
      { numRuns: 100 },
    );
  });

  it('JSON texts read back as the same JSON through jsonb[]', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 8 }), async (values) => {
        const texts = values.map((v) => JSON.stringify(v));
        const { rows } = await client.query<{ a: unknown[] }>('SELECT $1::jsonb[] AS a', [arrayLiteral(texts)]);
        // jsonb normalises (-0 is 0, object keys ordered): compare as PostgreSQL reads each text.
        const each: unknown[] = [];
        for (const t of texts) each.push((await client.query<{ v: unknown }>('SELECT $1::jsonb AS v', [t])).rows[0]!.v);
        expect(rows[0]!.a).toEqual(each);
      }),
      { numRuns: 100 },
    );
  });

  it('a bulk enqueue stores payloads, names and tags exactly, through the plain insert', async () => {
    const s = await freshPgSchema();
    const tf = await Taskframe.open({ db: s.url });
    try {
      const payloads = [{ q: 'say "hi"\\n', b: '{a,b}', n: null, u: 'é ✓ 🙂' }, 'NULL', '', ['"', '\\', ','], null, 42, { nested: { deep: ['x"y'] } }];
      const specs = payloads.map((payload, i) => ({ name: i % 2 ? 'odd.name' : 'even/name', payload, tags: i % 3 ? [`t:${i}`] : [] }));
      const made = await tf.enqueueMany(specs);
      for (const [i, t] of made.entries()) {
        const got = await tf.engine.get(t.id);
        expect(got?.payload).toEqual(payloads[i]);
        expect(got?.name).toBe(specs[i]!.name);
        expect(got?.tags).toEqual(specs[i]!.tags);
      }
    } finally {
      await tf.close();
      await s.drop();
    }
  });
});
