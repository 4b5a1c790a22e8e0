/**
 * Flow control on every driver (docs/flow-control.md): limits enforced at claim time, round-robin
 * across keys, pauses by name and run, the audit, bad input writing nothing, and rules surviving
 * a reopen. Time is a ManualClock. The two-process test is test/store/flow-processes.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { ManualClock } from '../../src/model/clock.js';
import { NotFoundError, ValidationError } from '../../src/model/errors.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { pgHostPort, serviceAvailable } from '../helpers/services.js';
import { freshStore, type DriverName, type TestStore } from '../helpers/stores.js';

const LEASE = 30_000;

function flowConformance(driver: DriverName): void {
  describe(`flow control: ${driver}`, () => {
    let ts: TestStore;
    let store: Store;
    let clock: ManualClock;
    let engine: Engine;

    beforeEach(async () => {
      ts = await freshStore(driver);
      store = ts.store;
      clock = new ManualClock(Date.UTC(2026, 0, 1));
      engine = new Engine({ store, clock, random: () => 0.5 });
    });
    afterEach(async () => {
      await engine.flush();
      await ts.cleanup();
    });

    const claim = (limit = 1, queues = ['q'], workerId = 'w1') => engine.claim({ queues, workerId, limit, leaseMs: LEASE });
    const tenants = (ts: Array<{ payload: unknown }>) => ts.map((t) => (t.payload as { tenant: string }).tenant);

    it('concurrency per key: at most K running per key; a finished task frees its slot', async () => {
      for (let i = 0; i < 5; i++) await engine.enqueue('t', { tenant: 'a', i }, { queue: 'q' });
      for (let i = 0; i < 5; i++) await engine.enqueue('t', { tenant: 'b', i }, { queue: 'q' });
      await engine.flow.setLimit({ queue: 'q', key: 'payload.tenant', concurrency: 2 });
      const first = await claim(10);
      expect(tenants(first).sort()).toEqual(['a', 'a', 'b', 'b']);
      expect(await claim(10)).toEqual([]);
      const usage = await engine.flow.usage();
      expect(usage.map((u) => [u.key, u.running])).toEqual([['a', 2], ['b', 2]]);
      const a = first.find((t) => (t.payload as { tenant: string }).tenant === 'a')!;
      await engine.complete({ id: a.id, leaseToken: a.leaseToken });
      expect(tenants(await claim(10))).toEqual(['a']);
      // An expired lease frees its slot too (the task is pending again, and claimable).
      clock.advance(LEASE + 1);
      await engine.expireLeases();
      expect((await claim(10)).length).toBe(4);
    });


    it('a flow-aware claim hands over the task as stored, every field (it reads back only what it did not set)', async () => {
      const parent = await engine.enqueue('p', null, { queue: 'other' });
      const t = await engine.enqueue('t', { tenant: 'a', deep: { list: [1, 'two', null] } }, {
        queue: 'q', priority: 3, maxAttempts: 7, backoff: { kind: 'fixed', baseMs: 250 }, timeout: 9_000,
        key: 'k-1', tags: ['tenant:a', 'x'], parentId: parent.id, runId: 'run-9', dedupKey: 'd-1',
      });
      await engine.flow.setLimit({ queue: 'q', key: 'payload.tenant', concurrency: 1 });
      const [claimed] = await claim(5);
      expect(claimed).toEqual(await engine.get(t.id));
      expect(claimed).toMatchObject({ state: 'running', attempt: 1, workerId: 'w1', leaseExpiresAt: clock.now() + LEASE, startedAt: clock.now() });
    });

    it('keys with quotes, backslashes and non-ASCII are counted as written (the claim writes them as SQL literals)', async () => {
      const odd = ["o'brien", 'back\\slash', "both\\' '", 'ünï ✓', ''];
      for (const tenant of odd) for (let i = 0; i < 3; i++) await engine.enqueue('t', { tenant, i }, { queue: 'q' });
      await engine.flow.setLimit({ queue: 'q', key: 'payload.tenant', concurrency: 1, rate: '2/1h' });
      const first = await claim(20);
      expect(tenants(first).sort()).toEqual([...odd].sort());
      expect(await claim(20)).toEqual([]);
      const usage = await engine.flow.usage();
      expect(usage.map((u) => [u.key, u.running, u.windowClaims]).sort()).toEqual(odd.map((k) => [k, 1, 1]).sort());
      for (const t of first) await engine.complete({ id: t.id, leaseToken: t.leaseToken });
      // Each key's second task; then each key's rate (2 an hour) is spent.
      expect(tenants(await claim(20)).sort()).toEqual([...odd].sort());
      expect((await engine.flow.usage()).every((u) => u.windowClaims === 2)).toBe(true);
    });
    it('round-robin across keys: a key with many pending does not delay a key with one', async () => {
      for (let i = 0; i < 50; i++) await engine.enqueue('t', { tenant: 'noisy', i }, { queue: 'q' });
      await engine.enqueue('t', { tenant: 'quiet1' }, { queue: 'q' });
      await engine.enqueue('t', { tenant: 'quiet2' }, { queue: 'q' });
      await engine.flow.setLimit({ queue: 'q', key: 'payload.tenant', concurrency: 100 });
      const order: string[] = [];
      for (let i = 0; i < 5; i++) order.push(...tenants(await claim(1)));
      expect(order).toEqual(['noisy', 'quiet1', 'quiet2', 'noisy', 'noisy']);
      await engine.enqueue('t', { tenant: 'quiet1' }, { queue: 'q' });
      await engine.enqueue('t', { tenant: 'quiet3' }, { queue: 'q' });
      // The rotation goes on from the key served last (noisy), in key order, and comes round.
      expect(tenants(await claim(1))).toEqual(['quiet1']);
      expect(tenants(await claim(1))).toEqual(['quiet3']);
      expect(tenants(await claim(1))).toEqual(['noisy']);
      // A batch takes one per key per round, from the cursor on.
      for (let i = 0; i < 3; i++) await engine.enqueue('t', { tenant: `k${i}` }, { queue: 'q' });
      expect(tenants(await claim(4))).toEqual(['k0', 'k1', 'k2', 'noisy']);
      // Fewer keys than the batch: more than one per key, still in turns.
      expect(tenants(await claim(3))).toEqual(['noisy', 'noisy', 'noisy']);
    });

    it('with rules in force, due tasks are found past tasks not yet due at higher priorities, whatever route fetches them', async () => {
      const names = async (limit: number) => (await claim(limit)).map((t) => `${t.name}:${String(t.payload)}`);
      for (let i = 0; i < 3; i++) {
        await engine.enqueue('free', `later${i}`, { queue: 'q', priority: 9, delay: 60_000 });
        await engine.enqueue('capped', `later${i}`, { queue: 'q', priority: 9, delay: 60_000 });
      }
      await engine.enqueue('free', 'mid', { queue: 'q', priority: 4 });
      await engine.enqueue('held', 'mid', { queue: 'q', priority: 4 });
      await engine.enqueue('capped', 'low', { queue: 'q', priority: -1 });
      await engine.enqueue('free', 'low', { queue: 'q', priority: -1 });
      // "capped" tasks come by their rule's route, the rest by the queue's; "held" is paused.
      await engine.flow.setLimit({ queue: 'q', name: 'capped', concurrency: 5 });
      await engine.flow.pause({ name: 'held' });
      expect(await names(10)).toEqual(['free:mid', 'capped:low', 'free:low']);
      clock.advance(60_000);
      expect(await names(4)).toEqual(['free:later0', 'capped:later0', 'free:later1', 'capped:later1']);
    });

    it('a key whose first task in claim order is not due, or paused, gives its next claimable task', async () => {
      await engine.enqueue('x', { tenant: 'a' }, { queue: 'q', priority: 9 });
      await engine.enqueue('t', { tenant: 'a', i: 1 }, { queue: 'q', priority: 5, delay: 60_000 });
      await engine.enqueue('t', { tenant: 'a', i: 2 }, { queue: 'q' });
      await engine.enqueue('t', { tenant: 'b', i: 3 }, { queue: 'q', delay: 60_000 });
      await engine.flow.setLimit({ queue: 'q', key: 'payload.tenant', concurrency: 10 });
      await engine.flow.pause({ name: 'x' });
      const got = await claim(1);
      expect(got.map((t) => (t.payload as { i: number }).i)).toEqual([2]);
      expect(await claim(2)).toEqual([]);
      clock.advance(60_001);
      expect((await claim(2)).map((t) => (t.payload as { i: number }).i).sort()).toEqual([1, 3]);
      await engine.flow.resume({ name: 'x' });
      expect((await claim(2)).map((t) => t.name)).toEqual(['x']);
    });

    it('keys whose tasks are all delayed or paused take no turn: a claim fills from the keys with due tasks', async () => {
      // a, c and e hold only tasks not yet due (or paused); b and d hold due tasks behind tasks
      // delayed at a higher priority. Keys in rotation order: a b c d e.
      for (const tenant of ['a', 'b', 'c', 'd', 'e']) {
        for (let i = 0; i < 3; i++) await engine.enqueue('t', { tenant, later: i }, { queue: 'q', priority: 5, delay: 60_000 });
      }
      await engine.enqueue('held', { tenant: 'c' }, { queue: 'q' });
      for (let i = 0; i < 3; i++) {
        await engine.enqueue('t', { tenant: 'b', i }, { queue: 'q' });
        await engine.enqueue('t', { tenant: 'd', i }, { queue: 'q' });
      }
      await engine.flow.setLimit({ queue: 'q', key: 'payload.tenant', concurrency: 10 });
      await engine.flow.pause({ name: 'held' });
      const due = (got: Array<{ payload: unknown }>) => got.map((t) => { const p = t.payload as { tenant: string; i: number }; return `${p.tenant}${p.i}`; });
      // Four asked, two keys with due tasks: two each, in turns (not one from each of the first four keys).
      expect(due(await claim(4))).toEqual(['b0', 'd0', 'b1', 'd1']);
      // The rotation goes on past d, over e (nothing due), round to b.
      expect(due(await claim(1))).toEqual(['b2']);
      expect(due(await claim(1))).toEqual(['d2']);
      expect(await claim(5)).toEqual([]);
    });

    it('a due task behind many keys with nothing due is found, by every claim size (no key starves)', async () => {
      // More keys with only delayed tasks than a claim walks in its first step, all before the one
      // key with due work in key order.
      for (let i = 0; i < 60; i++) await engine.enqueue('t', { tenant: `a${String(i).padStart(2, '0')}` }, { queue: 'q', delay: 60_000 });
      for (let i = 0; i < 3; i++) await engine.enqueue('t', { tenant: 'b', i }, { queue: 'q' });
      await engine.flow.setLimit({ queue: 'q', key: 'payload.tenant', concurrency: 10 });
      expect(tenants(await claim(1))).toEqual(['b']);
      expect(tenants(await claim(1))).toEqual(['b']);
      expect(tenants(await claim(40))).toEqual(['b']);
      expect(await claim(40)).toEqual([]);
      clock.advance(60_001);
      expect((await claim(100)).length).toBe(60);
    });

    it('after a walk over many keys with nothing due, claims read the due tasks instead and take the same turns', async () => {
      // 150 keys with only a task for later; due work under keys 0, b and c (c's second task first:
      // its priority), and bb's only task paused. Keys in rotation order: 0 a000..a149 b bb c.
      const later = Array.from({ length: 150 }, (_, i) => ({ name: 't', payload: { tenant: `a${String(i).padStart(3, '0')}`, i: 'later' }, queue: 'q', delay: 60_000 }));
      await engine.enqueueMany(later);
      for (const [tenant, i, priority] of [['0', 'z0', 0], ['0', 'z1', 0], ['b', 'b0', 0], ['b', 'b1', 0], ['b', 'b2', 0], ['c', 'c0', 0], ['c', 'c1', 5]] as const) {
        await engine.enqueue('t', { tenant, i }, { queue: 'q', priority });
      }
      await engine.enqueue('held', { tenant: 'bb', i: 'held' }, { queue: 'q' });
      await engine.flow.setLimit({ queue: 'q', key: 'payload.tenant', concurrency: 10 });
      await engine.flow.pause({ name: 'held' });
      const labels = (got: Array<{ payload: unknown }>) => got.map((t) => (t.payload as { i: string }).i);
      expect(labels(await claim(1))).toEqual(['z0']);
      // This claim walks past the 150 keys with nothing due to reach b: the next ones read the due tasks.
      expect(labels(await claim(1))).toEqual(['b0']);
      expect(labels(await claim(3))).toEqual(['c1', 'z1', 'b1']);
      // Two keys left with a due task each: both, in turns.
      expect(labels(await claim(4))).toEqual(['c0', 'b2']);
      expect(await claim(4)).toEqual([]);
      // The later tasks come due: from the key served last (b), past bb (paused) and c, round to them.
      clock.advance(60_001);
      expect(tenants(await claim(5))).toEqual(['a000', 'a001', 'a002', 'a003', 'a004']);
    });

    it('past the keys one claim walks (10,000), the next claim reads the due tasks and finds the key further on', { timeout: 60_000 }, async () => {
      const later = Array.from({ length: 20_500 }, (_, i) => ({ name: 't', payload: { tenant: `a${String(i).padStart(5, '0')}` }, queue: 'q', delay: 60_000 }));
      for (let i = 0; i < later.length; i += 2500) await engine.enqueueMany(later.slice(i, i + 2500));
      await engine.enqueue('t', { tenant: 'b' }, { queue: 'q' });
      await engine.flow.setLimit({ queue: 'q', key: 'payload.tenant', concurrency: 1 });
      // The first claim stops after 10,000 keys with nothing due (a walk of them all would take
      // two more claims); the second reads the one due task.
      expect(await claim(1)).toEqual([]);
      expect(tenants(await claim(1))).toEqual(['b']);
      expect(await claim(1)).toEqual([]);
    });

    it('rate per task name: N per period, cluster-wide counters; over the limit stays pending', async () => {
      await engine.enqueue('other', {}, { queue: 'q' });
      for (let i = 0; i < 10; i++) await engine.enqueue('send', { i }, { queue: 'q' });
      await engine.flow.setLimit({ name: 'send', rate: '3/1s' });
      const got = await claim(20);
      expect(got.filter((t) => t.name === 'send').length).toBe(3);
      expect(got.filter((t) => t.name === 'other').length).toBe(1);
      expect(await claim(20)).toEqual([]);
      clock.advance(999 - (clock.now() % 1000));
      expect(await claim(20)).toEqual([]);
      clock.advance(1);
      expect((await claim(20)).length).toBe(3);
      expect((await engine.list({ states: ['pending'] })).length).toBe(4);
    });

    it('a rate holds over every period, not only over aligned windows (it slides); usage shows the period', async () => {
      for (let i = 0; i < 10; i++) await engine.enqueue('send', { i }, { queue: 'q' });
      await engine.flow.setLimit({ name: 'send', rate: '3/1s' });
      clock.advance(900 - (clock.now() % 1000));
      const t0 = clock.now();
      expect((await claim(20)).length).toBe(3);
      // A new aligned second begins at t0 + 100: the three claims of t0 still count until t0 + 1000.
      clock.advance(100);
      expect(await claim(20)).toEqual([]);
      expect((await engine.flow.usage()).map((u) => [u.windowClaims, u.windowStart])).toEqual([[3, t0 + 100 - 1000 + 1]]);
      clock.advance(899);
      expect(await claim(20)).toEqual([]);
      clock.advance(1);
      expect((await claim(20)).length).toBe(3);
      expect((await engine.flow.usage()).map((u) => u.windowClaims)).toEqual([3]);
    });

    it('rate and concurrency on one rule, per tag', async () => {
      for (let i = 0; i < 6; i++) await engine.enqueue('t', { i }, { queue: 'q', tags: ['customer:1'] });
      for (let i = 0; i < 6; i++) await engine.enqueue('t', { i }, { queue: 'q', tags: ['customer:2'] });
      await engine.flow.setLimit({ queue: 'q', key: 'tag:customer:', rate: '4/1m', concurrency: 2 });
      const got = await claim(20);
      expect(got.length).toBe(4);
      for (const t of got) await engine.complete({ id: t.id, leaseToken: t.leaseToken });
      expect((await claim(20)).length).toBe(4);
      expect(await claim(20)).toEqual([]); // the minute's 4 per customer are used
      clock.advance(60_000);
      expect(await claim(20)).toEqual([]); // still 2 running per customer
    });

    it('pause by task name: takes effect before the next claim, running tasks finish, resume brings them back; audited', async () => {
      const a = await engine.enqueue('x', 1, { queue: 'q' });
      await engine.enqueue('x', 2, { queue: 'q' });
      await engine.enqueue('y', 3, { queue: 'q' });
      const [running] = await claim(1);
      expect(running!.id).toBe(a.id);
      expect(await engine.flow.pause({ name: 'x' }, { actor: 'ops' })).toBe(true);
      expect(await engine.flow.pause({ name: 'x' })).toBe(false);
      const next = await claim(10);
      expect(next.map((t) => t.name)).toEqual(['y']);
      await engine.complete({ id: running!.id, leaseToken: running!.leaseToken });
      expect((await engine.flow.paused()).names).toEqual(['x']);
      await engine.flow.resume({ name: 'x' }, { actor: 'ops' });
      expect((await claim(10)).map((t) => t.payload)).toEqual([2]);
      const audit = await engine.flow.audit();
      expect(audit.map((e) => [e.action, e.kind, e.target, e.actor])).toEqual([
        ['resumed', 'name', 'x', 'ops'],
        ['paused', 'name', 'x', 'ops'],
      ]);
    });

    it('pause by run and by queue (audited) and by schedule', async () => {
      await engine.enqueue('t', 1, { queue: 'q', runId: 'run-1' });
      await engine.enqueue('t', 2, { queue: 'q', runId: 'run-2' });
      await engine.enqueue('t', 3, { queue: 'q' });
      await engine.flow.pause({ run: 'run-1' });
      expect((await claim(10)).map((t) => t.payload).sort()).toEqual([2, 3]);
      await engine.flow.resume({ run: 'run-1' });
      await engine.enqueue('t', 4, { queue: 'q' });
      await engine.flow.pause({ queue: 'q' });
      expect(await claim(10)).toEqual([]);
      await engine.flow.resume({ queue: 'q' });
      expect((await claim(10)).map((t) => t.payload).sort()).toEqual([1, 4]);
      await engine.flow.pause({ schedule: 'nightly' });
      expect(await engine.flow.schedulePaused('nightly')).toBe(true);
      expect((await engine.flow.audit({ limit: 3 })).map((e) => `${e.action} ${e.kind} ${e.target}`)).toEqual(['paused schedule nightly', 'resumed queue q', 'paused queue q']);
    });

    it('bad input writes nothing: unparseable rate, K <= 0, a key naming nothing, an unknown queue', async () => {
      await engine.enqueue('t', 1, { queue: 'known' });
      const bad: Array<[unknown, string]> = [
        [{ queue: 'known', rate: '100/sec' }, 'rate'],
        [{ queue: 'known', concurrency: 0 }, 'concurrency'],
        [{ queue: 'known', concurrency: 1, key: 'payload.' }, 'key'],
        [{ queue: 'known', concurrency: 1, key: 'header:x' }, 'key'],
        [{ queue: 'nobody-uses-this', concurrency: 1 }, 'queue'],
      ];
      for (const [spec, field] of bad) {
        const err = await engine.flow.setLimit(spec as never).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ValidationError);
        expect((err as ValidationError).field).toBe(field);
      }
      await expect(engine.flow.removeLimit('nope')).rejects.toBeInstanceOf(NotFoundError);
      await expect(engine.flow.pause({ name: 'a', run: 'b' } as never)).rejects.toBeInstanceOf(ValidationError);
      expect(await engine.flow.listLimits()).toEqual([]);
      expect(await engine.flow.audit()).toEqual([]);
      // A declared queue is known before any task.
      engine.flow.declareQueues(['declared']);
      expect((await engine.flow.setLimit({ queue: 'declared', concurrency: 1 })).queue).toBe('declared');
    });

    it('a rule set by another process governs this one at once, also for a claim riding with completions', async () => {
      for (let i = 0; i < 3; i++) await engine.enqueue('t', { tenant: 'a', i }, { queue: 'q' });
      await engine.enqueue('t', { tenant: 'b' }, { queue: 'q' });
      const [first] = await claim(1);
      // Another process adds the rule: this store has not seen it (no flow claim since).
      const other = await openStore(ts.url);
      try {
        await new Engine({ store: other, clock }).flow.setLimit({ queue: 'q', key: 'payload.tenant', concurrency: 1 });
      } finally {
        await other.close();
      }
      const op = { queues: ['q'], workerId: 'w1', limit: 10, leaseMs: LEASE };
      const r = await store.writeBatch({ now: clock.now(), taskComplete: [{ id: first!.id, leaseToken: first!.leaseToken, result: null }], taskClaim: [op] });
      expect(r.taskComplete[0]).toMatchObject({ ok: true });
      // The plain claim takes nothing under a rule; the flow-aware one gives one task per tenant.
      expect(tenants(r.taskClaim[0]!).sort()).toEqual(['a', 'b']);
      expect(await claim(10)).toEqual([]);
    });

    it('limits change at run time: replace, remove (claims go back to the plain path); rules survive a reopen', async () => {
      for (let i = 0; i < 4; i++) await engine.enqueue('t', { tenant: 'a', i }, { queue: 'q' });
      await engine.flow.setLimit({ id: 'per-tenant', queue: 'q', key: 'payload.tenant', concurrency: 1 });
      expect((await claim(10)).length).toBe(1);
      await engine.flow.setLimit({ id: 'per-tenant', queue: 'q', key: 'payload.tenant', concurrency: 2 }, { actor: 'ops' });
      expect((await claim(10)).length).toBe(1);
      await engine.flow.pause({ name: 'held' });
      await engine.flush();
      const reopened = await openStore(ts.url);
      try {
        const e2 = new Engine({ store: reopened, clock });
        expect((await e2.flow.listLimits()).map((l) => [l.id, l.concurrency])).toEqual([['per-tenant', 2]]);
        expect((await e2.flow.paused()).names).toEqual(['held']);
        expect((await e2.claim({ queues: ['q'], workerId: 'w2', limit: 10, leaseMs: LEASE })).length).toBe(0);
        await e2.flush();
      } finally {
        await reopened.close();
      }
      await engine.flow.removeLimit('per-tenant');
      await engine.flow.resume({ name: 'held' });
      expect((await claim(10)).length).toBe(2);
      const audit = await engine.flow.audit();
      expect(audit.map((e) => e.action)).toEqual(['resumed', 'limit_removed', 'paused', 'limit_set', 'limit_set']);
      expect(audit[3]!.detail).toMatchObject({ concurrency: 2, before: { concurrency: 1 } });
    });
  });
}

flowConformance('sqlite');
flowConformance('sqlite-threaded');
const { host, port } = pgHostPort();
if (await serviceAvailable('PostgreSQL', host, port)) flowConformance('postgres');
else describe.skip('flow control: postgres (PostgreSQL unreachable)', () => {});
