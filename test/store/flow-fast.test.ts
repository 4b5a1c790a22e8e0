/**
 * The flow-aware claim's fast paths claim only what the general claim would (flow-plan.ts
 * fastRule): PostgreSQL's one-round-trip claim (src/store/postgres/flow-fast.ts) and SQLite's
 * claim without rows or planning (src/store/sqlite/flow.ts, firstTurnPlan). Random sequences of
 * enqueues, claims, completions and clock steps under one keyed concurrency rule run on a store
 * taking its fast path wherever it applies and on SQLite with the fast path off (the general
 * path, flow-plan.ts): every claim takes the same tasks in the same order, and the usage per key
 * is the same after each step.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClaimedTask } from '../../src/model/task.js';
import { cleanupSides, opArb as flowOpArb, side, stepOn, type Side } from '../helpers/flow-sides.js';
import { pgHostPort, serviceAvailable } from '../helpers/services.js';

type Key = string | number | Record<string, number> | null;

/**
 * A task's key: text (the usual), a small integer (not PostgreSQL's fast path; its text is the
 * same in JavaScript and in the database), or no field at all. Keys whose text differs between
 * JavaScript and the database (an object, 1e21) are compared only between SQLite's two paths:
 * the general claim itself orders them differently on the two stores (bench/RESULTS.md, Flow
 * section), but on one store both paths must fall back alike.
 */
const keyArb = (odd: boolean): fc.Arbitrary<Key> =>
  fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0, max: 19 }).map((k): Key => `k${String(k).padStart(2, '0')}`) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 9 }).map((k): Key => k) },
    { weight: 1, arbitrary: fc.constant<Key>(null) },
    ...(odd ? [{ weight: 2, arbitrary: fc.constantFrom<Key>(1.5, 1e21, 100.25, '2.5', '{x}', { a: 1 }, 'true') }] : []),
  );
const taskArb = (odd: boolean) => fc.record({ key: keyArb(odd), delayed: fc.integer({ min: 0, max: 9 }).map((x) => x === 0), priority: fc.constantFrom(0, 0, 0, 5) });
type TaskSpec = { key: Key; delayed: boolean; priority: number };

/** The general path's side: SQLite with its fast path off. */
async function general(): Promise<Side> {
  const s = await side('sqlite');
  (s.ts.store as unknown as { writer: { flow: { fastPath: boolean } } }).writer.flow.fastPath = false;
  return s;
}

async function fastPostgres(): Promise<Side> {
  const s = await side('postgres');
  // Every flow claim tries the one-round-trip path first (the driver otherwise leaves it alone for
  // a few claims after a miss).
  (s.ts.store as unknown as { fastSkipAfterMiss: number }).fastSkipAfterMiss = 0;
  return s;
}

const label = (t: ClaimedTask) => (t.payload as { i: number }).i;

/** A key as tag text (tags are names: letters, digits and . _ : - /). */
const tagText = (k: Exclude<Key, null>) => (typeof k === 'object' ? 'obj' : String(k).replace(/[^A-Za-z0-9._:/-]/g, '_'));

/** The rule's key, and how a task carries its key under it. */
const KEYINGS = [
  { key: 'payload.tenant', pgRuns: 30, sqliteRuns: 40, carry: (k: Key, i: number) => ({ payload: k === null ? { i } : { tenant: k, i }, tags: [] as string[] }) },
  // The key is the task's first tag with the prefix: the value's text, or a name; no tag at all.
  { key: 'tag:tenant:', pgRuns: 15, sqliteRuns: 20, carry: (k: Key, i: number) => ({ payload: { i }, tags: k === null ? ['other'] : ['other', `tenant:${tagText(k)}`, 'tenant:zz'] }) },
];

function sameClaims(keying: (typeof KEYINGS)[number], fastSide: () => Promise<Side>, fastName: string, runs: number, odd: boolean): void {
  describe(`${fastName} against the general claim (SQLite), key ${keying.key}`, () => {
    it('random claim sequences under one keyed concurrency rule take the same tasks in the same order', { timeout: 240_000 }, async () => {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(taskArb(odd), { minLength: 10, maxLength: 80 }), fc.integer({ min: 1, max: 3 }), fc.array(flowOpArb(taskArb(odd)), { minLength: 10, maxLength: 40 }), async (tasks, k, ops) => {
          const sides = [await fastSide(), await general()] as const;
          try {
            const spec = (t: TaskSpec) => {
              const { payload, tags } = keying.carry(t.key, n++);
              return { name: 't', payload, queue: 'q', tags, priority: t.priority, ...(t.delayed ? { delay: 60_000 } : {}) };
            };
            const enqueue = async (s: Side, t: TaskSpec) => void (await s.engine.enqueueMany([spec(t)]));
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
              expect(seen[0], `after ${JSON.stringify(op)}: the fast path's claims and usage, against the general path's`).toEqual(seen[1]);
            }
          } finally {
            await cleanupSides(sides);
          }
        }),
        { numRuns: runs },
      );
    });
  });
}

for (const k of KEYINGS) sameClaims(k, () => side('sqlite'), "SQLite's claim without rows or planning", k.sqliteRuns, true);

const { host, port } = pgHostPort();
if (await serviceAvailable('PostgreSQL', host, port)) for (const k of KEYINGS) sameClaims(k, fastPostgres, "PostgreSQL's one-round-trip claim", k.pgRuns, false);
else describe.skip('the one-round-trip flow claim (PostgreSQL unreachable)', () => {});
