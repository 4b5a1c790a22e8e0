/**
 * The store conformance suite: the written-down semantics of the Store contract. Every driver
 * runs this very file (conformance-sqlite, conformance-sqlite-threaded and conformance-postgres
 * .test.ts, one file each so they run side by side). Time comes from a ManualClock, never sleeps.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { decideFailure } from '../../src/engine/retry-policy.js';
import { FEED_START } from '../../src/model/feed.js';
import { ManualClock } from '../../src/model/clock.js';
import { LeaseLostError, NonRetryableError, RetryLater, TaskTimeoutError, ValidationError } from '../../src/model/errors.js';
import { resolveSpec } from '../../src/model/spec.js';
import type { ClaimedTask, Json, Task } from '../../src/model/task.js';
import type { Store } from '../../src/store/store.js';
import { openStore } from '../../src/store/open.js';
import { feedSettled, freshStore, type DriverName, type TestStore } from '../helpers/stores.js';
import { historyConformance } from './history.js';

const W = { workerId: 'w1', leaseMs: 10_000 };

export function storeConformance(driver: DriverName): void {
  historyConformance(driver);
  describe(`store conformance: ${driver}`, () => {
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

    const claim = (limit = 1, queues = ['default'], workerId = 'w1', leaseMs = W.leaseMs) =>
      engine.claim({ queues, workerId, limit, leaseMs });
    const types = async (id: string) => (await engine.events([id])).map((e) => e.type);

    describe('enqueue', () => {
      it('stores every field and records a created event', async () => {
        const t = await engine.enqueue('email.send', { to: 'a@b.c', n: [1, 2] }, { queue: 'mail', priority: 7, maxAttempts: 5, tags: ['x'], timeout: '30s' });
        expect(t).toMatchObject({ name: 'email.send', queue: 'mail', state: 'pending', priority: 7, maxAttempts: 5, attempt: 0, tags: ['x'], timeoutMs: 30_000 });
        expect(t.payload).toEqual({ to: 'a@b.c', n: [1, 2] });
        expect(t.createdAt).toBe(clock.now());
        const got = await engine.get(t.id);
        expect(got).toEqual(t);
        expect(await types(t.id)).toEqual(['created']);
      });

      it('a delayed task is scheduled and not claimable before its time', async () => {
        const t = await engine.enqueue('later', null, { delay: '5s' });
        expect(t.state).toBe('scheduled');
        expect(t.runAt).toBe(clock.now() + 5000);
        expect(await claim()).toHaveLength(0);
        clock.advance(4999);
        expect(await claim()).toHaveLength(0);
        clock.advance(1);
        const [c] = await claim();
        expect(c?.id).toBe(t.id);
      });

      it('a key live in its queue returns the existing task instead of a duplicate', async () => {
        const a = await engine.enqueueOne({ name: 'n', key: 'k1', payload: 1 });
        const b = await engine.enqueueOne({ name: 'n', key: 'k1', payload: 2 });
        const other = await engine.enqueueOne({ name: 'n', key: 'k1', queue: 'q2' });
        expect(a.created).toBe(true);
        expect(b.created).toBe(false);
        expect(b.task.id).toBe(a.task.id);
        expect(b.task.payload).toBe(1);
        expect(other.created).toBe(true);
        // Once finished, the key is free again.
        const [c] = await claim();
        await engine.complete({ id: c!.id, leaseToken: c!.leaseToken });
        const again = await engine.enqueueOne({ name: 'n', key: 'k1' });
        expect(again.created).toBe(true);
        expect(again.task.id).not.toBe(a.task.id);
      });

      it('a dedup key is permanent: even after the task finished, the same task comes back', async () => {
        const a = await engine.enqueueOne({ name: 'n', dedupKey: 'msg-1' });
        const [c] = await claim();
        await engine.complete({ id: c!.id, leaseToken: c!.leaseToken, result: 42 });
        const b = await engine.enqueueOne({ name: 'n', dedupKey: 'msg-1' });
        expect(b.created).toBe(false);
        expect(b.task.id).toBe(a.task.id);
        expect(b.task.state).toBe('succeeded');
      });

      it('an enqueue turned back by a key or a dedup key is in the audit of the task it returned (deduplicated)', async () => {
        const a = await engine.enqueueOne({ name: 'n', key: 'k-audit', payload: 1 });
        clock.advance(5);
        const turnedBack = [await engine.enqueueOne({ name: 'n', key: 'k-audit', payload: 2 })];
        // In a batch too (keyed tasks are looked up one by one there as well).
        turnedBack.push((await engine.enqueueManyResults([{ name: 'n', key: 'k-audit' }, { name: 'm' }]))[0]!);
        const d = await engine.enqueueOne({ name: 'n', dedupKey: 'msg-audit' });
        const dc = (await claim(10)).find((x) => x.id === d.task.id)!;
        await engine.complete({ id: dc.id, leaseToken: dc.leaseToken });
        clock.advance(5);
        turnedBack.push(await engine.enqueueOne({ name: 'n', dedupKey: 'msg-audit' }));
        expect(turnedBack.map((r) => r.created)).toEqual([false, false, false]);
        await engine.flush();
        const of = async (id: string) => (await engine.events([id])).filter((e) => e.type === 'deduplicated').map((e) => ({ at: e.at, detail: e.detail }));
        const t0 = clock.now() - 10;
        expect(await of(a.task.id)).toEqual([
          { at: t0 + 5, detail: { by: 'key', key: 'k-audit' } },
          { at: t0 + 5, detail: { by: 'key', key: 'k-audit' } },
        ]);
        expect(await of(d.task.id)).toEqual([{ at: t0 + 10, detail: { by: 'dedupKey', key: 'msg-audit' } }]);
      });

      it('enqueueMany is one transaction: an unknown dependency rejects the whole call', async () => {
        const ok = await engine.enqueue('x');
        await expect(
          engine.enqueueMany([
            { name: 'a' },
            { name: 'b', dependsOn: [ok.id] },
            { name: 'c', dependsOn: ['999999'] },
          ]),
        ).rejects.toThrow(/dependency task 999999 not found/);
        expect((await engine.list({})).map((t) => t.id)).toEqual([ok.id]);
      });

      it('bulk equals one-by-one', async () => {
        const specs = Array.from({ length: 20 }, (_, i) => ({ name: `t${i % 3}`, payload: { i }, priority: i % 4, queue: i % 2 ? 'a' : 'b', key: i % 5 === 0 ? `k${i % 10}` : undefined }));
        const bulk = await engine.enqueueMany(specs);
        const ts2 = await freshStore(driver);
        try {
          const e2 = new Engine({ store: ts2.store, clock, random: () => 0.5 });
          const single: Task[] = [];
          for (const s of specs) single.push(await e2.enqueue(s.name, s.payload, { priority: s.priority, queue: s.queue, key: s.key }));
          const strip = (t: Task) => ({ ...t, id: undefined, updatedAt: undefined });
          expect(bulk.map(strip)).toEqual(single.map(strip));
          const order = async (e: Engine) => {
            const out: string[] = [];
            for (;;) {
              const got = await e.claim({ queues: ['a', 'b'], workerId: 'w', limit: 3, leaseMs: 1000 });
              if (!got.length) return out;
              out.push(...got.map((t) => JSON.stringify(t.payload)));
            }
          };
          expect(await order(engine)).toEqual(await order(e2));
          await e2.flush();
        } finally {
          await ts2.cleanup();
        }
      });
    });

    describe('claim', () => {
      it('orders by priority, then run-at, then creation', async () => {
        const low = await engine.enqueue('t', 'low', { priority: -1 });
        const a = await engine.enqueue('t', 'a');
        const hi = await engine.enqueue('t', 'hi', { priority: 5 });
        clock.advance(10);
        const b = await engine.enqueue('t', 'b');
        const early = await engine.enqueue('t', 'early', { runAt: clock.now() - 1000 });
        const c = await engine.enqueue('t', 'c');
        clock.advance(10);
        const got: string[] = [];
        for (let i = 0; i < 6; i++) got.push(...(await claim(1)).map((t) => t.id));
        // early's runAt is clamped to its enqueue time (no back-dating past now), so it sorts with b and c.
        expect(got).toEqual([hi.id, a.id, b.id, early.id, c.id, low.id]);
      });

      it('takes a batch in claim order and serves only the asked queues', async () => {
        for (let i = 0; i < 5; i++) await engine.enqueue('t', i, { queue: 'q1' });
        await engine.enqueue('t', 'other', { queue: 'q2' });
        const got = await claim(3, ['q1']);
        expect(got.map((t) => t.payload)).toEqual([0, 1, 2]);
        for (const t of got) {
          expect(t).toMatchObject({ state: 'running', attempt: 1, workerId: 'w1', leaseExpiresAt: clock.now() + W.leaseMs });
        }
        const both = await claim(10, ['q1', 'q2']);
        expect(both.map((t) => t.payload)).toEqual([3, 4, 'other']);
        expect(await types(got[0]!.id)).toEqual(['created', 'claimed']);
      });

      it('a paused queue is never claimed from', async () => {
        await engine.enqueue('t', 1, { queue: 'p' });
        await store.queueSetPaused({ queue: 'p', paused: true, now: clock.now() });
        expect(await store.queuePausedList()).toEqual(['p']);
        expect(await claim(1, ['p'])).toHaveLength(0);
        await store.queueSetPaused({ queue: 'p', paused: false, now: clock.now() });
        expect(await claim(1, ['p'])).toHaveLength(1);
      });

      it('due tasks are claimed past tasks not yet due at higher priorities, a priority at a time, in one queue or several', async () => {
        const payloads = async (limit: number, queues?: string[]) => (await claim(limit, queues)).map((t) => t.payload);
        for (let i = 0; i < 3; i++) await engine.enqueue('t', `later${i}`, { priority: 9, delay: 60_000 });
        await engine.enqueue('t', 'mid-later', { priority: 3, delay: 60_000 });
        for (const p of ['mid1', 'mid2', 'mid3']) await engine.enqueue('t', p, { priority: 3 });
        await engine.enqueue('t', 'low', { priority: -2 });
        await engine.enqueue('t', 'other', { priority: 1, queue: 'q2' });
        // A claim that stops inside a level, then one that finishes it and goes on to the next.
        expect(await payloads(2)).toEqual(['mid1', 'mid2']);
        expect(await payloads(5)).toEqual(['mid3', 'low']);
        expect(await payloads(5)).toEqual([]);
        clock.advance(60_000);
        expect(await payloads(2, ['default', 'q2'])).toEqual(['later0', 'later1']);
        expect(await payloads(10, ['q2', 'default'])).toEqual(['later2', 'mid-later', 'other']);
      });

      it('the next run-at is the earliest of the claimable tasks of the asked queues, whatever their priorities', async () => {
        const now = clock.now();
        expect(await engine.nextRunAt(['default'])).toBeNull();
        await engine.enqueue('t', 1, { delay: 50_000, priority: 5 });
        await engine.enqueue('t', 2, { delay: 30_000, priority: -3 });
        await engine.enqueue('t', 3, { delay: 40_000 });
        await engine.enqueue('t', 4, { delay: 10_000, queue: 'other', priority: 9 });
        expect(await engine.nextRunAt(['default'])).toBe(now + 30_000);
        expect(await engine.nextRunAt(['default', 'other'])).toBe(now + 10_000);
        expect(await engine.nextRunAt(['nothing'])).toBeNull();
        // Due now; once claimed it is running, not waiting to run.
        await engine.enqueue('t', 5, { priority: -7 });
        expect(await engine.nextRunAt(['default'])).toBe(now);
        expect(await claim(1)).toHaveLength(1);
        expect(await engine.nextRunAt(['default'])).toBe(now + 30_000);
        // Many priorities, the earliest task at the lowest of them.
        for (let p = 20; p >= -20; p--) await engine.enqueue('t', p, { queue: 'many', delay: 100_000 + (p + 20) * 1000, priority: p });
        await engine.enqueue('t', 'later', { queue: 'many', delay: 99_000, priority: -20 });
        expect(await engine.nextRunAt(['many'])).toBe(now + 99_000);
      });

      it('8 concurrent claimers over 10,000 tasks never claim one twice', async () => {
        const N = 10_000;
        for (let i = 0; i < N; i += 1000) await engine.enqueueMany(Array.from({ length: 1000 }, (_, j) => ({ name: 't', payload: i + j })));
        // Separate connections, as separate processes would have.
        const others = await Promise.all(Array.from({ length: 8 }, () => openStore(ts.url)));
        try {
          const engines = others.map((s) => new Engine({ store: s }));
          const seen = new Map<string, number>();
          await Promise.all(
            engines.map(async (e, k) => {
              for (;;) {
                const got = await e.claim({ queues: ['default'], workerId: `w${k}`, limit: 1 + (k % 4) * 16, leaseMs: 60_000 });
                if (got.length === 0) return;
                for (const t of got) seen.set(t.id, (seen.get(t.id) ?? 0) + 1);
              }
            }),
          );
          expect(seen.size).toBe(N);
          expect([...seen.values()].every((n) => n === 1)).toBe(true);
        } finally {
          await Promise.all(others.map((s) => s.close()));
        }
      });
    });

    describe('leases', () => {
      it('heartbeat extends the lease; an expired lease makes the task claimable again with lease_expired', async () => {
        const t = await engine.enqueue('t');
        const [c] = await claim(1, ['default'], 'w1', 1000);
        clock.advance(900);
        const hb = await engine.heartbeat({ id: c!.id, leaseToken: c!.leaseToken, leaseMs: 1000 });
        expect(hb.leaseExpiresAt).toBe(clock.now() + 1000);
        clock.advance(900);
        expect(await engine.expireLeases()).toHaveLength(0);
        clock.advance(101);
        const expired = await engine.expireLeases();
        expect(expired.map((x) => [x.id, x.state])).toEqual([[t.id, 'pending']]);
        const [again] = await claim(1, ['default'], 'w2');
        expect(again).toMatchObject({ id: t.id, attempt: 2, workerId: 'w2' });
        expect(again!.leaseToken).toBeGreaterThan(c!.leaseToken);
        expect(await types(t.id)).toEqual(['created', 'claimed', 'lease_expired', 'claimed']);
      });

      it('a late completion from a worker whose lease expired is refused and changes nothing', async () => {
        const t = await engine.enqueue('t');
        const [old] = await claim(1, ['default'], 'w1', 1000);
        clock.advance(1001);
        await engine.expireLeases();
        const [fresh] = await claim(1, ['default'], 'w2', 1000);
        const before = await engine.get(t.id);
        await expect(engine.complete({ id: old!.id, leaseToken: old!.leaseToken, result: 'late' })).rejects.toBeInstanceOf(LeaseLostError);
        await expect(engine.fail({ task: old!, error: new Error('late') })).rejects.toBeInstanceOf(LeaseLostError);
        await expect(engine.heartbeat({ id: old!.id, leaseToken: old!.leaseToken, leaseMs: 1000 })).rejects.toBeInstanceOf(LeaseLostError);
        await expect(engine.unclaim(old!)).rejects.toBeInstanceOf(LeaseLostError);
        expect(await engine.get(t.id)).toEqual(before);
        const done = await engine.complete({ id: fresh!.id, leaseToken: fresh!.leaseToken, result: 'ok' });
        expect(done).toMatchObject({ state: 'succeeded', attempt: 2 });
        expect((await engine.get(t.id)).result).toBe('ok');
      });

      it('an expired lease on the last attempt fails the task', async () => {
        const t = await engine.enqueue('t', null, { maxAttempts: 1 });
        await claim(1, ['default'], 'w1', 1000);
        clock.advance(1001);
        const [x] = await engine.expireLeases();
        expect(x).toMatchObject({ id: t.id, state: 'failed' });
        expect(x!.error?.kind).toBe('LEASE_EXPIRED');
        expect(await types(t.id)).toEqual(['created', 'claimed', 'lease_expired', 'failed']);
      });

      it('the lease holder sets the attempts a task gets: retries and lease expiry follow it', async () => {
        const t = await engine.enqueue('t', null, { maxAttempts: 3, backoff: { kind: 'fixed', baseMs: 10, capMs: 10, jitter: 0 } });
        const [c] = await claim(1, ['default'], 'w1', 1000);
        await engine.setMaxAttempts({ id: c!.id, leaseToken: c!.leaseToken, maxAttempts: 1 });
        expect(await engine.get(t.id)).toMatchObject({ state: 'running', attempt: 1, maxAttempts: 1 });
        clock.advance(1001);
        const [x] = await engine.expireLeases();
        expect(x).toMatchObject({ id: t.id, state: 'failed', maxAttempts: 1 });

        const u = await engine.enqueue('u', null, { maxAttempts: 1 });
        const [d] = await claim(1, ['default'], 'w1', 1000);
        await engine.setMaxAttempts({ id: d!.id, leaseToken: d!.leaseToken, maxAttempts: 4 });
        clock.advance(1001);
        expect(await engine.expireLeases()).toEqual([expect.objectContaining({ id: u.id, state: 'pending', maxAttempts: 4 })]);
        // Only the holder of the lease may: an old token, or a task no one holds, changes nothing.
        await expect(engine.setMaxAttempts({ id: d!.id, leaseToken: d!.leaseToken, maxAttempts: 9 })).rejects.toBeInstanceOf(LeaseLostError);
        await expect(engine.setMaxAttempts({ id: d!.id, leaseToken: d!.leaseToken, maxAttempts: 0 })).rejects.toBeInstanceOf(ValidationError);
        expect((await engine.get(u.id)).maxAttempts).toBe(4);
      });

      it('unclaim gives the task back without using an attempt', async () => {
        const t = await engine.enqueue('t');
        const [c] = await claim();
        const back = await engine.unclaim(c!);
        expect(back).toMatchObject({ state: 'pending', attempt: 0, workerId: null });
        const [again] = await claim();
        expect(again).toMatchObject({ id: t.id, attempt: 1 });
      });

      it('a guessed lease token (the last one plus one, the attempt number) is refused and changes nothing', async () => {
        const t = await engine.enqueue('t', null, { maxAttempts: 3 });
        const [c] = await claim(1, ['default'], 'w1', 1000);
        const before = await engine.get(t.id);
        // Each guess has one chance in 2^40 of being right.
        for (const leaseToken of [c!.leaseToken + 1, c!.leaseToken - 1, c!.attempt, 1, 0]) {
          const ref = { id: c!.id, leaseToken };
          await expect(engine.complete({ ...ref, result: 'forged' })).rejects.toBeInstanceOf(LeaseLostError);
          await expect(engine.heartbeat({ ...ref, leaseMs: 60_000 })).rejects.toBeInstanceOf(LeaseLostError);
          await expect(engine.fail({ task: { ...c!, leaseToken }, error: new Error('forged') })).rejects.toBeInstanceOf(LeaseLostError);
          await expect(engine.skip({ ...ref, reason: 'forged' })).rejects.toBeInstanceOf(LeaseLostError);
          await expect(engine.unclaim(ref)).rejects.toBeInstanceOf(LeaseLostError);
        }
        expect(await engine.get(t.id)).toEqual(before);
        // The next holder's token cannot be worked out from the last one, or from the attempt.
        clock.advance(1001);
        await engine.expireLeases();
        const [next] = await claim(1, ['default'], 'w2', 1000);
        expect(next).toMatchObject({ id: t.id, attempt: 2 });
        for (const leaseToken of [c!.leaseToken, c!.leaseToken + 1, next!.attempt]) {
          await expect(engine.complete({ id: t.id, leaseToken, result: 'forged' })).rejects.toBeInstanceOf(LeaseLostError);
        }
        expect(await engine.complete({ id: t.id, leaseToken: next!.leaseToken, result: 'real' })).toMatchObject({ state: 'succeeded' });
        expect((await engine.get(t.id)).result).toBe('real');
      });

      it('lease tokens are safe integers that differ with every claim, following no sequence', async () => {
        await engine.enqueueMany(Array.from({ length: 40 }, (_, i) => ({ name: 't', payload: i })));
        const tokens = (await claim(40)).map((t) => t.leaseToken);
        expect(tokens).toHaveLength(40);
        expect(tokens.every((x) => Number.isSafeInteger(x) && x > 0)).toBe(true);
        expect(new Set(tokens).size).toBe(40);
        // Tasks claimed together do not get neighbouring numbers.
        const sorted = [...tokens].sort((a, b) => a - b);
        expect(sorted.slice(1).filter((x, i) => x - sorted[i]! < 1000)).toEqual([]);
      });
    });

    describe('complete and fail', () => {
      it('succeeds with a result and moves the task to history', async () => {
        const t = await engine.enqueue('t');
        const [c] = await claim();
        clock.advance(5);
        const done = await engine.complete({ id: c!.id, leaseToken: c!.leaseToken, result: { ok: true } });
        expect(done).toMatchObject({ id: t.id, state: 'succeeded', attempt: 1, finishedAt: clock.now() });
        expect(await engine.get(t.id)).toMatchObject({ state: 'succeeded', result: { ok: true }, finishedAt: clock.now(), leaseExpiresAt: null });
        expect(await engine.countLive()).toEqual({});
        expect((await engine.get(t.id)).state).toBe('succeeded');
        expect(await types(t.id)).toEqual(['created', 'claimed', 'succeeded']);
      });

      it.each([
        ['exponential', { kind: 'exponential', baseMs: 1000, capMs: 5000, jitter: 0 }, [1000, 2000, 4000, 5000, 5000]],
        ['fibonacci', { kind: 'fibonacci', baseMs: 1000, capMs: 60_000 }, [1000, 1000, 2000, 3000, 5000]],
        ['fixed', { kind: 'fixed', baseMs: 1500, capMs: 1500 }, [1500, 1500, 1500, 1500, 1500]],
      ] as const)('retries with %s backoff on schedule, then fails for good', async (_k, backoff, delays) => {
        const t = await engine.enqueue('t', null, { maxAttempts: 6, backoff });
        for (const delay of delays) {
          const [c] = await claim();
          expect(c?.id).toBe(t.id);
          const r = await engine.fail({ task: c!, error: new Error('boom') });
          expect(r).toMatchObject({ state: 'retrying', runAt: clock.now() + delay });
          expect(r.error?.message).toBe('boom');
          clock.advance(delay - 1);
          expect(await claim()).toHaveLength(0);
          clock.advance(1);
        }
        const [last] = await claim();
        expect(last!.attempt).toBe(6);
        const f = await engine.fail({ task: last!, error: new Error('final') });
        expect(f).toMatchObject({ state: 'failed', attempt: 6 });
        expect(f.error?.message).toBe('final');
        expect((await types(t.id)).filter((x) => x === 'retry_scheduled')).toHaveLength(5);
      });

      it('exponential jitter stays within its spread', () => {
        const task = { attempt: 3, maxAttempts: 5, backoff: { kind: 'exponential' as const, baseMs: 1000, capMs: 60_000, jitter: 0.5 } };
        expect(decideFailure(task, new Error('x'), 0, () => 0).retryAt).toBe(2000);
        expect(decideFailure(task, new Error('x'), 0, () => 1).retryAt).toBe(4000);
      });

      it('a handler can ask to retry after a given delay, or to fail without retry', async () => {
        const a = await engine.enqueue('t', null, { maxAttempts: 5 });
        const [c] = await claim();
        const r = await engine.fail({ task: c!, error: new RetryLater(12_345) });
        expect(r).toMatchObject({ id: a.id, state: 'retrying', runAt: clock.now() + 12_345 });
        clock.advance(12_345);
        const [c2] = await claim();
        const f = await engine.fail({ task: c2!, error: new NonRetryableError('bad input') });
        expect(f).toMatchObject({ state: 'failed', attempt: 2 });
        expect(f.error).toMatchObject({ message: 'bad input', retryable: false });
      });

      it('the lease holder can finish its task as skipped: no retry, the reason kept, dependents see a skipped dependency', async () => {
        const t = await engine.enqueue('t', null, { maxAttempts: 5 });
        const down = await engine.enqueue('down', null, { dependsOn: [t.id] });
        const cleanup = await engine.enqueue('cleanup', null, { dependsOn: [t.id], triggerRule: 'all_done' });
        const [c] = await claim();
        clock.advance(7);
        await expect(engine.skip({ id: c!.id, leaseToken: c!.leaseToken + 1, reason: 'nothing to do' })).rejects.toBeInstanceOf(LeaseLostError);
        const s = await engine.skip({ id: c!.id, leaseToken: c!.leaseToken, reason: 'run condition ./check.sh said no (exit 1)' });
        expect(s).toMatchObject({ id: t.id, state: 'skipped', attempt: 1, finishedAt: clock.now(), leaseExpiresAt: null });
        expect(s.error).toMatchObject({ message: 'run condition ./check.sh said no (exit 1)', kind: 'RUN_CONDITION' });
        expect(await engine.get(t.id)).toMatchObject({ state: 'skipped', error: { kind: 'RUN_CONDITION' } });
        expect(await types(t.id)).toEqual(['created', 'claimed', 'skipped']);
        expect((await engine.events([t.id])).at(-1)).toMatchObject({ type: 'skipped', workerId: 'w1', detail: { error: { message: 'run condition ./check.sh said no (exit 1)' } } });
        expect(await engine.get(down.id)).toMatchObject({ state: 'skipped', error: { message: `dependency ${t.id} skipped` } });
        expect((await engine.get(cleanup.id)).state).toBe('pending');
        // Finished: a second skip, a completion or a failure is refused; a retry by hand brings it back.
        await expect(engine.skip({ id: c!.id, leaseToken: c!.leaseToken, reason: 'again' })).rejects.toMatchObject({ code: 'LEASE_LOST', context: { actualState: 'skipped' } });
        await expect(engine.complete({ id: c!.id, leaseToken: c!.leaseToken })).rejects.toBeInstanceOf(LeaseLostError);
        await expect(engine.skip({ id: '424242', leaseToken: 1, reason: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
        await expect(engine.skip({ id: c!.id, leaseToken: c!.leaseToken, reason: ' ' })).rejects.toMatchObject({ code: 'VALIDATION' });
        expect(await engine.retry(t.id)).toMatchObject({ state: 'pending', attempt: 0, error: null });
      });

      it('a skip in a batch with other operations means what it means alone; a pending task cannot be skipped by a worker', async () => {
        const a = await engine.enqueue('a');
        const b = await engine.enqueue('b');
        const p = await engine.enqueue('p', null, { priority: -1 });
        const [ca, cb] = await claim(2);
        const r = await store.writeBatch({
          now: clock.now(),
          taskComplete: [{ id: ca!.id, leaseToken: ca!.leaseToken, result: 1 }],
          taskSkip: [{ id: cb!.id, leaseToken: cb!.leaseToken, reason: 'no' }, { id: p.id, leaseToken: 0, reason: 'no' }],
          // A claim too (of a queue with nothing in it): completions and a claim alone take a shortcut on some drivers.
          taskClaim: [{ queues: ['elsewhere'], workerId: 'w9', limit: 5, leaseMs: 1000 }],
        });
        expect(r.taskClaim[0]).toEqual([]);
        expect(r.taskComplete[0]).toMatchObject({ ok: true });
        expect(r.taskSkip[0]).toMatchObject({ ok: true, task: { id: b.id, state: 'skipped' } });
        expect(r.taskSkip[1]).toMatchObject({ ok: false, reason: 'lease_lost', state: 'pending' });
        expect((await engine.get(a.id)).state).toBe('succeeded');
        expect((await engine.get(p.id)).state).toBe('pending');
      });

      it('success clears the error of an earlier attempt', async () => {
        await engine.enqueue('t', null, { backoff: { kind: 'fixed', baseMs: 0, capMs: 0 } });
        const [c] = await claim();
        await engine.fail({ task: c!, error: new Error('flaky') });
        const [c2] = await claim();
        await engine.complete({ id: c2!.id, leaseToken: c2!.leaseToken, result: 1 });
        expect(await engine.get(c2!.id)).toMatchObject({ state: 'succeeded', result: 1, error: null });
      });
    });

    describe('cancel and retry by hand', () => {
      it('cancels a pending task at once, and a running one so its worker loses the lease', async () => {
        const p = await engine.enqueue('t', 'p', { priority: -1 });
        const r = await engine.enqueue('t', 'r');
        const [c] = await claim();
        expect(c!.id).toBe(r.id);
        expect((await engine.cancel(p.id)).state).toBe('cancelled');
        expect((await engine.cancel(r.id, 'operator said so')).state).toBe('cancelled');
        await expect(engine.heartbeat({ id: c!.id, leaseToken: c!.leaseToken, leaseMs: 1000 })).rejects.toMatchObject({ code: 'LEASE_LOST', context: { actualState: 'cancelled' } });
        await expect(engine.complete({ id: c!.id, leaseToken: c!.leaseToken })).rejects.toBeInstanceOf(LeaseLostError);
        await expect(engine.cancel(r.id)).rejects.toMatchObject({ code: 'CONFLICT' });
        await expect(engine.cancel('424242')).rejects.toMatchObject({ code: 'NOT_FOUND' });
        expect(await claim()).toHaveLength(0);
        expect((await engine.events([r.id])).at(-1)).toMatchObject({ type: 'cancelled', detail: { reason: 'operator said so' } });
      });

      it('retries a failed task by hand with a fresh set of attempts', async () => {
        const t = await engine.enqueue('t', null, { maxAttempts: 1 });
        const [c] = await claim();
        await engine.fail({ task: c!, error: new Error('x') });
        const again = await engine.retry(t.id);
        expect(again).toMatchObject({ state: 'pending', attempt: 0, error: null, finishedAt: null });
        const [c2] = await claim();
        expect(c2).toMatchObject({ id: t.id, attempt: 1 });
        await expect(engine.retry(t.id)).rejects.toMatchObject({ code: 'CONFLICT' });
        expect(await types(t.id)).toEqual(['created', 'claimed', 'failed', 'retried', 'claimed']);
      });
    });

    describe('dependencies and subtasks', () => {
      it('a dependent becomes pending exactly when its last dependency succeeds', async () => {
        const a = await engine.enqueue('a');
        const b = await engine.enqueue('b');
        const c = await engine.enqueue('c', null, { dependsOn: [a.id, b.id] });
        expect(c).toMatchObject({ state: 'blocked', depsPending: 2 });
        const got = await claim(10);
        expect(got.map((t) => t.id).sort()).toEqual([a.id, b.id].sort());
        await engine.complete({ id: got[0]!.id, leaseToken: got[0]!.leaseToken });
        expect((await engine.get(c.id)).state).toBe('blocked');
        await engine.complete({ id: got[1]!.id, leaseToken: got[1]!.leaseToken });
        expect(await engine.get(c.id)).toMatchObject({ state: 'pending', depsPending: 0 });
        expect(await types(c.id)).toEqual(['created', 'unblocked']);
        expect((await store.taskDepsList({ taskIds: [c.id] })).map((d) => d.depId).sort()).toEqual([a.id, b.id].sort());
      });

      it('a graph goes in one batch: dependsOnIndex names earlier entries of the same batch; a run id is kept', async () => {
        const now = clock.now();
        const spec = (name: string) => resolveSpec({ name, runId: 'run-g' }, now);
        const r = await store.writeBatch({
          now,
          taskInsert: [{ task: spec('plain') }, { task: spec('a') }, { task: spec('b'), dependsOnIndex: [1] }, { task: spec('c'), dependsOnIndex: [1, 2] }],
        });
        const [plain, a, b, c] = r.taskInsert.map((x) => x.task);
        expect([a!.state, b!.state, c!.state]).toEqual(['pending', 'blocked', 'blocked']);
        expect(c!.depsPending).toBe(2);
        expect((await store.taskDepsList({ taskIds: [c!.id] })).map((d) => d.depId).sort()).toEqual([a!.id, b!.id].sort());
        expect((await store.taskList({ runId: 'run-g', limit: 10 })).map((t) => t.id).sort()).toEqual([plain!.id, a!.id, b!.id, c!.id].sort());
        // A reference to itself or a later entry fails the whole batch.
        await expect(store.writeBatch({ now, taskInsert: [{ task: spec('x') }, { task: spec('y'), dependsOnIndex: [1] }] })).rejects.toThrow(/dependsOnIndex/);
        expect(await store.taskList({ name: 'x', limit: 10 })).toEqual([]);
      });

      it('a failed dependency skips the whole downstream; all_done and any_failed rules still run', async () => {
        const a = await engine.enqueue('a', null, { maxAttempts: 1 });
        const down = await engine.enqueue('down', null, { dependsOn: [a.id] });
        const downer = await engine.enqueue('downer', null, { dependsOn: [down.id] });
        const cleanup = await engine.enqueue('cleanup', null, { dependsOn: [a.id], triggerRule: 'all_done' });
        const alert = await engine.enqueue('alert', null, { dependsOn: [a.id], triggerRule: 'any_failed' });
        const [c] = await claim();
        await engine.fail({ task: c!, error: new Error('x') });
        expect((await engine.get(down.id)).state).toBe('skipped');
        expect((await engine.get(downer.id)).state).toBe('skipped');
        expect((await engine.get(down.id)).error?.message).toMatch(new RegExp(`dependency ${a.id} failed`));
        expect((await engine.get(cleanup.id)).state).toBe('pending');
        expect((await engine.get(alert.id)).state).toBe('pending');
      });

      it('completions in one batch move a fan-in once per dependency and a fan-out all at once', async () => {
        const deps = await engine.enqueueMany(Array.from({ length: 5 }, (_, i) => ({ name: 'dep', payload: i })));
        const ids = deps.map((d) => d.id);
        const join = await engine.enqueue('join', null, { dependsOn: ids });
        const partial = await engine.enqueue('partial', null, { dependsOn: ids.slice(0, 2) });
        const later = await engine.enqueue('later', null, { dependsOn: [ids[0]!], runAt: clock.now() + 60_000 });
        const wide = await engine.enqueueMany(Array.from({ length: 300 }, () => ({ name: 'item', dependsOn: [ids[4]!] })));
        const got = await claim(10);
        expect(got.map((t) => t.id)).toEqual(ids);
        // Four of the five finish in one write batch.
        const r = await store.writeBatch({ now: clock.now(), taskComplete: got.slice(0, 4).map((t) => ({ id: t.id, leaseToken: t.leaseToken, result: null })) });
        expect(r.taskComplete.every((x) => x.ok)).toBe(true);
        expect(await engine.get(join.id)).toMatchObject({ state: 'blocked', depsPending: 1 });
        expect(await engine.get(partial.id)).toMatchObject({ state: 'pending', depsPending: 0 });
        expect(await engine.get(later.id)).toMatchObject({ state: 'scheduled', depsPending: 0 });
        expect(await types(partial.id)).toEqual(['created', 'unblocked']);
        const last = got[4]!;
        await engine.complete({ id: last.id, leaseToken: last.leaseToken });
        expect(await engine.get(join.id)).toMatchObject({ state: 'pending', depsPending: 0, depsFailed: 0 });
        expect(await types(join.id)).toEqual(['created', 'unblocked']);
        const unblocked = (await engine.events([join.id])).find((e) => e.type === 'unblocked')!;
        expect((unblocked.detail as { lastDependency: string }).lastDependency).toBe(ids[4]);
        const items = await Promise.all(wide.map((w) => engine.get(w.id)));
        expect(items.every((t) => t.state === 'pending' && t.depsPending === 0)).toBe(true);
        expect(await types(wide[299]!.id)).toEqual(['created', 'unblocked']);
      });

      it('a batch of completions and a claim: plain ones, ones with consequences and refused ones each get their own answer', async () => {
        const plain = await engine.enqueue('plain', 1);
        const withDep = await engine.enqueue('with-dep', 2);
        const parent = await engine.enqueue('parent', 3);
        const lost = await engine.enqueue('lost', 4);
        const got = await claim(4);
        expect(got.map((t) => t.id)).toEqual([plain.id, withDep.id, parent.id, lost.id]);
        const [cPlain, cDep, cParent, cLost] = got as [ClaimedTask, ClaimedTask, ClaimedTask, ClaimedTask];
        const dependent = await engine.enqueue('dependent', null, { dependsOn: [withDep.id] });
        const child = await engine.enqueue('child', null, { parentId: cParent.id });
        const next = await engine.enqueueMany([{ name: 'next', payload: 1 }, { name: 'next', payload: 2 }]);
        const now = clock.now();
        const r = await store.writeBatch({
          now,
          taskComplete: [
            { id: cPlain.id, leaseToken: cPlain.leaseToken, result: { v: 1 } },
            { id: cDep.id, leaseToken: cDep.leaseToken, result: null },
            { id: cParent.id, leaseToken: cParent.leaseToken, result: 'p' },
            { id: cLost.id, leaseToken: cLost.leaseToken + 7, result: null },
            { id: cPlain.id, leaseToken: cPlain.leaseToken, result: { v: 2 } },
          ],
          taskClaim: [{ queues: ['default'], workerId: 'w2', limit: 10, leaseMs: 5000 }],
        });
        expect(r.taskComplete[0]).toMatchObject({ ok: true, task: { id: plain.id, name: 'plain', queue: 'default', state: 'succeeded', attempt: 1, workerId: 'w1', finishedAt: now } });
        expect(r.taskComplete[1]).toMatchObject({ ok: true, task: { id: withDep.id, state: 'succeeded' } });
        expect(r.taskComplete[2]).toMatchObject({ ok: true, task: { id: parent.id, state: 'waiting' } });
        expect(r.taskComplete[3]).toMatchObject({ ok: false, reason: 'lease_lost', state: 'running' });
        expect(r.taskComplete[4]).toMatchObject({ ok: false });
        // The claim saw what was claimable when it ran: the two new tasks (the dependent may or
        // may not be among them, depending on whether its dependency had finished first).
        const claimed = r.taskClaim[0]!.map((t) => t.id);
        expect(claimed).toEqual(expect.arrayContaining(next.map((t) => t.id)));
        expect(claimed).toContain(child.id);
        expect(claimed).not.toContain(lost.id);
        expect(r.taskClaim[0]!.every((t) => t.state === 'running' && t.workerId === 'w2')).toBe(true);
        expect(await engine.get(plain.id)).toMatchObject({ state: 'succeeded', result: { v: 1 } });
        expect((await engine.get(dependent.id)).state).toMatch(/^(pending|running)$/);
        expect(await engine.get(parent.id)).toMatchObject({ state: 'waiting', result: 'p' });
        expect((await engine.get(lost.id)).state).toBe('running');
        expect(await types(plain.id)).toEqual(['created', 'claimed', 'succeeded']);
        expect(await types(withDep.id)).toEqual(['created', 'claimed', 'succeeded']);
      });

      it('the next step of a chain: a claim batched with the completion of its dependency takes it', async () => {
        const [a, b, c] = await engine.enqueueMany([{ name: 'a' }, { name: 'b', after: [0] }, { name: 'c', after: [1] }]);
        const [ca] = await claim(10);
        expect(ca!.id).toBe(a!.id);
        const op = { queues: ['default'], workerId: 'w1', limit: 10, leaseMs: 5000 };
        const r = await store.writeBatch({ now: clock.now(), taskComplete: [{ id: ca!.id, leaseToken: ca!.leaseToken, result: null }], taskClaim: [op] });
        expect(r.taskComplete[0]).toMatchObject({ ok: true, task: { id: a!.id, state: 'succeeded' } });
        expect(r.taskClaim[0]!.map((t) => t.id)).toEqual([b!.id]);
        expect(await types(b!.id)).toEqual(['created', 'unblocked', 'claimed']);
        const cb = r.taskClaim[0]![0]!;
        const r2 = await store.writeBatch({ now: clock.now(), taskComplete: [{ id: cb.id, leaseToken: cb.leaseToken, result: null }], taskClaim: [op] });
        expect(r2.taskClaim[0]!.map((t) => t.id)).toEqual([c!.id]);
      });

      it('any_failed is skipped when every dependency succeeded', async () => {
        const a = await engine.enqueue('a');
        const alert = await engine.enqueue('alert', null, { dependsOn: [a.id], triggerRule: 'any_failed' });
        const [c] = await claim();
        await engine.complete({ id: c!.id, leaseToken: c!.leaseToken });
        expect((await engine.get(alert.id)).state).toBe('skipped');
      });

      it('a parent waits for its subtasks, holding no lease, and succeeds after the last one', async () => {
        const p = await engine.enqueue('parent');
        const [pc] = await claim();
        const kids = [await engine.enqueue('kid', 1, { parentId: p.id }), await engine.enqueue('kid', 2, { parentId: p.id })];
        const waiting = await engine.complete({ id: pc!.id, leaseToken: pc!.leaseToken, result: 'parent-done' });
        expect(waiting).toMatchObject({ state: 'waiting' });
        expect(await engine.get(p.id)).toMatchObject({ state: 'waiting', childrenPending: 2, leaseExpiresAt: null });
        const got = await claim(10);
        expect(got.map((t) => t.id).sort()).toEqual(kids.map((k) => k.id).sort());
        await engine.complete({ id: got[0]!.id, leaseToken: got[0]!.leaseToken });
        expect((await engine.get(p.id)).state).toBe('waiting');
        await engine.complete({ id: got[1]!.id, leaseToken: got[1]!.leaseToken });
        expect(await engine.get(p.id)).toMatchObject({ state: 'succeeded', result: 'parent-done', childrenPending: 0 });
        expect((await engine.list({ parentId: p.id })).length).toBe(2);
      });

      it('a subtask that fails for good fails its waiting parent, naming the subtask', async () => {
        const p = await engine.enqueue('parent');
        const [pc] = await claim();
        const kid = await engine.enqueue('kid', null, { parentId: p.id, maxAttempts: 1 });
        await engine.complete({ id: pc!.id, leaseToken: pc!.leaseToken });
        const [kc] = await claim();
        await engine.fail({ task: kc!, error: new Error('kid broke') });
        const parent = await engine.get(p.id);
        expect(parent.state).toBe('failed');
        expect(parent.error?.message).toContain(`subtask ${kid.id}`);
      });

      it('a subtask skipped by its run condition does not fail its parent; one skipped for a failed dependency does', async () => {
        const p = await engine.enqueue('parent');
        const [pc] = await claim();
        const notNeeded = await engine.enqueue('kid', 1, { parentId: p.id });
        const needed = await engine.enqueue('kid', 2, { parentId: p.id });
        await engine.complete({ id: pc!.id, leaseToken: pc!.leaseToken });
        const [k1, k2] = await claim(2);
        expect([k1!.id, k2!.id]).toEqual([notNeeded.id, needed.id]);
        await engine.skip({ id: k1!.id, leaseToken: k1!.leaseToken, reason: 'nothing to prune' });
        expect((await engine.get(p.id)).state).toBe('waiting');
        await engine.complete({ id: k2!.id, leaseToken: k2!.leaseToken });
        expect((await engine.get(p.id)).state).toBe('succeeded');

        const q = await engine.enqueue('parent');
        const [qc] = await claim();
        // The dependency is not one of the parent's subtasks: only the skip can fail the parent.
        const upstream = await engine.enqueue('up', null, { maxAttempts: 1 });
        const downstream = await engine.enqueue('down', null, { parentId: q.id, dependsOn: [upstream.id] });
        await engine.complete({ id: qc!.id, leaseToken: qc!.leaseToken });
        expect((await engine.get(q.id)).state).toBe('waiting');
        const [uc] = await claim();
        expect(uc!.id).toBe(upstream.id);
        await engine.fail({ task: uc!, error: new Error('broke') });
        expect((await engine.get(downstream.id)).state).toBe('skipped');
        const parent = await engine.get(q.id);
        expect(parent.state).toBe('failed');
        expect(parent.error?.message).toBe(`subtask ${downstream.id} (down) skipped`);
      });

      it('cancelling a parent cancels its live subtree', async () => {
        const p = await engine.enqueue('parent');
        const [pc] = await claim();
        const kid = await engine.enqueue('kid', null, { parentId: p.id });
        const grandkid = await engine.enqueue('gk', null, { parentId: kid.id });
        await engine.complete({ id: pc!.id, leaseToken: pc!.leaseToken });
        await engine.cancel(p.id);
        expect((await engine.get(kid.id)).state).toBe('cancelled');
        expect((await engine.get(grandkid.id)).state).toBe('cancelled');
        expect(await engine.countLive()).toEqual({});
      });
    });

    describe('events, retention, leadership and small tables', () => {
      it('every kind of event carries the same detail on every driver', async () => {
        const details = async (id: string, type: string) => (await engine.events([id])).filter((e) => e.type === type).map((e) => e.detail);
        const a = await engine.enqueue('a', null, { maxAttempts: 2, backoff: { kind: 'fixed', baseMs: 10, capMs: 10 } });
        const down = await engine.enqueue('down', null, { dependsOn: [a.id] });
        const cleanup = await engine.enqueue('cleanup', null, { dependsOn: [a.id], triggerRule: 'all_done' });
        expect(await details(a.id, 'created')).toEqual([{ state: 'pending' }]);
        expect(await details(down.id, 'created')).toEqual([{ state: 'blocked', dependsOn: [a.id] }]);
        const [c1] = await claim();
        expect(await details(a.id, 'claimed')).toEqual([null]);
        await engine.fail({ task: c1!, error: new TaskTimeoutError(a.id, 5) });
        const timeout = { message: `task ${a.id} timed out after 5 ms`, kind: 'TIMEOUT' };
        expect(await details(a.id, 'timed_out')).toEqual([{ error: expect.objectContaining(timeout) }]);
        expect(await details(a.id, 'retry_scheduled')).toEqual([{ error: expect.objectContaining(timeout), retryAt: clock.now() + 10 }]);
        clock.advance(10);
        const [c2] = await claim();
        await engine.fail({ task: c2!, error: new Error('boom') });
        expect(await details(a.id, 'failed')).toEqual([{ error: expect.objectContaining({ message: 'boom', kind: 'Error' }) }]);
        expect(await details(down.id, 'skipped')).toEqual([{ error: { message: `dependency ${a.id} failed`, kind: 'DEPENDENCY' } }]);
        expect(await details(cleanup.id, 'unblocked')).toEqual([{ state: 'pending', lastDependency: a.id }]);
        await engine.retry(a.id);
        expect(await details(a.id, 'retried')).toEqual([{ previousState: 'failed' }]);

        // A lease that runs out, a give-back, a wait for subtasks, a success and a cancel.
        const [c3] = await claim(1, ['default'], 'w7', 1000);
        expect(c3!.id).toBe(cleanup.id);
        clock.advance(1001);
        await engine.expireLeases();
        expect(await details(cleanup.id, 'lease_expired')).toEqual([{ workerId: 'w7', leaseExpiresAt: clock.now() - 1 }]);
        const [c4] = await claim();
        await engine.unclaim(c4!);
        expect(await details(c4!.id, 'unclaimed')).toEqual([null]);
        const [c5] = await claim();
        const kid = await engine.enqueue('kid', null, { parentId: c5!.id });
        await engine.complete({ id: c5!.id, leaseToken: c5!.leaseToken });
        expect(await details(c5!.id, 'waiting')).toEqual([{ childrenPending: 1 }]);
        await engine.cancel(kid.id, 'not needed');
        expect(await details(kid.id, 'cancelled')).toEqual([{ reason: 'not needed' }]);
        expect(await details(c5!.id, 'succeeded')).toEqual([null]);
        const [c6] = await claim();
        await engine.skip({ id: c6!.id, leaseToken: c6!.leaseToken, reason: 'said no' });
        expect(await details(c6!.id, 'skipped')).toEqual([{ error: { message: 'said no', kind: 'RUN_CONDITION' } }]);
      });

      it('keeps events per task in order, and feeds every event once, in order, from any position', async () => {
        const t = await engine.enqueue('t', null, { maxAttempts: 2, backoff: { kind: 'fixed', baseMs: 10, capMs: 10 } });
        const [c] = await claim();
        await engine.heartbeat({ id: c!.id, leaseToken: c!.leaseToken, leaseMs: 1000, progress: { pct: 50 } });
        await engine.fail({ task: c!, error: new Error('x') });
        clock.advance(10);
        const [c2] = await claim();
        await engine.complete({ id: c2!.id, leaseToken: c2!.leaseToken });
        const ev = await engine.events([t.id]);
        expect(ev.map((e) => [e.type, e.attempt])).toEqual([
          ['created', 0], ['claimed', 1], ['progress', 1], ['retry_scheduled', 1], ['claimed', 2], ['succeeded', 2],
        ]);
        expect(ev[2]!.detail).toEqual({ pct: 50 });
        await feedSettled(store);
        const whole = await store.eventFeed({ limit: 100 });
        expect(whole.map((e) => e.id)).toEqual(ev.map((e) => e.id));
        const feed = await store.eventFeed({ after: whole[1]!.position, limit: 100 });
        expect(feed.map((e) => e.id)).toEqual(ev.slice(2).map((e) => e.id));
        // Paging by the last position read, two at a time, gives the same events once each.
        const paged: string[] = [];
        for (let page = await store.eventFeed({ limit: 2 }); page.length > 0; page = await store.eventFeed({ after: page.at(-1)!.position, limit: 2 })) paged.push(...page.map((e) => e.id));
        expect(paged).toEqual(ev.map((e) => e.id));
        expect(await store.eventFeedEnd()).toBe(whole.at(-1)!.position);
        expect(await store.eventFeed({ after: await store.eventFeedEnd(), limit: 100 })).toEqual([]);
      });

      it('starts an empty feed at its beginning, and refuses a position it never gave', async () => {
        expect(await store.eventFeedEnd()).toBe(FEED_START);
        expect(await store.eventFeed({ after: await store.eventFeedEnd(), limit: 10 })).toEqual([]);
        await engine.enqueue('t');
        await feedSettled(store);
        expect((await store.eventFeed({ after: FEED_START, limit: 10 })).map((e) => e.type)).toEqual(['created']);
        for (const bad of ['', 'x', '-1', '1:2:3', '12a', ' 1']) {
          await expect(store.eventFeed({ after: bad, limit: 10 })).rejects.toMatchObject({ code: 'VALIDATION', field: 'after' });
        }
      });

      it('refuses a well-formed position past every event id it gave, and keeps a given one valid after its events are purged', async () => {
        // Nothing given yet: event 1 is not a place in this feed.
        await expect(store.eventFeed({ after: '1', limit: 10 })).rejects.toMatchObject({ code: 'VALIDATION', field: 'after', context: { highestId: '0' } });
        const t = await engine.enqueue('t');
        const [c] = await claim();
        await engine.complete({ id: c!.id, leaseToken: c!.leaseToken });
        await feedSettled(store);
        const end = await store.eventFeedEnd();
        expect(end).not.toBe(FEED_START);
        const [, xid, id] = /^(?:(\d+):)?(\d+)$/.exec(end)!;
        const at = (x: string | undefined, i: bigint) => (x === undefined ? String(i) : `${x}:${i}`);
        // Another database's cursor (or this one's from before a restore): ahead of every id given.
        const ahead = at(xid, BigInt(id!) + 1000n);
        const err = await store.eventFeed({ after: ahead, limit: 10 }).catch((e: unknown) => e);
        expect(err).toMatchObject({ code: 'VALIDATION', field: 'after', context: { highestId: id } });
        expect(String((err as Error).message)).toContain('past the end of this store');
        if (xid !== undefined) {
          // PostgreSQL: a transaction that has not begun.
          await expect(store.eventFeed({ after: `${BigInt(xid) + 1_000_000n}:1`, limit: 10 })).rejects.toMatchObject({ code: 'VALIDATION', field: 'after' });
        }
        expect(await store.eventFeed({ after: end, limit: 10 })).toEqual([]);
        // Retention takes the task and every event: the position given stays a place to read on from.
        clock.advance(60_000);
        expect((await engine.purgeFinished(30_000)).tasks).toBe(1);
        expect(await store.taskGet({ id: t.id })).toBeNull();
        expect(await store.eventFeed({ after: end, limit: 10 })).toEqual([]);
        await engine.enqueue('t2');
        await feedSettled(store);
        expect((await store.eventFeed({ after: end, limit: 10 })).map((e) => e.type)).toEqual(['created']);
      });

      it('purges finished tasks past retention with their events, and nothing live', async () => {
        const old = await engine.enqueue('t');
        const [c] = await claim();
        await engine.complete({ id: c!.id, leaseToken: c!.leaseToken });
        clock.advance(60_000);
        const live = await engine.enqueue('t2');
        const purged = await engine.purgeFinished(30_000);
        expect(purged).toEqual({ tasks: 1, events: 3 });
        expect(await store.taskGet({ id: old.id })).toBeNull();
        expect((await engine.get(live.id)).state).toBe('pending');
      });

      it('counts tasks by queue and state, finished ones included, through every way in and out of history', async () => {
        const counts = async () => Object.fromEntries((await store.queueCounts()).map((q) => [q.queue, q.counts]));
        // In one batch (the set completion) and one at a time (fail, skip, cancel).
        await engine.enqueueMany([{ name: 'a' }, { name: 'a' }, { name: 'a' }, { name: 'b', maxAttempts: 1 }]);
        await engine.enqueue('c', null, { queue: 'other' });
        const [a1, a2, a3, b] = await claim(4);
        await Promise.all([a1, a2].map((c) => engine.complete({ id: c!.id, leaseToken: c!.leaseToken })));
        await engine.fail({ task: b!, error: new NonRetryableError('no') });
        await engine.skip({ id: a3!.id, leaseToken: a3!.leaseToken, reason: 'not today' });
        const pending = await engine.enqueue('d');
        await engine.cancel(pending.id);
        expect(await counts()).toEqual({
          default: { succeeded: 2, failed: 1, skipped: 1, cancelled: 1 },
          other: { pending: 1 },
        });
        // Retry by hand takes a task out of history; retention takes the rest.
        await engine.retry(b!.id);
        expect((await counts()).default).toEqual({ succeeded: 2, skipped: 1, cancelled: 1, pending: 1 });
        clock.advance(60_000);
        expect((await engine.purgeFinished(30_000)).tasks).toBe(4);
        expect(await counts()).toEqual({ default: { pending: 1 }, other: { pending: 1 } });
      });

      it('elects exactly one leader and hands over when its lease runs out', async () => {
        const now = clock.now();
        expect(await store.leaderElect({ name: 'm', holder: 'a', ttlMs: 1000, now })).toBe(true);
        expect(await store.leaderElect({ name: 'm', holder: 'b', ttlMs: 1000, now: now + 500 })).toBe(false);
        expect(await store.leaderElect({ name: 'm', holder: 'a', ttlMs: 1000, now: now + 900 })).toBe(true);
        expect(await store.leaderElect({ name: 'm', holder: 'b', ttlMs: 1000, now: now + 1800 })).toBe(false);
        expect(await store.leaderElect({ name: 'm', holder: 'b', ttlMs: 1000, now: now + 1901 })).toBe(true);
        expect(await store.leaderGet({ name: 'm', now: now + 1901 })).toEqual({ holder: 'b', expiresAt: now + 2901 });
        await store.leaderResign({ name: 'm', holder: 'b' });
        expect(await store.leaderGet({ name: 'm', now: now + 1901 })).toBeNull();
      });

      it('cursors compare-and-set', async () => {
        const now = clock.now();
        expect(await store.cursorGet({ name: 'c' })).toBeNull();
        expect(await store.cursorSet({ name: 'c', value: '1', expect: null, now })).toBe(true);
        expect(await store.cursorSet({ name: 'c', value: '2', expect: null, now })).toBe(false);
        expect(await store.cursorSet({ name: 'c', value: '2', expect: '0', now })).toBe(false);
        expect(await store.cursorSet({ name: 'c', value: '2', expect: '1', now })).toBe(true);
        expect(await store.cursorGet({ name: 'c' })).toBe('2');
      });

      it('lists the cursors whose name starts with a prefix, by name, with when each was set (no pattern characters)', async () => {
        const now = clock.now();
        for (const [name, at] of [['rules:b', now], ['rules:a', now + 5], ['rules_x', now], ['bus-outbox:default', now + 7], ['ru', now]] as const) {
          await store.cursorSet({ name, value: `v-${name}`, now: at });
        }
        await store.cursorSet({ name: 'rules:b', value: 'moved', now: now + 9 });
        expect(await store.cursorList({ prefix: 'rules:' })).toEqual([
          { name: 'rules:a', value: 'v-rules:a', updatedAt: now + 5 },
          { name: 'rules:b', value: 'moved', updatedAt: now + 9 },
        ]);
        // `_` and `%` are plain characters here, not LIKE's wildcards.
        expect((await store.cursorList({ prefix: 'rules_' })).map((c) => c.name)).toEqual(['rules_x']);
        expect(await store.cursorList({ prefix: '%' })).toEqual([]);
        expect((await store.cursorList({ prefix: '' })).map((c) => c.name)).toEqual(['bus-outbox:default', 'ru', 'rules:a', 'rules:b', 'rules_x']);
        expect(await store.cursorList({ prefix: 'nothing:' })).toEqual([]);
      });

      it('appends and reads logs per attempt in order', async () => {
        const t = await engine.enqueue('t');
        const at = clock.now();
        await store.logAppend({ entries: [
          { taskId: t.id, attempt: 1, at, stream: 'stdout', text: 'one' },
          { taskId: t.id, attempt: 1, at, stream: 'stderr', text: 'two' },
          { taskId: t.id, attempt: 2, at, stream: 'stdout', text: 'three' },
        ] });
        expect((await store.logList({ taskId: t.id, limit: 10 })).map((l) => l.text)).toEqual(['one', 'two', 'three']);
        const a1 = await store.logList({ taskId: t.id, attempt: 1, limit: 10 });
        expect(a1.map((l) => [l.stream, l.text])).toEqual([['stdout', 'one'], ['stderr', 'two']]);
        expect((await store.logList({ taskId: t.id, afterId: a1[0]!.id, limit: 10 })).map((l) => l.text)).toEqual(['two', 'three']);
      });

      it('stores runs and changes their state only from the expected states', async () => {
        const now = clock.now();
        const run = await store.runInsert({ run: { id: 'r1', name: 'wf', state: 'running', spec: { tasks: [] }, inputs: { a: 1 }, outputs: null, error: null, trigger: 'api', createdAt: now } });
        expect(run).toMatchObject({ id: 'r1', state: 'running', inputs: { a: 1 }, finishedAt: null });
        expect(await store.runUpdate({ id: 'r1', fromStates: ['succeeded'], state: 'failed', now })).toBeNull();
        const done = await store.runUpdate({ id: 'r1', fromStates: ['running'], state: 'succeeded', outputs: { x: 2 }, now: now + 5 });
        expect(done).toMatchObject({ state: 'succeeded', outputs: { x: 2 }, finishedAt: now + 5 });
        expect((await store.runList({ name: 'wf', limit: 10 })).map((r) => r.id)).toEqual(['r1']);
      });
    });

    describe('autoscaler reads', () => {
      it('summarises live tasks by name, state and when they come due, with the earliest run-at and ready time of each group', async () => {
        const t0 = clock.now();
        const [a1] = await engine.enqueueMany([{ name: 'a' }, { name: 'a' }, { name: 'b' }]);
        clock.advance(100);
        await engine.enqueue('a', null, { delay: '5s' });
        await engine.enqueue('a', null, { delay: '1m' });
        const dependent = await engine.enqueue('dep', null, { dependsOn: [a1!.id] });
        await engine.enqueue('a', null, { queue: 'elsewhere' });
        const [running] = await claim(1);
        expect(running!.id).toBe(a1!.id);
        const now = clock.now();
        const summary = async (soonBy: number) =>
          Object.fromEntries((await store.taskLiveSummary({ queues: ['default'], now: clock.now(), soonBy })).map((r) => [`${r.name}/${r.state}/${r.due}`, { n: r.n, minRunAt: r.minRunAt, minReadyAt: r.minReadyAt }]));
        expect(await summary(now + 10_000)).toEqual({
          'a/pending/now': { n: 1, minRunAt: t0, minReadyAt: t0 },
          'a/running/now': { n: 1, minRunAt: t0, minReadyAt: t0 + 100 },
          'b/pending/now': { n: 1, minRunAt: t0, minReadyAt: t0 },
          'a/scheduled/soon': { n: 1, minRunAt: t0 + 100 + 5000, minReadyAt: t0 + 100 + 5000 },
          'a/scheduled/later': { n: 1, minRunAt: t0 + 100 + 60_000, minReadyAt: t0 + 100 + 60_000 },
          'dep/blocked/now': { n: 1, minRunAt: t0 + 100, minReadyAt: t0 + 100 },
        });
        // A dependent unblocked later has been ready since it was unblocked, not since it was created.
        clock.advance(10_000);
        await engine.complete({ id: running!.id, leaseToken: running!.leaseToken });
        expect((await engine.get(dependent.id)).state).toBe('pending');
        expect((await summary(clock.now()))['dep/pending/now']).toEqual({ n: 1, minRunAt: t0 + 100, minReadyAt: t0 + 10_100 });
        expect(await store.taskLiveSummary({ queues: ['elsewhere', 'nothing-here'], now, soonBy: now })).toEqual([
          { name: 'a', state: 'pending', due: 'now', n: 1, minRunAt: t0 + 100, minReadyAt: t0 + 100 },
        ]);
        expect(await store.taskLiveSummary({ queues: [], now, soonBy: now })).toEqual([]);
      });

      it('summarises the most recently finished tasks by name: counts, service time, at most `limit` rows, none before `since`', async () => {
        const t0 = clock.now();
        await engine.enqueueMany([{ name: 'fast' }, { name: 'fast' }, { name: 'slow' }, { name: 'never' }]);
        const [f1, f2, s1] = await claim(3);
        clock.advance(100);
        await engine.complete({ id: f1!.id, leaseToken: f1!.leaseToken });
        clock.advance(100);
        await engine.complete({ id: f2!.id, leaseToken: f2!.leaseToken });
        clock.advance(800);
        await engine.fail({ task: s1!, error: new NonRetryableError('no') });
        const never = (await engine.list({ states: ['pending'] }))[0]!;
        await engine.cancel(never.id);
        const byName = async (p: { since: number; limit: number; queues?: string[] }) =>
          Object.fromEntries((await store.taskFinishedSummary({ queues: p.queues ?? ['default'], since: p.since, limit: p.limit })).map((g) => [g.name, g]));

        expect(await byName({ since: t0, limit: 100 })).toEqual({
          fast: { name: 'fast', n: 2, served: 2, serviceMsSum: 100 + 200, firstFinishedAt: t0 + 100, lastFinishedAt: t0 + 200 },
          slow: { name: 'slow', n: 1, served: 1, serviceMsSum: 1000, firstFinishedAt: t0 + 1000, lastFinishedAt: t0 + 1000 },
          // Cancelled before it ever started: a completion without a service time.
          never: { name: 'never', n: 1, served: 0, serviceMsSum: 0, firstFinishedAt: t0 + 1000, lastFinishedAt: t0 + 1000 },
        });
        // The newest first: a limit of 3 leaves out the oldest completion.
        const limited = await byName({ since: t0, limit: 3 });
        expect(limited.fast).toMatchObject({ n: 1, firstFinishedAt: t0 + 200 });
        expect(Object.values(limited).reduce((sum, g) => sum + g.n, 0)).toBe(3);
        // Nothing finished before `since`; other queues are not counted.
        expect(Object.keys(await byName({ since: t0 + 201, limit: 100 })).sort()).toEqual(['never', 'slow']);
        expect(await byName({ since: t0, limit: 100, queues: ['elsewhere'] })).toEqual({});
      });
    });

    describe('console reads', () => {
      const ids = (ts: Task[]) => ts.map((t) => t.id);
      const finishOne = async (queue = 'default') => {
        const [c] = await claim(1, [queue]);
        await engine.complete({ id: c!.id, leaseToken: c!.leaseToken, result: 'done' });
        return c!.id;
      };

      it('finds tasks by a payload field, live and finished, comparing JSON values, also inside a workflow step\'s own payload', async () => {
        const done = await engine.enqueue('order', { customer: { id: 42 } });
        await finishOne();
        const live = await engine.enqueue('order', { customer: { id: 42 }, note: 'x' });
        const text = await engine.enqueue('order', { customer: { id: '42' } });
        await engine.enqueue('order', { customer: { id: 43 } });
        const list = await engine.enqueue('order', { items: [{ sku: 'a-1' }, { sku: 'b-2' }], flag: null });
        const step = await engine.enqueue('taskframe.command', { $taskframeWorkflow: 1, kind: 'command', task: 'bill', run: 'r', workflow: 'w', at: 'f:1:1', payload: { customer: { id: 42 } } });
        await engine.enqueue('plain', 'not an object');
        const search = (path: Array<string | number>, value: string | number | boolean | null) =>
          store.taskSearch({ payload: { path, value }, limit: 100, scanLimit: 1000 });
        const r = await search(['customer', 'id'], 42);
        expect(ids(r.tasks)).toEqual([step.id, live.id, done.id]);
        expect(r.scanned).toBe(7);
        expect(r.scanFloorId).toBeNull();
        expect((await engine.get(done.id)).state).toBe('succeeded');
        expect(ids((await search(['customer', 'id'], '42')).tasks)).toEqual([text.id]);
        expect(ids((await search(['items', 1, 'sku'], 'b-2')).tasks)).toEqual([list.id]);
        expect(ids((await search(['flag'], null)).tasks)).toEqual([list.id]);
        expect(ids((await search(['missing'], null)).tasks)).toEqual([]);
        expect(ids((await search(['customer', 'id'], 42.0)).tasks)).toHaveLength(3);
        // Other filters narrow a payload search.
        const finished = await store.taskSearch({ states: ['succeeded'], payload: { path: ['customer', 'id'], value: 42 }, limit: 100, scanLimit: 1000 });
        expect(ids(finished.tasks)).toEqual([done.id]);
      });

      it('finds tasks by tag, name prefix and creation time; indexed filters alone examine nothing row by row', async () => {
        const t0 = clock.now();
        const a = await engine.enqueue('etl.extract', null, { tags: ['nightly', 'eu'] });
        clock.advance(1000);
        const b = await engine.enqueue('etl.load', null, { tags: ['eu'], queue: 'slow' });
        clock.advance(1000);
        const c = await engine.enqueue('report', null, { tags: ['nightly'] });
        const page = (p: Partial<Parameters<Store['taskSearch']>[0]>) => store.taskSearch({ limit: 100, scanLimit: 1000, ...p });
        expect(ids((await page({ tag: 'nightly' })).tasks)).toEqual([c.id, a.id]);
        expect(ids((await page({ tag: 'eu', queue: 'slow' })).tasks)).toEqual([b.id]);
        expect(ids((await page({ namePrefix: 'etl.' })).tasks)).toEqual([b.id, a.id]);
        expect(ids((await page({ createdAfter: t0 + 1000 })).tasks)).toEqual([c.id, b.id]);
        expect(ids((await page({ createdAfter: t0, createdBefore: t0 + 2000 })).tasks)).toEqual([b.id, a.id]);
        const plain = await page({ name: 'report' });
        expect(ids(plain.tasks)).toEqual([c.id]);
        expect(plain.scanned).toBeNull();
        expect(plain.scanFloorId).toBeNull();
        expect(ids((await page({ beforeId: c.id, limit: 1 })).tasks)).toEqual([b.id]);
      });

      it('a bounded search examines at most scanLimit of the newest candidates and says where it stopped, so the next page carries on', async () => {
        const made: Task[] = [];
        for (let i = 0; i < 30; i++) made.push(await engine.enqueue('n', { i, hit: i % 3 === 0 }));
        const newest = [...made].reverse();
        const hit = { path: ['hit'], value: true };
        const first = await store.taskSearch({ payload: hit, limit: 100, scanLimit: 10 });
        expect(first.scanned).toBe(10);
        expect(first.scanFloorId).toBe(newest[9]!.id);
        expect(first.tasks.map((t) => (t.payload as { i: number }).i)).toEqual([27, 24, 21]);
        const second = await store.taskSearch({ payload: hit, beforeId: first.scanFloorId!, limit: 100, scanLimit: 10 });
        expect(second.tasks.map((t) => (t.payload as { i: number }).i)).toEqual([18, 15, 12]);
        const last = await store.taskSearch({ payload: hit, beforeId: newest[19]!.id, limit: 100, scanLimit: 50 });
        expect(last.tasks.map((t) => (t.payload as { i: number }).i)).toEqual([9, 6, 3, 0]);
        expect(last.scanned).toBe(10);
        expect(last.scanFloorId).toBeNull();
        expect(await store.taskSearch({ payload: hit, queue: 'empty', limit: 10, scanLimit: 10 })).toEqual({ tasks: [], scanned: 0, scanFloorId: null });
      });

      it('reads many tasks by id, and their labels, live and finished; unknown ids are left out', async () => {
        const run = 'r-labels';
        const a = await engine.enqueue('a', { big: 'x'.repeat(100) }, { runId: run });
        await finishOne();
        const b = await engine.enqueue('b', null, { queue: 'q2' });
        const got = await store.taskGetMany({ ids: [a.id, b.id, '987654321'] });
        expect(got.map((t) => [t.id, t.state]).sort()).toEqual([[a.id, 'succeeded'], [b.id, 'pending']].sort());
        expect(got.find((t) => t.id === a.id)).toEqual(await engine.get(a.id));
        const labels = await store.taskLabelList({ ids: [a.id, b.id, '987654321'] });
        expect(labels.sort((x, y) => Number(x.id) - Number(y.id))).toEqual([
          { id: a.id, name: 'a', queue: 'default', runId: run },
          { id: b.id, name: 'b', queue: 'q2', runId: null },
        ]);
        expect(await store.taskGetMany({ ids: [] })).toEqual([]);
        expect(await store.taskLabelList({ ids: [] })).toEqual([]);
      });

      it('leaves out finished tasks that finished before finishedSince (labels, lists), and events stamped before since', async () => {
        const early = await engine.enqueue('early');
        await finishOne();
        clock.advance(5000);
        const late = await engine.enqueue('late');
        await finishOne();
        const live = await engine.enqueue('live');
        const ids = [early.id, late.id, live.id];
        const from = clock.now() - 1000; // after early finished, before late did
        expect((await store.taskLabelList({ ids, finishedSince: from })).map((l) => l.id).sort()).toEqual([late.id, live.id].sort());
        expect((await store.taskLabelList({ ids, finishedSince: 0 })).map((l) => l.id).sort()).toEqual([...ids].sort());
        expect((await store.taskList({ limit: 10, finishedSince: from })).map((t) => t.id)).toEqual([live.id, late.id]);
        expect((await store.taskList({ limit: 10, states: ['succeeded'], finishedSince: from })).map((t) => t.id)).toEqual([late.id]);
        const stamped = await store.eventList({ taskIds: ids, limit: 100, since: from });
        expect(stamped.length).toBeGreaterThan(0);
        expect(stamped.every((e) => e.at >= from && e.taskId !== early.id)).toBe(true);
        expect((await store.eventList({ taskIds: ids, limit: 100, since: 0 })).length).toBe((await store.eventList({ taskIds: ids, limit: 100 })).length);
        // The engine's audit bounds its read by the tasks' creation: the whole story either way.
        expect(await engine.events([early.id, late.id])).toEqual(await store.eventList({ taskIds: [early.id, late.id], limit: 100 }));
      });

      it('finds runs by name prefix, state, creation time and an inputs field, within the scan bound', async () => {
        const t0 = clock.now();
        const mk = async (id: string, name: string, inputs: Json, state: 'running' | 'failed' = 'running') => {
          await store.runInsert({ run: { id, name, state: 'running', spec: {}, inputs, outputs: null, error: null, trigger: 't', createdAt: clock.now() } });
          if (state === 'failed') await store.runUpdate({ id, fromStates: ['running'], state: 'failed', error: { message: 'x' }, now: clock.now() });
          clock.advance(1000);
        };
        await mk('r1', 'etl.daily', { region: 'eu', day: 1 });
        await mk('r2', 'etl.hourly', { region: 'us', day: 1 }, 'failed');
        await mk('r3', 'report', { region: 'eu', day: 2 });
        const find = async (p: Partial<Parameters<Store['runSearch']>[0]>) => (await store.runSearch({ limit: 100, scanLimit: 1000, ...p })).runs.map((r) => r.id);
        expect(await find({ inputs: { path: ['region'], value: 'eu' } })).toEqual(['r3', 'r1']);
        expect(await find({ inputs: { path: ['day'], value: 1 }, states: ['failed'] })).toEqual(['r2']);
        expect(await find({ namePrefix: 'etl.' })).toEqual(['r2', 'r1']);
        expect(await find({ createdAfter: t0 + 1000, createdBefore: t0 + 2001 })).toEqual(['r3', 'r2']);
        const bounded = await store.runSearch({ inputs: { path: ['region'], value: 'eu' }, limit: 100, scanLimit: 2 });
        expect(bounded.runs.map((r) => r.id)).toEqual(['r3']);
        expect(bounded.scanned).toBe(2);
        expect(bounded.scanFloor).toEqual({ createdAt: t0 + 1000, id: 'r2' });
        const plain = await store.runSearch({ name: 'report', limit: 10, scanLimit: 10 });
        expect(plain.runs.map((r) => r.id)).toEqual(['r3']);
        expect(plain.scanned).toBeNull();
      });

      it('pages runs created in the same millisecond by id: none skipped, none twice', async () => {
        const at = clock.now();
        const ids = ['run-a', 'run-b', 'run-c', 'run-d', 'run-e'];
        for (const id of ids) await store.runInsert({ run: { id, name: 'same', state: 'running', spec: {}, inputs: { k: 1 }, outputs: null, error: null, trigger: 't', createdAt: at } });
        await store.runInsert({ run: { id: 'run-0', name: 'same', state: 'running', spec: {}, inputs: { k: 1 }, outputs: null, error: null, trigger: 't', createdAt: at - 1 } });
        const newestFirst = ['run-e', 'run-d', 'run-c', 'run-b', 'run-a', 'run-0'];
        const seen: string[] = [];
        for (let before: { createdAt: number; id: string } | undefined; ; ) {
          const page = await store.runList({ limit: 2, ...(before ? { before } : {}) });
          seen.push(...page.map((r) => r.id));
          if (page.length < 2) break;
          const last = page[page.length - 1]!;
          before = { createdAt: last.createdAt, id: last.id };
        }
        expect(seen).toEqual(newestFirst);
        // The same through a search with a bounded scan: its floor (the window's oldest run) is
        // where the next page starts, inside the millisecond too.
        const searched: string[] = [];
        for (let before: { createdAt: number; id: string } | undefined; ; ) {
          const r = await store.runSearch({ inputs: { path: ['k'], value: 1 }, limit: 100, scanLimit: 2, ...(before ? { before } : {}) });
          searched.push(...r.runs.map((x) => x.id));
          if (!r.scanFloor) break;
          before = r.scanFloor;
        }
        expect(searched).toEqual(newestFirst);
      });
    });

    it('refuses to change the store when a batch is invalid (no partial writes)', async () => {
      const good = resolveSpec({ name: 'ok' }, clock.now());
      const bad = resolveSpec({ name: 'bad', dependsOn: ['123456789'] }, clock.now());
      await expect(store.writeBatch({ now: clock.now(), taskInsert: [{ task: good }, { task: bad }] })).rejects.toThrow(/not found/);
      expect(await engine.list({})).toEqual([]);
    });

    it('records a run and its graph in one transaction: both, or neither when a task of the graph is refused', async () => {
      const now = clock.now();
      const run = (id: string) => ({ id, name: 'wf', state: 'running' as const, spec: { tasks: 2 }, inputs: { a: 1 }, outputs: null, error: null, trigger: 'test', createdAt: now });
      const first = resolveSpec({ name: 'first', runId: 'r-bad' }, now);
      const orphan = resolveSpec({ name: 'orphan', runId: 'r-bad', dependsOn: ['123456789'] }, now);
      await expect(store.writeBatch({ now, runInsert: [{ run: run('r-bad') }], taskInsert: [{ task: first }, { task: orphan }] })).rejects.toThrow(/not found/);
      expect(await store.runGet({ id: 'r-bad' })).toBeNull();
      expect(await store.runList({ limit: 10 })).toEqual([]);
      expect(await store.taskList({ limit: 10 })).toEqual([]);

      const a = resolveSpec({ name: 'a', runId: 'r-ok' }, now);
      const b = resolveSpec({ name: 'b', runId: 'r-ok' }, now);
      const r = await store.writeBatch({ now, runInsert: [{ run: run('r-ok') }], taskInsert: [{ task: a }, { task: b, dependsOnIndex: [0] }] });
      expect(r.runInsert).toEqual([expect.objectContaining({ id: 'r-ok', state: 'running', inputs: { a: 1 }, createdAt: now, updatedAt: now, finishedAt: null })]);
      expect(r.taskInsert.map((x) => [x.task.name, x.task.state])).toEqual([['a', 'pending'], ['b', 'blocked']]);
      expect(await store.runGet({ id: 'r-ok' })).toEqual(r.runInsert[0]);
      expect((await store.taskList({ runId: 'r-ok', limit: 10 })).map((t) => t.name).sort()).toEqual(['a', 'b']);
    });

    it('claims see tasks inserted earlier in the same batch', async () => {
      const task = resolveSpec({ name: 'same-batch' }, clock.now());
      const r = await store.writeBatch({ now: clock.now(), taskInsert: [{ task }], taskClaim: [{ queues: ['default'], workerId: 'w', limit: 5, leaseMs: 1000 }] });
      expect(r.taskClaim[0]!.map((t: ClaimedTask) => t.id)).toEqual([r.taskInsert[0]!.task.id]);
    });
  });
}
