/**
 * PostgreSQL's one-round-trip flow claim (src/store/postgres/flow-fast.ts) claims only what the
 * general claim would. Random sequences of enqueues, claims, completions and clock steps under one
 * keyed concurrency rule run on PostgreSQL, which takes that path wherever it applies, and on
 * SQLite, which has only the general path (flow-plan.ts): every claim takes the same tasks in the
 * same order, and the usage per key is the same after each step.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClaimedTask } from '../../src/model/task.js';
import { cleanupSides, opArb as flowOpArb, side, stepOn, type Side } from '../helpers/flow-sides.js';
import { pgHostPort, serviceAvailable } from '../helpers/services.js';

/**
 * A task's key: text (the usual), a small integer (not the fast path's; its text is the same in
 * JavaScript and in PostgreSQL), or no field at all. Keys whose text differs between the two (an
 * object, 1e21) are not compared: the general claim itself orders them differently on the two
 * stores (bench/RESULTS.md, Flow section).
 */
const keyArb = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 19 }).map((k) => `k${String(k).padStart(2, '0')}` as string | number | null) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 9 }).map((k) => k as string | number | null) },
  { weight: 1, arbitrary: fc.constant(null as string | number | null) },
);
const taskArb = fc.record({ key: keyArb, delayed: fc.integer({ min: 0, max: 9 }).map((x) => x === 0), priority: fc.constantFrom(0, 0, 0, 5) });
const opArb = flowOpArb(taskArb);

async function pgOrSqlite(driver: 'sqlite' | 'postgres'): Promise<Side> {
  const s = await side(driver);
  // Every flow claim tries the one-round-trip path first (the driver otherwise leaves it alone for
  // a few claims after a miss).
  if (driver === 'postgres') (s.ts.store as unknown as { fastSkipAfterMiss: number }).fastSkipAfterMiss = 0;
  return s;
}

const label = (t: ClaimedTask) => (t.payload as { i: number }).i;

/** The rule's key, and how a task carries its key under it. */
const KEYINGS = [
  { key: 'payload.tenant', runs: 30, carry: (k: string | number | null, i: number) => ({ payload: k === null ? { i } : { tenant: k, i }, tags: [] as string[] }) },
  // The key is the task's first tag with the prefix: the number's text, or a name; no tag at all.
  { key: 'tag:tenant:', runs: 15, carry: (k: string | number | null, i: number) => ({ payload: { i }, tags: k === null ? ['other'] : ['other', `tenant:${k}`, 'tenant:zz'] }) },
];

function sameClaims(keying: (typeof KEYINGS)[number]): void {
  describe(`the one-round-trip flow claim (PostgreSQL) against the general claim (SQLite), key ${keying.key}`, () => {
    it('random claim sequences under one keyed concurrency rule take the same tasks in the same order', { timeout: 240_000 }, async () => {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(taskArb, { minLength: 10, maxLength: 80 }), fc.integer({ min: 1, max: 3 }), fc.array(opArb, { minLength: 10, maxLength: 40 }), async (tasks, k, ops) => {
          const sides = [await pgOrSqlite('postgres'), await pgOrSqlite('sqlite')] as const;
          try {
            const spec = (t: (typeof tasks)[number]) => {
              const { payload, tags } = keying.carry(t.key, n++);
              return { name: 't', payload, queue: 'q', tags, priority: t.priority, ...(t.delayed ? { delay: 60_000 } : {}) };
            };
            const enqueue = async (s: Side, t: (typeof tasks)[number]) => void (await s.engine.enqueueMany([spec(t)]));
            const start = n;
            for (const s of sides) {
              n = start;
              // In one batch: ids in array order, as one at a time would give them.
              await s.engine.enqueueMany(tasks.map(spec));
              await s.engine.flow.setLimit({ queue: 'q', key: keying.key, concurrency: k });
            }
            for (const op of ops) {
              const step = n;
              const seen: unknown[][] = [];
              for (const s of sides) {
                n = step;
                seen.push(await stepOn(s, op, label, (t) => enqueue(s, t)));
              }
              expect(seen[0], `after ${JSON.stringify(op)}: PostgreSQL's claims and usage, against SQLite's`).toEqual(seen[1]);
            }
          } finally {
            await cleanupSides(sides);
          }
        }),
        { numRuns: keying.runs },
      );
    });
  });
}

const { host, port } = pgHostPort();
if (await serviceAvailable('PostgreSQL', host, port)) for (const k of KEYINGS) sameClaims(k);
else describe.skip('the one-round-trip flow claim (PostgreSQL unreachable)', () => {});
