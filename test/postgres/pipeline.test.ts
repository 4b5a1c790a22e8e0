/**
 * Two write batches in flight on PostgreSQL (pipelineDepth 2, the default): each on a connection
 * of its own, committed in no particular order. What must hold: a worker's claims in flight
 * together never take more than its free room; a heartbeat that lands beside (or after) its
 * task's completion changes nothing and fails nothing; batches finishing subtasks of the same
 * parents in opposite orders both commit, with every parent's count right.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import type { ClaimedTask } from '../../src/model/task.js';
import type { PostgresStore } from '../../src/store/postgres/driver.js';
import type { Store } from '../../src/store/store.js';
import { Worker } from '../../src/worker/worker.js';
import { ValidationError } from '../../src/model/errors.js';
import { openStore } from '../../src/store/open.js';
import { freshPgSchema, freshPostgres, type TestStore } from '../helpers/stores.js';
import { PG_UP } from './pg-available.js';

let ts: TestStore;
let engine: Engine;
const workers: Worker[] = [];

/**
 * Counts the engine's claims in flight and their peak. `answered` sees each claim's tasks as it
 * comes back; `settled` runs once the claim is no longer counted.
 */
function watchClaims(e: Engine, hooks: { answered?: (got: ClaimedTask[]) => void; settled?: () => void } = {}): { out: number; peakOut: number } {
  const seen = { out: 0, peakOut: 0 };
  const claim = e.claim.bind(e);
  e.claim = async (p) => {
    seen.peakOut = Math.max(seen.peakOut, ++seen.out);
    try {
      const got = await claim(p);
      hooks.answered?.(got);
      return got;
    } finally {
      seen.out--;
      hooks.settled?.();
    }
  };
  return seen;
}

