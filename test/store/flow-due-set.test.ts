/**
 * A keyed claim finds its keys by walking the rule's key index, or, after a walk that stepped
 * over many keys with nothing due, by reading the queue's due tasks (flow-plan.ts WalkCosts).
 * The two must take the same tasks: random sequences of enqueues (many keys holding only tasks
 * for later), claims, completions and clock steps run on two stores of one driver, one that
 * always walks and one that reads the due tasks whenever they are few enough, and every claim
 * and the usage after every step must be the same.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { ManualClock } from '../../src/model/clock.js';
import type { ClaimedTask } from '../../src/model/task.js';
import { DUE_SET_MAX, type WalkCosts } from '../../src/store/flow-plan.js';
import type { Store } from '../../src/store/store.js';
import { pgHostPort, serviceAvailable } from '../helpers/services.js';
import { freshStore, type DriverName, type TestStore } from '../helpers/stores.js';

interface Side {
  ts: TestStore;
  engine: Engine;
  clock: ManualClock;
  running: ClaimedTask[];
}

/** The store's record of walk costs (a private of each driver), to force one way of finding keys. */
function walkCosts(store: Store): WalkCosts {
  const s = store as unknown as { walks?: WalkCosts; writer?: { flow: { walks: WalkCosts } } };
  const w = s.walks ?? s.writer?.flow.walks;
  if (!w) throw new Error('the store keeps no WalkCosts where this test looks for it');
  return w;
}

async function side(driver: DriverName, readDue: boolean): Promise<Side> {
  const ts = await freshStore(driver);
  walkCosts(ts.store).dueSetBound = () => (readDue ? DUE_SET_MAX : 0);
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  return { ts, clock, engine: new Engine({ store: ts.store, clock, random: () => 0.5 }), running: [] };
}

// Keys k00..k39: most tasks for later (idle keys), some due now, some at a higher priority.
const taskArb = fc.record({
  key: fc.integer({ min: 0, max: 39 }).map((k) => `k${String(k).padStart(2, '0')}`),
  delayed: fc.integer({ min: 0, max: 3 }).map((x) => x !== 0),
  priority: fc.constantFrom(0, 0, 0, 5),
  paused: fc.integer({ min: 0, max: 9 }).map((x) => x === 0),
});
const opArb = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('claim' as const), limit: fc.integer({ min: 1, max: 12 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('complete' as const), pick: fc.nat(), count: fc.integer({ min: 1, max: 6 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tick' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('enqueue' as const), task: taskArb }) },
);

const label = (t: ClaimedTask) => (t.payload as { i: number }).i;

function sameTasks(driver: DriverName, runs: number): void {
  describe(`flow claims on ${driver}: reading the due tasks against walking the key index`, () => {
    it('random sequences take the same tasks in the same order, with the same usage', { timeout: 240_000 }, async () => {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(taskArb, { minLength: 20, maxLength: 80 }), fc.integer({ min: 1, max: 3 }), fc.array(opArb, { minLength: 10, maxLength: 30 }), async (tasks, k, ops) => {
          const sides = [await side(driver, false), await side(driver, true)] as const;
          try {
            const spec = (t: (typeof tasks)[number]) => ({
              name: t.paused ? 'held' : 't', payload: { tenant: t.key, i: n++ }, queue: 'q', priority: t.priority, ...(t.delayed ? { delay: 60_000 } : {}),
            });
            const start = n;
            for (const s of sides) {
              n = start;
              await s.engine.enqueueMany(tasks.map(spec));
              await s.engine.flow.setLimit({ queue: 'q', key: 'payload.tenant', concurrency: k });
              await s.engine.flow.pause({ name: 'held' });
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
                else await s.engine.enqueueMany([spec(op.task)]);
                mine.push((await s.engine.flow.usage()).map((u) => [u.key, u.running]));
              }
              expect(seen[1], `after ${JSON.stringify(op)}: reading the due tasks, against walking`).toEqual(seen[0]);
            }
          } finally {
            for (const s of sides) {
              await s.engine.flush();
              await s.ts.cleanup();
            }
          }
        }),
        { numRuns: runs },
      );
    });
  });
}

sameTasks('sqlite', 25);
const { host, port } = pgHostPort();
if (await serviceAvailable('PostgreSQL', host, port)) sameTasks('postgres', 15);
else describe.skip('flow claims on postgres: reading the due tasks against walking (PostgreSQL unreachable)', () => {});
