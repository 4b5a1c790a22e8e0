/**
 * The in-process worker: handlers, concurrency, timeouts, cancellation, subtasks, shutdown.
 * Tests wait on worker events, not on sleeps.
 */
import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { LeaseLostError, NotFoundError, RetryLater, SkipTask, StoreUnavailableError, TaskCancelledError, TaskTimeoutError, ValidationError } from '../../src/model/errors.js';
import type { ClaimedTask } from '../../src/model/task.js';
import { openStore } from '../../src/store/open.js';
import { Worker, type HandlerMap, type WorkerOptions } from '../../src/worker/worker.js';
import { freshSqlite, type TestStore } from '../helpers/stores.js';

let ts: TestStore;
let engine: Engine;
const workers: Worker[] = [];

beforeEach(async () => {
  ts = await freshSqlite();
  engine = new Engine({ store: ts.store });
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop(0)));
  await engine.flush();
  await ts.cleanup();
});

function startWorker(handlers: HandlerMap, options: Partial<WorkerOptions> = {}): Worker {
  const w = new Worker(engine, { handlers, pollIntervalMs: 20, ...options }).start();
  workers.push(w);
  return w;
}

/** Resolves with the outcome of the given task's next attempt. */
function ended(w: Worker, id: string): Promise<string> {
  return new Promise((resolve) => {
    const on = (t: ClaimedTask, outcome: string) => {
      if (t.id !== id) return;
      w.off('task:end', on);
      resolve(outcome);
    };
    w.on('task:end', on);
  });
}

