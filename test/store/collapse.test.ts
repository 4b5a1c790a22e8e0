/**
 * Debounce and throttle on enqueue (model/collapse.ts), on every driver, with a ManualClock:
 * enqueues sharing a key collapse into one task; a window's end opens a new one; concurrent
 * enqueuers (several connections on PostgreSQL) still make exactly one task.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { ManualClock } from '../../src/model/clock.js';
import { ValidationError } from '../../src/model/errors.js';
import type { EnqueueSpec } from '../../src/model/spec.js';
import { openStore } from '../../src/store/open.js';
import { pgHostPort, serviceAvailable } from '../helpers/services.js';
import { freshStore, type DriverName, type TestStore } from '../helpers/stores.js';

function collapseConformance(driver: DriverName): void {
  describe(`debounce and throttle: ${driver}`, () => {
    let ts: TestStore;
    let clock: ManualClock;
    let engine: Engine;

    beforeEach(async () => {
      ts = await freshStore(driver);
      clock = new ManualClock(Date.UTC(2026, 0, 1));
      engine = new Engine({ store: ts.store, clock, random: () => 0.5 });
    });
    afterEach(async () => {
      await engine.flush();
      await ts.cleanup();
    });

    const claim = (limit = 10, queues = ['default']) => engine.claim({ queues, workerId: 'w1', limit, leaseMs: 10_000 });
    const types = async (id: string) => (await engine.events([id])).map((e) => e.type);
    const live = async () => (await engine.list({})).length;

    it('debounce keeps one task, the last payload, run a quiet period after the last enqueue', async () => {
      const t0 = clock.now();
      const a = await engine.enqueueOne({ name: 'index', payload: 1, debounce: { key: 'doc-1', window: '5s' } });
      expect(a).toMatchObject({ created: true });
      expect(a.collapsed).toBeFalsy();
      expect(a.task).toMatchObject({ state: 'scheduled', runAt: t0 + 5000 });
      clock.advance(1000);
      const b = await engine.enqueueOne({ name: 'index', payload: 2, debounce: { key: 'doc-1', window: '5s' } });
      clock.advance(1000);
      const c = await engine.enqueueOne({ name: 'index', payload: 3, debounce: { key: 'doc-1', window: '5s' } });
      for (const r of [b, c]) expect(r).toMatchObject({ created: false, collapsed: true, task: { id: a.task.id } });
      expect(c.task).toMatchObject({ payload: 3, runAt: t0 + 7000, state: 'scheduled' });
      expect(await live()).toBe(1);
      expect(await types(a.task.id)).toEqual(['created', 'debounced', 'debounced']);
      const ev = (await engine.events([a.task.id]))[2]!;
      expect(ev.detail).toMatchObject({ mode: 'debounce', key: 'doc-1', keep: 'last', payloadReplaced: true, runAt: t0 + 7000 });
      clock.advance(4999);
      expect(await claim()).toHaveLength(0);
      clock.advance(1);
      const [got] = await claim();
      expect(got).toMatchObject({ id: a.task.id, payload: 3 });
    });

    it('debounce with keep first keeps the first payload; maxWait caps how far the run is pushed', async () => {
      const t0 = clock.now();
      const opts = { key: 'k', window: '5s', keep: 'first' as const, maxWait: '8s' };
      const a = await engine.enqueueOne({ name: 'n', payload: 'first', debounce: opts });
      for (let i = 0; i < 4; i++) {
        clock.advance(3000);
        if (clock.now() >= t0 + 8000) break;
        const r = await engine.enqueueOne({ name: 'n', payload: `later ${i}`, debounce: opts });
        expect(r.task.id).toBe(a.task.id);
        expect(r.task.payload).toBe('first');
        expect(r.task.runAt).toBeLessThanOrEqual(t0 + 8000);
      }
      expect((await engine.get(a.task.id)).runAt).toBe(t0 + 8000);
      clock.set(t0 + 8000);
      expect((await claim()).map((t) => t.id)).toEqual([a.task.id]);
    });

    it('a debounced task that has started is not joined: the next enqueue makes a new task', async () => {
      const a = await engine.enqueueOne({ name: 'n', payload: 1, debounce: { key: 'k', window: '1s' } });
      clock.advance(1000);
      const [c] = await claim();
      expect(c!.id).toBe(a.task.id);
      const b = await engine.enqueueOne({ name: 'n', payload: 2, debounce: { key: 'k', window: '1s' } });
      expect(b.created).toBe(true);
      expect(b.task.id).not.toBe(a.task.id);
      expect((await engine.get(a.task.id)).payload).toBe(1);
    });

    it('throttle: at most one task per window, run at once, the first payload kept, even after it finished', async () => {
      const t0 = clock.now();
      const a = await engine.enqueueOne({ name: 'sync', payload: 'a', throttle: { key: 'acct-7', window: '1m' } });
      expect(a.task).toMatchObject({ state: 'pending', runAt: t0 });
      const b = await engine.enqueueOne({ name: 'sync', payload: 'b', throttle: { key: 'acct-7', window: '1m' } });
      expect(b).toMatchObject({ created: false, collapsed: true, task: { id: a.task.id, payload: 'a' } });
      const [c] = await claim();
      await engine.complete({ id: c!.id, leaseToken: c!.leaseToken });
      clock.advance(59_999);
      const d = await engine.enqueueOne({ name: 'sync', payload: 'd', throttle: { key: 'acct-7', window: '1m' } });
      expect(d).toMatchObject({ collapsed: true, task: { id: a.task.id, state: 'succeeded', payload: 'a' } });
      clock.advance(1);
      const e = await engine.enqueueOne({ name: 'sync', payload: 'e', throttle: { key: 'acct-7', window: '1m' } });
      expect(e.created).toBe(true);
      expect(e.task.id).not.toBe(a.task.id);
      expect(await types(a.task.id)).toEqual(['created', 'debounced', 'claimed', 'succeeded', 'debounced']);
    });

    it('throttle with keep last replaces the payload while the task waits, not after it started', async () => {
      const opts = { key: 'k', window: '10s', keep: 'last' as const };
      const a = await engine.enqueueOne({ name: 'n', payload: 1, throttle: opts });
      const b = await engine.enqueueOne({ name: 'n', payload: 2, throttle: opts });
      expect(b.task).toMatchObject({ id: a.task.id, payload: 2 });
      await claim();
      const c = await engine.enqueueOne({ name: 'n', payload: 3, throttle: opts });
      expect(c.task).toMatchObject({ id: a.task.id, payload: 2, state: 'running' });
    });

    it('keys are per queue and per mode', async () => {
      const a = await engine.enqueueOne({ name: 'n', debounce: { key: 'k', window: '5s' } });
      const b = await engine.enqueueOne({ name: 'n', queue: 'other', debounce: { key: 'k', window: '5s' } });
      const c = await engine.enqueueOne({ name: 'n', throttle: { key: 'k', window: '5s' } });
      expect(new Set([a.task.id, b.task.id, c.task.id]).size).toBe(3);
    });

    it('in one enqueueMany (one transaction) enqueues with one key collapse too', async () => {
      const specs: EnqueueSpec[] = [1, 2, 3].map((i) => ({ name: 'n', payload: i, debounce: { key: 'k', window: '1s' } }));
      const out = await engine.enqueueManyResults([...specs, { name: 'plain' }]);
      expect(new Set(out.slice(0, 3).map((r) => r.task.id)).size).toBe(1);
      expect(out.map((r) => !!r.collapsed)).toEqual([false, true, true, false]);
      expect((await engine.get(out[0]!.task.id)).payload).toBe(3);
      expect(await live()).toBe(2);
    });

    it('bad input is a ValidationError naming the field, and writes nothing', async () => {
      const bad: Array<[EnqueueSpec, RegExp]> = [
        [{ name: 'n', debounce: { key: 'k', window: 0 } }, /task\.debounce\.window/],
        [{ name: 'n', debounce: { key: 'k', window: '-1s' } }, /task\.debounce\.window/],
        [{ name: 'n', debounce: { key: 'k', window: 'soon' } }, /task\.debounce\.window/],
        [{ name: 'n', debounce: { window: '5s' } as never }, /task\.debounce\.key/],
        [{ name: 'n', debounce: { key: '', window: '5s' } }, /task\.debounce\.key/],
        [{ name: 'n', debounce: { key: 'k', window: '5s', keep: 'middle' as never } }, /task\.debounce\.keep/],
        [{ name: 'n', debounce: { key: 'k', window: '5s', maxWait: '1s' } }, /task\.debounce\.maxWait/],
        [{ name: 'n', throttle: { key: 'k', window: '5s', maxWait: '9s' } as never }, /task\.throttle\.maxWait/],
        [{ name: 'n', throttle: { key: 'k', window: '5s' }, debounce: { key: 'k', window: '5s' } }, /task\.throttle/],
        [{ name: 'n', throttle: { key: 'k', window: '5s' }, key: 'idem' }, /task\.throttle/],
        [{ name: 'n', throttle: 'k' as never }, /task\.throttle/],
      ];
      for (const [spec, field] of bad) {
        const err = await engine.enqueueOne(spec).catch((e: unknown) => e);
        expect(err, JSON.stringify(spec)).toBeInstanceOf(ValidationError);
        expect((err as Error).message).toMatch(field);
      }
      expect(await live()).toBe(0);
    });

    it('after retention purged the task of an open throttle window, the next enqueue opens a new task', async () => {
      const a = await engine.enqueueOne({ name: 'n', throttle: { key: 'k', window: '1d' } });
      const [c] = await claim();
      await engine.complete({ id: c!.id, leaseToken: c!.leaseToken });
      clock.advance(60_000);
      expect((await engine.purgeFinished(30_000)).tasks).toBe(1);
      const b = await engine.enqueueOne({ name: 'n', throttle: { key: 'k', window: '1d' } });
      expect(b.created).toBe(true);
      expect(b.task.id).not.toBe(a.task.id);
    });

    it('concurrent enqueuers collapse into one task', async () => {
      // Several engines (PostgreSQL: several connection pools, as several processes would be).
      const extra = driver === 'postgres' ? await Promise.all([1, 2, 3].map(() => openStore(ts.url))) : [];
      const engines = [engine, ...extra.map((store) => new Engine({ store, clock, random: () => 0.5 }))];
      try {
        const results = await Promise.all(
          Array.from({ length: 80 }, (_, i) => engines[i % engines.length]!.enqueueOne({ name: 'n', payload: i, debounce: { key: 'race', window: '5s' } })),
        );
        const ids = new Set(results.map((r) => r.task.id));
        expect(ids.size).toBe(1);
        expect(results.filter((r) => r.created)).toHaveLength(1);
        expect(results.filter((r) => r.collapsed)).toHaveLength(79);
        const [id] = [...ids];
        expect((await types(id!)).filter((t) => t === 'debounced')).toHaveLength(79);
        expect(await live()).toBe(1);
      } finally {
        for (const e of engines.slice(1)) await e.flush();
        await Promise.all(extra.map((s) => s.close()));
      }
    });
  });
}

collapseConformance('sqlite');
collapseConformance('sqlite-threaded');
const { host, port } = pgHostPort();
if (await serviceAvailable('PostgreSQL', host, port)) collapseConformance('postgres');
else describe.skip('debounce and throttle: postgres (PostgreSQL unreachable)', () => {});