describe.skipIf(!PG_UP)('PostgreSQL: two batches in flight', () => {
  beforeEach(async () => {
    ts = await freshPostgres();
    engine = new Engine({ store: ts.store });
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop(0)));
    await engine.flush();
    await ts.cleanup();
  });

  it('is the default, and a worker keeps two claims in flight under a backlog', async () => {
    expect(ts.store.pipelineDepth).toBe(2);
    expect(engine.claimDepth).toBe(2);
    await engine.enqueueMany(Array.from({ length: 2000 }, (_, i) => ({ name: 'noop', payload: { i } })));
    const claims = watchClaims(engine);
    const w = new Worker(engine, { handlers: { noop: () => null }, concurrency: 20, drain: true, pollIntervalMs: 50 }).start();
    workers.push(w);
    await w.drained;
    expect(claims.peakOut).toBe(2);
    expect(await engine.countLive(['default'])).toEqual({});
  });

  it('takes the depth as an option, at most the pool size; a pool of one gets one', async () => {
    const s = await freshPgSchema();
    try {
      const one = await openStore(s.url, { poolSize: 1 });
      expect(one.pipelineDepth).toBe(1);
      await one.close();
      const three = await openStore(s.url, { poolSize: 4, pipelineDepth: 3 });
      expect(three.pipelineDepth).toBe(3);
      await three.close();
      const err = await openStore(s.url, { poolSize: 2, pipelineDepth: 3 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).message).toMatch(/pipelineDepth/);
    } finally {
      await s.drop();
    }
  });

  it("a worker's claims in flight together never take more than concurrency + prefetch", async () => {
    const concurrency = 4;
    const prefetch = 6;
    const total = 300;
    await engine.enqueueMany(Array.from({ length: total }, (_, i) => ({ name: 'hold', payload: { i } })));
    // After every claim's answer: how many tasks the worker holds (claimed, handler not returned).
    // Not the database's count of running tasks: a completion still in flight in the other
    // batch keeps its task running there for a moment after its slot is free again.
    let claimedTotal = 0;
    let returned = 0;
    let peakHeld = 0;
    const claims = watchClaims(engine, {
      answered: (got) => {
        claimedTotal += got.length;
        peakHeld = Math.max(peakHeld, claimedTotal - returned);
      },
      settled: () => waiter?.(),
    });
    const held: Array<() => void> = [];
    const ran = new Map<string, number>();
    let waiter: (() => void) | null = null;
    const w = new Worker(engine, {
      handlers: {
        hold: (_p, ctx) => {
          ran.set(ctx.task.id, (ran.get(ctx.task.id) ?? 0) + 1);
          return new Promise<void>((resolve) => {
            held.push(resolve);
            waiter?.();
          });
        },
      },
      concurrency,
      prefetch,
      pollIntervalMs: 50,
    }).start();
    workers.push(w);
    let ended = 0;
    w.on('task:end', () => {
      ended++;
      waiter?.();
    });
    // Each round waits until the worker is full (every slot busy, no claim out: the buffer holds
    // `prefetch`), then frees 1 to 4 slots at once: the room is exactly that, and the claims the
    // worker sends for it, one or two, must not ask for more than that between them.
    const signal = () => new Promise<void>((r) => (waiter = r));
    for (let round = 0; ended < total; round++) {
      while (ended < total && !(claims.out === 0 && (held.length === concurrency || ended + held.length === total))) await signal();
      waiter = null;
      for (const r of held.splice(0, 1 + (round % concurrency))) {
        returned++;
        r();
      }
    }
    await w.stop();
    expect(peakHeld).toBe(concurrency + prefetch);
    expect(claims.peakOut).toBe(2);
    expect(ran.size).toBe(total);
    expect([...ran.values()].every((n) => n === 1)).toBe(true);
  });

  it('a heartbeat in flight beside its task’s completion is refused or applied, never an error', async () => {
    const store: Store = ts.store;
    for (let round = 0; round < 10; round++) {
      await engine.enqueueMany(Array.from({ length: 100 }, (_, i) => ({ name: 'x', payload: { i } })));
      const claimed: ClaimedTask[] = await engine.claim({ queues: ['default'], workerId: 'w1', limit: 100, leaseMs: 30_000 });
      expect(claimed).toHaveLength(100);
      const now = Date.now();
      // Both on their own connections at once; which commits first is up to the server.
      const [done, beats] = await Promise.all([
        store.writeBatch({ now, taskComplete: claimed.map((t) => ({ id: t.id, leaseToken: t.leaseToken, result: null })) }),
        store.writeBatch({ now, taskHeartbeat: [...claimed].reverse().map((t) => ({ id: t.id, leaseToken: t.leaseToken, leaseMs: 30_000 })) }),
      ]);
      expect(done.taskComplete.every((r) => r.ok)).toBe(true);
      for (const r of beats.taskHeartbeat) {
        if (!r.ok) expect(r.state).toBe('succeeded');
      }
      const after = await Promise.all(claimed.map((t) => engine.get(t.id)));
      expect(after.every((t) => t.state === 'succeeded')).toBe(true);
    }
  });

  it('a worker whose heartbeats land after its completions loses nothing', async () => {
    const total = 400;
    await engine.enqueueMany(Array.from({ length: total }, (_, i) => ({ name: 'beat', payload: { i } })));
    const outcomes = new Map<string, string>();
    const errors: Error[] = [];
    // The handler asks for a heartbeat it does not wait for, then returns: the heartbeat and the
    // completion travel in different batches, in flight together.
    const w = new Worker(engine, {
      handlers: {
        beat: (_p, ctx) => {
          void ctx.heartbeat().catch(() => undefined);
          return null;
        },
      },
      concurrency: 20,
      drain: true,
      pollIntervalMs: 50,
      leaseMs: 150, // heartbeats of every held task every 50 ms, too
    }).start();
    workers.push(w);
    w.on('task:end', (t, outcome) => outcomes.set(t.id, outcome));
    w.on('error', (e) => errors.push(e));
    await w.drained;
    expect(errors).toEqual([]);
    expect(outcomes.size).toBe(total);
    expect([...outcomes.values()].every((o) => o === 'succeeded')).toBe(true);
  });

  it('two batches finishing subtasks of the same parents in opposite orders both commit', async () => {
    const store = ts.store as PostgresStore;
    for (let round = 0; round < 5; round++) {
      const parents = await engine.enqueueMany([{ name: 'p' }, { name: 'p' }]);
      const ps = await engine.claim({ queues: ['default'], workerId: 'w1', limit: 2, leaseMs: 30_000 });
      expect(ps.map((t) => t.id).sort()).toEqual(parents.map((t) => t.id).sort());
      // Subtasks alternate between the parents, so batch A meets parent 1 first and batch B parent 2.
      const kids: string[] = [];
      for (let i = 0; i < 40; i++) kids.push((await engine.enqueue('c', { i }, { parentId: parents[i % 2]!.id })).id);
      for (const p of ps) expect((await engine.complete({ id: p.id, leaseToken: p.leaseToken })).state).toBe('waiting');
      const claimed = await engine.claim({ queues: ['default'], workerId: 'w1', limit: 40, leaseMs: 30_000 });
      expect(claimed).toHaveLength(40);
      const byId = new Map(claimed.map((t) => [t.id, t]));
      // A: kids 0,3,4,7,8,… (parent 1 first); B: kids 1,2,5,6,… (parent 2 first).
      const a = kids.filter((_, i) => i % 4 === 0 || i % 4 === 3).map((id) => byId.get(id)!);
      const b = kids.filter((_, i) => i % 4 === 1 || i % 4 === 2).map((id) => byId.get(id)!);
      const now = Date.now();
      const op = (t: ClaimedTask) => ({ id: t.id, leaseToken: t.leaseToken, result: null });
      const [ra, rb] = await Promise.all([store.writeBatch({ now, taskComplete: a.map(op) }), store.writeBatch({ now, taskComplete: b.map(op) })]);
      expect([...ra.taskComplete, ...rb.taskComplete].every((r) => r.ok)).toBe(true);
      for (const p of parents) expect((await engine.get(p.id)).state).toBe('succeeded');
    }
  });
});
