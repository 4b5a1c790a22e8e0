/**
 * A schema named with capitals (`?schema=Billing`) is that schema, exactly: the migrations create
 * it quoted, and every connection must find it under the same name rather than PostgreSQL's
 * lower-cased reading of it. Before, opening such a store failed with "no schema has been
 * selected to create in".
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { Taskframe } from '../../src/index.js';
import { openStore } from '../../src/store/open.js';
import { PG_URL } from '../helpers/services.js';
import { PG_UP } from './pg-available.js';

const urlFor = (schema: string): string => {
  const u = new URL(PG_URL);
  u.searchParams.set('schema', schema);
  return u.toString();
};

describe.skipIf(!PG_UP)('postgres: a schema named with capitals', () => {
  const made: string[] = [];
  afterEach(async () => {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    try {
      for (const s of made.splice(0)) await c.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
    } finally {
      await c.end();
    }
  });

  it('is created, used and kept apart from its lower-case namesake', async () => {
    const tag = randomBytes(4).toString('hex');
    const upper = `Tf_Mixed_${tag}`;
    const lower = upper.toLowerCase();
    made.push(upper, lower);

    const ran: string[] = [];
    const open = async (schema: string) => {
      const tf = await Taskframe.open({ store: await openStore(urlFor(schema)) });
      const worker = tf.worker({ handlers: { job: (p: { from: string }) => void ran.push(p.from) }, concurrency: 2, maintenance: false, pollIntervalMs: 50 });
      worker.start();
      return tf;
    };
    const a = await open(upper);
    const b = await open(lower);
    try {
      const ta = await a.enqueue('job', { from: upper });
      const tb = await b.enqueue('job', { from: lower });
      const settled = async (tf: Taskframe, id: string) => {
        for (let i = 0; i < 200; i++) {
          const t = await tf.get(id);
          if (t.state === 'succeeded') return t;
          await new Promise((r) => setTimeout(r, 50));
        }
        throw new Error(`task ${id} did not finish`);
      };
      await settled(a, ta.id);
      await settled(b, tb.id);
      expect(ran.sort()).toEqual([lower, upper].sort());
      expect((await a.events(ta.id)).map((e) => e.type)).toEqual(['created', 'claimed', 'succeeded']);
      // Each store has its own task (the two are numbered alike, each in its own schema).
      expect((await a.get(ta.id)).payload).toEqual({ from: upper });
      expect((await b.get(tb.id)).payload).toEqual({ from: lower });
    } finally {
      await a.close();
      await b.close();
    }

    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    try {
      const r = await c.query<{ nspname: string }>(`SELECT nspname FROM pg_namespace WHERE lower(nspname) = $1 ORDER BY nspname`, [lower]);
      expect(r.rows.map((x) => x.nspname)).toEqual([upper, lower].sort());
    } finally {
      await c.end();
    }
  });
});
