/** A paused schedule starts no run at its due times; resumed, it fires at the next one (no catch-up). Audited. */
import { afterEach, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { ManualClock } from '../../src/model/clock.js';
import { TriggerScheduler } from '../../src/scheduler/triggers.js';
import { parseWorkflow } from '../../src/workflow/parse.js';
import { freshSqlite, type TestStore } from '../helpers/stores.js';

let ts: TestStore;
afterEach(async () => {
  await ts?.cleanup();
});

it('pause and resume a schedule', async () => {
  ts = await freshSqlite();
  const clock = new ManualClock(Date.UTC(2026, 0, 5));
  const engine = new Engine({ store: ts.store, clock });
  const wf = parseWorkflow('name: e\ntriggers:\n  - every: "@every 1m"\ntasks:\n  a: { command: "true" }\n', { file: 'w.yaml' });
  const sched = new TriggerScheduler(engine, { holderId: 'test', workflows: [wf], graceMs: 10_000, leaderTtlMs: 600_000 });
  const skipped: string[] = [];
  sched.on('skipped', (_wf, _t, reason) => skipped.push(reason));
  await sched.runOnce();
  await engine.flow.pause({ schedule: 'e' }, { actor: 'ops' });
  clock.advance(60_000);
  expect(await sched.runOnce()).toHaveLength(0);
  expect(skipped).toEqual(['paused']);
  await engine.flow.resume({ schedule: 'e' }, { actor: 'ops' });
  clock.advance(30_000);
  expect(await sched.runOnce()).toHaveLength(0);
  clock.advance(30_000);
  expect(await sched.runOnce()).toHaveLength(1);
  expect((await engine.flow.audit()).map((e) => `${e.action} ${e.kind} ${e.target}`)).toEqual(['resumed schedule e', 'paused schedule e']);
  await sched.stop?.();
});
