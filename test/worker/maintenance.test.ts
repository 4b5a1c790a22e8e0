/** Maintenance under leader election, driven by runOnce() on a manual clock. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { ManualClock } from '../../src/model/clock.js';
import { Maintenance } from '../../src/scheduler/maintenance.js';
import { freshSqlite, type TestStore } from '../helpers/stores.js';

let ts: TestStore;
let clock: ManualClock;
let engine: Engine;
beforeEach(async () => {
  ts = await freshSqlite();
  clock = new ManualClock();
  engine = new Engine({ store: ts.store, clock });
});
afterEach(async () => {
  await engine.flush();
  await ts.cleanup();
});

it('one leader reaps expired leases; the other stays a follower until the leader stops renewing', async () => {
  const a = new Maintenance(engine, { holderId: 'a', leaderTtlMs: 3000 });
  const b = new Maintenance(engine, { holderId: 'b', leaderTtlMs: 3000 });
  await engine.enqueue('t');
  await engine.claim({ queues: ['default'], workerId: 'dead', limit: 1, leaseMs: 1000 });
  clock.advance(1001);
  await a.runOnce();
  await b.runOnce();
  expect([a.isLeader, b.isLeader]).toEqual([true, false]);
  expect((await engine.countLive())['pending']).toBe(1);
  clock.advance(2999);
  await b.runOnce();
  expect(b.isLeader).toBe(false);
  clock.advance(2);
  await b.runOnce();
  expect(b.isLeader).toBe(true);
});

it('retention keeps up: a pass purges more than one batch of finished tasks', async () => {
  const m = new Maintenance(engine, { holderId: 'm', retentionMs: 1000, intervalMs: 60_000 });
  const N = 12_000;
  for (let i = 0; i < N; i += 1000) await engine.enqueueMany(Array.from({ length: 1000 }, () => ({ name: 't' })));
  for (;;) {
    const got = await engine.claim({ queues: ['default'], workerId: 'w', limit: 1000, leaseMs: 60_000 });
    if (!got.length) break;
    await Promise.all(got.map((t) => engine.complete({ id: t.id, leaseToken: t.leaseToken })));
  }
  clock.advance(1001);
  let purged = 0;
  m.on('purged', (c) => (purged += c.tasks));
  await m.runOnce();
  expect(purged).toBe(N);
  expect(await ts.store.taskList({ limit: 10 })).toEqual([]);
});
