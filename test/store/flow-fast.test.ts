/**
 * PostgreSQL's one-round-trip flow claim (src/store/postgres/flow-fast.ts) claims only what the
 * general claim would. Random sequences of enqueues, claims, completions and clock steps under one
 * keyed concurrency rule run on PostgreSQL, which takes that path wherever it applies, and on
 * SQLite, which has only the general path (flow-plan.ts): every claim takes the same tasks in the
 * same order, and the usage per key is the same after each step.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { ManualClock } from '../../src/model/clock.js';
import type { ClaimedTask } from '../../src/model/task.js';
import { pgHostPort, serviceAvailable } from '../helpers/services.js';
import { freshStore, type TestStore } from '../helpers/stores.js';

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
const opArb = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('claim' as const), limit: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 12 })) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('complete' as const), pick: fc.nat(), count: fc.integer({ min: 1, max: 6 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tick' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('enqueue' as const), task: taskArb }) },
);

interface Side {
  ts: TestStore;
  engine: Engine;
  clock: ManualClock;
  running: ClaimedTask[];
}

async function side(driver: 'sqlite' | 'postgres'): Promise<Side> {
  const ts = await freshStore(driver);
  // Every flow claim tries the one-round-trip path first (the driver otherwise leaves it alone for
  // a few claims after a miss).
  if (driver === 'postgres') (ts.store as unknown as { fastSkipAfterMiss: number }).fastSkipAfterMiss = 0;
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  return { ts, clock, engine: new Engine({ store: ts.store, clock, random: () => 0.5 }), running: [] };
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
          const sides = [await side('postgres'), await side('sqlite')] as const;
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
                const mine: unknown[] = [];
                seen.push(mine);
                n = step;
                if (op.kind === 'claim') {
                  const got = await s.engine.claim({ queues: ['q'], workerId: 'w', limit: op.limit, leaseMs: 600_000 });
                  s.running.push(...got);
                  mine.push(got.map(label));
                } else if (op.kind === 'complete') {
                  const at = s.running.length ? op.pick % s.running.length : 0;
                  for (const t of s.running.splice(at, op.count)) await s.engine.complete({ id: t.id, leaseToken: t.leaseToken });
                } else if (op.kind === 'tick') s.clock.advance(60_001);
                else await enqueue(s, op.task);
                mine.push((await s.engine.flow.usage()).map((u) => [u.key, u.running]));
              }
              expect(seen[0], `after ${JSON.stringify(op)}: PostgreSQL's claims and usage, against SQLite's`).toEqual(seen[1]);
            }
          } finally {
            for (const s of sides) {
              await s.engine.flush();
              await s.ts.cleanup();
            }
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
