/**
 * Two flow-control stores driven through the same random steps (claims, completions, clock
 * steps, enqueues), for tests that hold two ways of claiming to the same answers: after each
 * step, what each side claimed and its usage per key.
 */
import fc from 'fast-check';
import { Engine } from '../../src/engine/engine.js';
import { ManualClock } from '../../src/model/clock.js';
import type { ClaimedTask } from '../../src/model/task.js';
import { freshStore, type DriverName, type TestStore } from './stores.js';

export interface Side {
  ts: TestStore;
  engine: Engine;
  clock: ManualClock;
  running: ClaimedTask[];
}

export async function side(driver: DriverName): Promise<Side> {
  const ts = await freshStore(driver);
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  return { ts, clock, engine: new Engine({ store: ts.store, clock, random: () => 0.5 }), running: [] };
}

/** A step: claim up to `limit` from queue q, complete some running tasks, move the clock past the tasks for later, or enqueue one. */
export function opArb<T>(task: fc.Arbitrary<T>) {
  return fc.oneof(
    { weight: 8, arbitrary: fc.record({ kind: fc.constant('claim' as const), limit: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 12 })) }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('complete' as const), pick: fc.nat(), count: fc.integer({ min: 1, max: 6 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('tick' as const) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('enqueue' as const), task }) },
  );
}
export type Op<T> = { kind: 'claim'; limit: number } | { kind: 'complete'; pick: number; count: number } | { kind: 'tick' } | { kind: 'enqueue'; task: T };

/**
 * One step on one side: what it claimed (by `label`) and then the usage per key. Tasks for
 * later are a minute out; a tick moves the clock past them.
 */
export async function stepOn<T>(s: Side, op: Op<T>, label: (t: ClaimedTask) => unknown, enqueue: (task: T) => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  if (op.kind === 'claim') {
    const got = await s.engine.claim({ queues: ['q'], workerId: 'w', limit: op.limit, leaseMs: 600_000 });
    s.running.push(...got);
    seen.push(got.map(label));
  } else if (op.kind === 'complete') {
    const at = s.running.length ? op.pick % s.running.length : 0;
    for (const t of s.running.splice(at, op.count)) await s.engine.complete({ id: t.id, leaseToken: t.leaseToken });
  } else if (op.kind === 'tick') s.clock.advance(60_001);
  else await enqueue(op.task);
  seen.push((await s.engine.flow.usage()).map((u) => [u.key, u.running]));
  return seen;
}

export async function cleanupSides(sides: readonly Side[]): Promise<void> {
  for (const s of sides) {
    await s.engine.flush();
    await s.ts.cleanup();
  }
}