describe('worker', () => {
  it('runs handlers with payload and context, and records results', async () => {
    const t = await engine.enqueue('add', { a: 2, b: 3 });
    const w = startWorker({ add: async (p: { a: number; b: number }, ctx) => ({ sum: p.a + p.b, attempt: ctx.attempt, id: ctx.task.id }) });
    expect(await ended(w, t.id)).toBe('succeeded');
    expect((await engine.get(t.id)).result).toEqual({ sum: 5, attempt: 1, id: t.id });
  });

  it('never runs more handlers at once than its concurrency', async () => {
    let running = 0;
    let peak = 0;
    // Handlers hold their slot until four run at once (or the last task has started), and a
    // moment longer (a turn of the event loop), so a worker that would start a fifth is seen
    // doing it, whatever the machine's timing.
    const held: Array<() => void> = [];
    let started = 0;
    await engine.enqueueMany(Array.from({ length: 60 }, () => ({ name: 'n' })));
    const w = startWorker(
      {
        n: async () => {
          running++;
          started++;
          peak = Math.max(peak, running);
          const release = running >= 4 || started === 60;
          await new Promise<void>((r) => {
            held.push(r);
            if (release) setImmediate(() => held.splice(0).forEach((go) => go()));
          });
          running--;
        },
      },
      { concurrency: 4, drain: true },
    );
    await w.drained;
    expect(peak).toBe(4);
    expect((await engine.list({ states: ['succeeded'], limit: 100 })).length).toBe(60);
  });

  it('aborts a handler that runs past its timeout and schedules a retry', async () => {
    const t = await engine.enqueue('hang', null, { timeout: 50, backoff: { kind: 'fixed', baseMs: 60_000, capMs: 60_000 } });
    let reason: unknown;
    const w = startWorker({ hang: (_p, ctx) => new Promise((_r, reject) => ctx.signal.addEventListener('abort', () => { reason = ctx.signal.reason; reject(ctx.signal.reason); })) });
    expect(await ended(w, t.id)).toBe('retrying');
    expect(reason).toBeInstanceOf(TaskTimeoutError);
    const task = await engine.get(t.id);
    expect(task).toMatchObject({ state: 'retrying', attempt: 1 });
    expect(task.error).toMatchObject({ kind: 'TIMEOUT', message: `task ${t.id} timed out after 50 ms` });
    expect((await engine.events([t.id])).map((e) => e.type)).toEqual(['created', 'claimed', 'timed_out', 'retry_scheduled']);
  });

  it('a handler that ignores its signal still frees its slot at the timeout', async () => {
    const t = await engine.enqueue('stubborn', null, { timeout: 30, maxAttempts: 1 });
    const next = await engine.enqueue('quick');
    const w = startWorker({ stubborn: () => new Promise(() => {}), quick: () => 'ok' }, { concurrency: 1, prefetch: 0 });
    const [a, b] = await Promise.all([ended(w, t.id), ended(w, next.id)]);
    expect([a, b]).toEqual(['failed', 'succeeded']);
  });

  it('cancelling a running task fires the handler abort signal at once (same process)', async () => {
    const t = await engine.enqueue('long');
    let reason: unknown;
    const started = new Promise<void>((resolve) => {
      startWorker({ long: (_p, ctx) => new Promise((_r, reject) => { resolve(); ctx.signal.addEventListener('abort', () => { reason = ctx.signal.reason; reject(ctx.signal.reason); }); }) });
    });
    await started;
    const w = workers[0]!;
    const end = ended(w, t.id);
    await engine.cancel(t.id, 'no longer needed');
    expect(await end).toBe('lost');
    expect(reason).toBeInstanceOf(TaskCancelledError);
    expect((await engine.get(t.id)).state).toBe('cancelled');
  });

  it('history none: a success whose task is already gone (another holder succeeded, it was deleted) is dropped as lost, not an error', async () => {
    const none = await freshSqlite({ history: 'none' });
    const noneEngine = new Engine({ store: none.store });
    try {
      const t = await noneEngine.enqueue('slow');
      let release!: () => void;
      const started = new Promise<void>((resolve) => {
        workers.push(new Worker(noneEngine, { pollIntervalMs: 20, handlers: { slow: () => new Promise<void>((r) => { release = r; resolve(); }) } }).start());
      });
      await started;
      const w = workers.at(-1)!;
      const errors: unknown[] = [];
      w.on('error', (e) => errors.push(e));
      const outcome = new Promise<[string, unknown]>((resolve) => w.on('task:end', (task: ClaimedTask, o: string, detail: unknown) => task.id === t.id && resolve([o, detail])));
      // What another holder's success leaves under history none: no row at all.
      const Database = (await import('better-sqlite3')).default;
      const db = new Database(none.url.replace(/^sqlite:/, ''));
      db.prepare('DELETE FROM tasks WHERE id = ?').run(Number(t.id));
      db.close();
      release();
      const [o, detail] = await outcome;
      expect(o).toBe('lost');
      expect(detail).toBeInstanceOf(NotFoundError);
      expect(errors).toEqual([]);
    } finally {
      await Promise.all(workers.splice(-1).map((w) => w.stop(0)));
      await noneEngine.flush();
      await none.cleanup();
    }
  });

  it('cancelling from another process reaches the handler through its heartbeat', async () => {
    const t = await engine.enqueue('long');
    let aborted: unknown;
    const started = new Promise<void>((resolve) => {
      startWorker({ long: (_p, ctx) => new Promise((_r, reject) => { resolve(); ctx.signal.addEventListener('abort', () => { aborted = ctx.signal.reason; reject(ctx.signal.reason); }); }) }, { leaseMs: 300 });
    });
    await started;
    const end = ended(workers[0]!, t.id);
    const other = await openStore(ts.url);
    try {
      await new Engine({ store: other }).cancel(t.id);
    } finally {
      await other.close();
    }
    expect(await end).toBe('lost');
    expect(aborted).toBeInstanceOf(TaskCancelledError);
  });

  it('a handler can ask to be retried later', async () => {
    const t = await engine.enqueue('later', null, { maxAttempts: 5 });
    const before = Date.now();
    const w = startWorker({ later: () => { throw new RetryLater(30_000); } });
    expect(await ended(w, t.id)).toBe('retrying');
    const after = Date.now();
    const task = await engine.get(t.id);
    // The retry time is 30 s after the moment the handler threw, which lies between the two
    // readings (bounded by the clock, not by how long a loaded machine took to write it).
    expect(task.runAt).toBeGreaterThanOrEqual(before + 30_000);
    expect(task.runAt).toBeLessThanOrEqual(after + 30_000);
  });

  it('a handler can finish its task as skipped (a run condition said no): not failed, not retried', async () => {
    const t = await engine.enqueue('maybe', null, { maxAttempts: 5 });
    const w = startWorker({ maybe: async () => { throw new SkipTask('nothing to prune'); } });
    expect(await ended(w, t.id)).toBe('skipped');
    expect(await engine.get(t.id)).toMatchObject({ state: 'skipped', attempt: 1, error: { message: 'nothing to prune', kind: 'RUN_CONDITION' } });
  });

  it('records progress and spawns subtasks; the parent waits without a slot, then succeeds', async () => {
    const parent = await engine.enqueue('parent', { n: 3 });
    const w = startWorker(
      {
        parent: async (p: { n: number }, ctx) => {
          await ctx.progress({ spawning: p.n });
          for (let i = 0; i < p.n; i++) await ctx.spawn('child', { i });
          return 'spawned';
        },
        child: async (p: { i: number }) => p.i * 10,
      },
      { concurrency: 1 },
    );
    await new Promise<void>((resolve) => w.on('task:end', async () => {
      if ((await engine.get(parent.id)).state === 'succeeded') resolve();
    }));
    const kids = await engine.list({ parentId: parent.id });
    expect(kids.map((k) => k.result).sort()).toEqual([0, 10, 20]);
    expect(kids.every((k) => k.parentId === parent.id)).toBe(true);
    const types = (await engine.events([parent.id])).map((e) => e.type);
    expect(types).toEqual(['created', 'claimed', 'progress', 'waiting', 'succeeded']);
  });

  it("a handler may take the context apart: each method, taken off it, still acts for the handler's own task", async () => {
    const [one, two] = await engine.enqueueMany([{ name: 'parent', payload: { n: 1 } }, { name: 'parent', payload: { n: 2 } }]);
    const seen: Record<string, unknown> = {};
    const w = startWorker(
      {
        parent: async (p: { n: number }, { task, attempt, signal, log, heartbeat, progress, spawn, spawnMany }) => {
          await heartbeat();
          await progress({ n: p.n });
          await spawn('child', { from: p.n });
          await spawnMany([{ name: 'child', payload: { from: p.n, second: true } }]);
          log.info('taken apart');
          seen[task.id] = { attempt, aborted: signal.aborted, isSignal: signal instanceof AbortSignal };
          return p.n;
        },
        child: async () => null,
      },
      { concurrency: 2 },
    );
    await new Promise<void>((resolve) => w.on('task:end', async () => {
      const states = await Promise.all([one!.id, two!.id].map(async (id) => (await engine.get(id)).state));
      if (states.every((s) => s === 'succeeded')) resolve();
    }));
    for (const [t, n] of [[one!, 1], [two!, 2]] as const) {
      expect(seen[t.id]).toEqual({ attempt: 1, aborted: false, isSignal: true });
      expect((await engine.get(t.id)).progress).toEqual({ n });
      const kids = await engine.list({ parentId: t.id });
      expect(kids).toHaveLength(2);
      expect(kids.map((k) => k.payload)).toEqual(expect.arrayContaining([{ from: n }, { from: n, second: true }]));
    }
  });

  it('spawnMany: a chain of subtasks in one call, all children of the task, run in order; the parent waits for the last', async () => {
    const parent = await engine.enqueue('parent');
    const order: number[] = [];
    let refused: unknown;
    const w = startWorker(
      {
        parent: async (_p, ctx) => {
          refused = await ctx.spawnMany([{ name: 'child', payload: { i: 9 } }, { name: 'child', payload: { i: 10 }, after: [1] }]).catch((e: unknown) => e);
          const kids = await ctx.spawnMany([0, 1, 2].map((i) => ({ name: 'child', payload: { i }, ...(i ? { after: [i - 1] } : {}) })));
          return kids.map((k) => k.state);
        },
        child: async (p: { i: number }) => void order.push(p.i),
      },
      { concurrency: 4 },
    );
    await new Promise<void>((resolve) => w.on('task:end', async () => {
      if ((await engine.get(parent.id)).state === 'succeeded') resolve();
    }));
    expect((await engine.get(parent.id)).result).toEqual(['pending', 'blocked', 'blocked']);
    expect(order).toEqual([0, 1, 2]);
    expect(refused).toBeInstanceOf(ValidationError);
    expect(String(refused)).toMatch(/tasks\[1\]\.after\[0\]/);
    const kids = await engine.list({ parentId: parent.id });
    expect(kids).toHaveLength(3);
  });

  it('on stop, lets in-flight work finish within the grace period and gives the rest back unused', async () => {
    const fast = await engine.enqueue('fast');
    const slow = await engine.enqueue('slow');
    const started: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const w = startWorker(
      {
        fast: async (_p, ctx) => { started.push(ctx.task.id); await gate; return 'done'; },
        slow: async (_p, ctx) => { started.push(ctx.task.id); await new Promise((_r, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason))); },
      },
      { concurrency: 2 },
    );
    while (started.length < 2) await once(w, 'task:start');
    const stopping = w.stop(200);
    release();
    await stopping;
    expect((await engine.get(fast.id)).state).toBe('succeeded');
    const back = await engine.get(slow.id);
    expect(back).toMatchObject({ state: 'pending', attempt: 0, workerId: null });
    expect((await engine.events([slow.id])).map((e) => e.type)).toEqual(['created', 'claimed', 'unclaimed']);
  });

  it('drain mode resolves once nothing runnable is left, waiting for retries', async () => {
    await engine.enqueue('flaky', null, { backoff: { kind: 'fixed', baseMs: 20, capMs: 20 } });
    const w = startWorker({ flaky: (_p, ctx) => { if (ctx.attempt < 3) throw new Error('not yet'); return 'third time'; } }, { drain: true });
    await w.drained;
    const [t] = await engine.list({});
    expect(t).toMatchObject({ state: 'succeeded', attempt: 3, result: 'third time' });
  });

  it('a result the store re-sent after its commit, answered LEASE_LOST, counts as recorded: the task succeeded, nothing is dropped', async () => {
    // What a PostgreSQL store does when the connection of a committed batch is ended before the
    // answer arrives (a backend terminated, the server restarting): it sends the batch again on a
    // new connection, where the task has already left running, so the first delivery is refused.
    const complete = engine.complete.bind(engine);
    engine.complete = async (p) => {
      await complete(p);
      throw new LeaseLostError(String(p.id), p.leaseToken, 'succeeded');
    };
    const t = await engine.enqueue('ok', {});
    const logged: string[] = [];
    const logger = { warn: (_: unknown, msg: string) => void logged.push(msg), info() {}, error() {}, debug() {}, child() { return logger; } };
    const w = startWorker({ ok: () => 'done' }, { logger: logger as never });
    expect(await ended(w, t.id)).toBe('succeeded');
    expect((await engine.get(t.id)).state).toBe('succeeded');
    expect(logged.filter((m) => m.startsWith('result dropped'))).toEqual([]);
  });

  it('a failure re-sent after its commit and answered LEASE_LOST counts as recorded too: retrying with attempts left, failed without', async () => {
    const fail = engine.fail.bind(engine);
    engine.fail = async (p) => {
      await fail(p);
      throw new LeaseLostError(String(p.task.id), p.task.leaseToken, 'running');
    };
    const again = await engine.enqueue('boom', {}, { maxAttempts: 3, backoff: { kind: 'fixed', baseMs: 60_000, capMs: 60_000 } });
    const last = await engine.enqueue('boom', {}, { maxAttempts: 1 });
    const w = startWorker({
      boom: () => {
        throw new Error('no');
      },
    });
    const outcomes = [ended(w, again.id), ended(w, last.id)];
    expect(await Promise.all(outcomes)).toEqual(['retrying', 'failed']);
    expect((await engine.get(last.id)).state).toBe('failed');
  });

  it('when the store cannot be asked whether a refused result was recorded, it asks again later instead of dropping it', async () => {
    // The same outage that ended the connection may make the read fail too (the fleet
    // connection-loss test saw it once): not knowing is not "lost".
    const complete = engine.complete.bind(engine);
    engine.complete = async (p) => {
      await complete(p);
      throw new LeaseLostError(String(p.id), p.leaseToken, 'succeeded');
    };
    const get = engine.get.bind(engine);
    let reads = 0;
    engine.get = async (id) => {
      if (++reads === 1) throw new StoreUnavailableError('connection terminated (test)');
      return get(id);
    };
    const t = await engine.enqueue('ok', {});
    const logged: string[] = [];
    const logger = { warn: (_: unknown, msg: string) => void logged.push(msg), info() {}, error() {}, debug() {}, child() { return logger; } };
    const w = startWorker({ ok: () => 'done' }, { logger: logger as never });
    expect(await ended(w, t.id)).toBe('succeeded');
    expect(reads).toBeGreaterThanOrEqual(2);
    expect(logged.filter((m) => m.startsWith('result dropped'))).toEqual([]);
    expect(logged.some((m) => m.startsWith('store unavailable (result failed)'))).toBe(true);
  });
});
