/**
 * The autoscaler loop on a real store (each driver), with a ManualClock and an in-memory fleet:
 * one leader acts, a new leader continues from the recorded state, provider failures are
 * recorded and survived, paused queues and far-off scheduled tasks need no workers.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveAutoscaleConfig, type AutoscaleConfig } from '../../src/autoscale/config.js';
import { Autoscaler } from '../../src/autoscale/runner.js';
import { AutoscaleAccess } from '../../src/autoscale/engine-access.js';
import { Engine } from '../../src/engine/engine.js';
import { ManualClock } from '../../src/model/clock.js';
import { freshStore, type DriverName, type TestStore } from '../helpers/stores.js';
import { pgHostPort, serviceAvailable } from '../helpers/services.js';
import { Fleet } from './fleet.js';

const silent = { level: 'silent' as const };

function config(policy: Record<string, unknown> = {}): AutoscaleConfig {
  return resolveAutoscaleConfig({
    interval: '1s',
    leaderTtl: '5s',
    provider: { type: 'keda' },
    groups: [{ name: 'default', concurrency: 10, policy: { latencyTarget: '5s', maxWorkers: 20, defaultServiceTime: '1s', scaleDown: { cooldown: '60s', idleBeforeZero: '2m' }, ...policy } }],
  });
}

const drivers: DriverName[] = ['sqlite'];
const { host, port } = pgHostPort();
if (await serviceAvailable('PostgreSQL', host, port)) drivers.push('postgres');

describe.each(drivers)('autoscaler loop (%s)', (driver) => {
  let ts: TestStore;
  let clock: ManualClock;
  let engine: Engine;
  const started: Autoscaler[] = [];

  beforeEach(async () => {
    ts = await freshStore(driver);
    clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
    engine = new Engine({ store: ts.store, clock });
  });
  afterEach(async () => {
    for (const a of started.splice(0)) await a.stop();
    await engine.flush();
    await ts.cleanup();
  });

  const autoscaler = async (holderId: string, cfg = config()) => {
    const { createLogger } = await import('../../src/logger.js');
    const fleet = new Fleet();
    const a = new Autoscaler(engine, { config: cfg, holderId, providerFor: () => fleet, logger: createLogger(silent) });
    started.push(a);
    return { a, fleet };
  };

  it('one of several acts; a new leader continues from the recorded count and cool-down', async () => {
    const A = await autoscaler('A');
    const B = await autoscaler('B');
    await engine.enqueueMany(Array.from({ length: 300 }, () => ({ name: 'job' })));
    const first = await A.a.runOnce();
    expect(first.leader).toBe(true);
    // 300 tasks x 1 s within 5 s: 60 slots = 6 workers, asked of A's fleet.
    expect(first.decisions.default!.last).toMatchObject({ from: 0, desired: 6, rule: 'wake' });
    expect(A.fleet.running).toBe(6);
    expect(await B.a.runOnce()).toEqual({ leader: false, decisions: {} });
    expect(B.fleet.requests).toHaveLength(0);

    // The backlog is done; A dies (no more passes, no resignation). B takes over after the lease.
    for (const c of await engine.claim({ queues: ['default'], workerId: 'w', limit: 300, leaseMs: 60_000 })) await engine.complete({ id: c.id, leaseToken: c.leaseToken });
    clock.advance(6000);
    const b1 = await B.a.runOnce();
    expect(b1.leader).toBe(true);
    // It starts from A's 6, and holds them: the cool-down counts from A's change, 6 s ago.
    expect(b1.decisions.default!.last).toMatchObject({ from: 6, desired: 6, rule: 'cooldown' });
    expect(b1.decisions.default!.history.map((d) => [d.from, d.desired])).toEqual([[0, 6]]);
    // A comes back: no longer the leader, it acts on nothing and lets its workers go.
    expect((await A.a.runOnce()).leader).toBe(false);
    expect(A.fleet.releases).toBe(1);
    // B steps down only once the cool-down has passed since A's scale-up.
    clock.advance(30_000);
    expect((await B.a.runOnce()).decisions.default!.last.desired).toBe(6);
    clock.advance(30_000);
    const b3 = await B.a.runOnce();
    expect(b3.decisions.default!.last).toMatchObject({ from: 6, desired: 3, rule: 'down' });
    expect(B.fleet.requests.at(-1)).toMatchObject({ group: 'default', queues: ['default'], desired: 3 });
    const { record } = await new AutoscaleAccess(engine).read();
    expect(record).toMatchObject({ leader: 'B', groups: { default: { provider: 'fleet', workers: { running: 3 } } } });
  });

  it('a failing provider is recorded, the autoscaler carries on, and the next pass decides again', async () => {
    const { a, fleet } = await autoscaler('A');
    await engine.enqueueMany(Array.from({ length: 100 }, () => ({ name: 'job' })));
    fleet.failing = 'the cloud said no';
    const p1 = await a.runOnce();
    expect(p1.decisions.default!.last).toMatchObject({ desired: 2, error: expect.stringContaining('the cloud said no') });
    expect(p1.decisions.default!.providerError).toMatchObject({ message: expect.stringContaining('the cloud said no') });
    expect(p1.decisions.default!.workers).toBeNull();
    fleet.failing = null;
    clock.advance(1000);
    const p2 = await a.runOnce();
    expect(p2.decisions.default!.providerError).toBeNull();
    expect(fleet.running).toBe(2);
    expect(p2.decisions.default!.workers).toEqual({ running: 2, starting: 0, stopping: 0 });
    expect(p2.decisions.default!.history[0]).toMatchObject({ desired: 2, error: expect.stringContaining('the cloud said no') });
  });

  it('tasks in a paused queue need no workers; resumed, they do', async () => {
    const { a } = await autoscaler('A');
    await engine.enqueueMany(Array.from({ length: 100 }, () => ({ name: 'job' })));
    await ts.store.queueSetPaused({ queue: 'default', paused: true, now: clock.now() });
    expect((await a.runOnce()).decisions.default!.last).toMatchObject({ desired: 0, need: 0 });
    await ts.store.queueSetPaused({ queue: 'default', paused: false, now: clock.now() });
    clock.advance(1000);
    expect((await a.runOnce()).decisions.default!.last).toMatchObject({ from: 0, desired: 2, rule: 'wake' });
  });

  it("a reloaded group policy is used from the next decision; what a group is can only change with a restart", async () => {
    const { a, fleet } = await autoscaler('A');
    await engine.enqueueMany(Array.from({ length: 300 }, () => ({ name: 'job' })));
    expect((await a.runOnce()).decisions.default!.last).toMatchObject({ from: 0, desired: 6 });
    // taskframe autoscale does this when taskframe.yaml changes (or on SIGHUP): the bound is lowered.
    a.reconfigure(config({ maxWorkers: 3 }));
    clock.advance(1000);
    expect((await a.runOnce()).decisions.default!.last).toMatchObject({ from: 6, desired: 3, rule: 'max' });
    expect(fleet.running).toBe(3);
    const other = resolveAutoscaleConfig({ interval: '1s', leaderTtl: '5s', provider: { type: 'keda' }, groups: [{ name: 'default', concurrency: 4 }] });
    expect(() => a.reconfigure(other)).toThrow(/groups, queues, concurrency, providers, interval and leaderTtl need a restart/);
    clock.advance(1000);
    expect((await a.runOnce()).decisions.default!.last).toMatchObject({ desired: 3 });
  });

  it('scheduled tasks far off keep the group at zero; within the lookahead they wake it before they are due', async () => {
    const { a, fleet } = await autoscaler('A', config({ lookahead: '30s' }));
    await engine.enqueueMany(Array.from({ length: 20 }, () => ({ name: 'report', delay: '10m' })));
    const p1 = await a.runOnce();
    expect(p1.decisions.default!.last).toMatchObject({ desired: 0, inputs: { later: 20, nextDueInMs: 600_000 } });
    clock.advance(10 * 60_000 - 20_000);
    const p2 = await a.runOnce();
    expect(p2.decisions.default!.last).toMatchObject({ from: 0, desired: 1, rule: 'wake', inputs: { soon: 20, ready: 0 } });
    expect(fleet.running).toBe(1);
  });

  it('measures service time per task name and arrivals from the store', async () => {
    // No smoothing here: each figure is what this one pass measured.
    const { a } = await autoscaler('A', config({ smoothing: '1ms' }));
    await a.runOnce();
    // 40 'fast' tasks run 100 ms, 10 'slow' ones 2 s; 50 more arrive.
    await engine.enqueueMany([...Array.from({ length: 40 }, () => ({ name: 'fast' })), ...Array.from({ length: 10 }, () => ({ name: 'slow' }))]);
    const claimed = await engine.claim({ queues: ['default'], workerId: 'w', limit: 50, leaseMs: 60_000 });
    clock.advance(100);
    for (const c of claimed.filter((t) => t.name === 'fast')) await engine.complete({ id: c.id, leaseToken: c.leaseToken });
    clock.advance(1900);
    for (const c of claimed.filter((t) => t.name === 'slow')) await engine.complete({ id: c.id, leaseToken: c.leaseToken });
    await engine.enqueueMany(Array.from({ length: 50 }, () => ({ name: 'slow' })));
    clock.advance(8000);
    const d = (await a.runOnce()).decisions.default!;
    expect(d.state.serviceMs).toEqual({ fast: 100, slow: 2000 });
    // 100 arrived (50 done + 50 live) in the 10 s since the first pass.
    expect(d.last.inputs.arrivalRate).toBeCloseTo(10, 5);
    expect(d.last.inputs.completionRate).toBeCloseTo(5, 5);
    // 50 ready slow tasks: 100 s of work.
    expect(d.last.inputs.backlogWorkS).toBeCloseTo(100, 5);
  });
});
