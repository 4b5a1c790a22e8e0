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
import type { ClaimedTask } from '../../src/model/task.js';
import { DUE_SET_MAX, type WalkCosts } from '../../src/store/flow-plan.js';
import type { Store } from '../../src/store/store.js';
import { cleanupSides, opArb, side, stepOn, type Side } from '../helpers/flow-sides.js';
import { pgHostPort, serviceAvailable } from '../helpers/services.js';
import type { DriverName } from '../helpers/stores.js';

/** The store's record of walk costs (a private of each driver), to force one way of finding keys. */
function walkCosts(store: Store): WalkCosts {
  const s = store as unknown as { walks?: WalkCosts; writer?: { flow: { walks: WalkCosts } } };
  const w = s.walks ?? s.writer?.flow.walks;
  if (!w) throw new Error('the store keeps no WalkCosts where this test looks for it');
  return w;
}

async function forced(driver: DriverName, readDue: boolean): Promise<Side> {
  const s = await side(driver);
  walkCosts(s.ts.store).dueSetBound = () => (readDue ? DUE_SET_MAX : 0);
  return s;
}

// Keys k00..k39: most tasks for later (idle keys), some due now, some at a higher priority.
const taskArb = fc.record({
  key: fc.integer({ min: 0, max: 39 }).map((k) => `k${String(k).padStart(2, '0')}`),
  delayed: fc.integer({ min: 0, max: 3 }).map((x) => x !== 0),
  priority: fc.constantFrom(0, 0, 0, 5),
  paused: fc.integer({ min: 0, max: 9 }).map((x) => x === 0),
});
const label = (t: ClaimedTask) => (t.payload as { i: number }).i;

function sameTasks(driver: DriverName, runs: number): void {
  describe(`flow claims on ${driver}: reading the due tasks against walking the key index`, () => {
    it('random sequences take the same tasks in the same order, with the same usage', { timeout: 240_000 }, async () => {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(taskArb, { minLength: 20, maxLength: 80 }), fc.integer({ min: 1, max: 3 }), fc.array(opArb(taskArb), { minLength: 10, maxLength: 30 }), async (tasks, k, ops) => {
          const sides = [await forced(driver, false), await forced(driver, true)] as const;
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
                n = step;
                seen.push(await stepOn(s, op, label, async (t) => void (await s.engine.enqueueMany([spec(t)]))));
              }
              expect(seen[1], `after ${JSON.stringify(op)}: reading the due tasks, against walking`).toEqual(seen[0]);
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

sameTasks('sqlite', 25);
const { host, port } = pgHostPort();
if (await serviceAvailable('PostgreSQL', host, port)) sameTasks('postgres', 10);
else describe.skip('flow claims on postgres: reading the due tasks against walking (PostgreSQL unreachable)', () => {});
