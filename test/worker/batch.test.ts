/**
 * Batch handlers (worker/batch.ts): one call takes many tasks of one name; each task's outcome
 * is recorded on its own. Tests wait on worker events and task states, not on sleeps.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { ValidationError } from '../../src/model/errors.js';
import type { ClaimedTask, Task } from '../../src/model/task.js';
import { batch } from '../../src/worker/batch.js';
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

/** Resolves once each of the tasks has ended an attempt, with the outcomes by id. */
function allEnded(w: Worker, ids: string[], outcomes: string[] = ['succeeded', 'failed']): Promise<Map<string, string>> {
  const seen = new Map<string, string>();
  return new Promise((resolve) => {
    const on = (t: ClaimedTask, outcome: string) => {
      if (!ids.includes(t.id) || !outcomes.includes(outcome)) return;
      seen.set(t.id, outcome);
      if (seen.size === ids.length) {
        w.off('task:end', on);
        resolve(seen);
      }
    };
    w.on('task:end', on);
  });
}

async function enqueueN(n: number, name = 'mail', options = {}): Promise<Task[]> {
  return engine.enqueueMany(Array.from({ length: n }, (_, i) => ({ name, payload: { i }, ...options })));
}

async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setImmediate(r));
}

describe('batch handlers', () => {
  it('one call takes the tasks, in one slot, and each gets its own result', async () => {
    const tasks = await enqueueN(5);
    const calls: number[] = [];
    const w = startWorker({ mail: batch({ size: 10 }, (ts) => (calls.push(ts.length), ts.map((t) => ({ sent: (t.payload as { i: number }).i })))) }, { concurrency: 1 });
    const out = await allEnded(w, tasks.map((t) => t.id));
    expect([...out.values()].every((o) => o === 'succeeded')).toBe(true);
    expect(calls).toEqual([5]);
    for (const t of tasks) expect((await engine.get(t.id)).result).toEqual({ sent: (t.payload as { i: number }).i });
  });

  it('never more than size tasks per call', async () => {
    const tasks = await enqueueN(7);
    const calls: number[] = [];
    const w = startWorker({ mail: batch({ size: 3 }, (ts) => (calls.push(ts.length), ts.map(() => 'ok'))) });
    await allEnded(w, tasks.map((t) => t.id));
    expect(calls.reduce((a, b) => a + b, 0)).toBe(7);
    expect(Math.max(...calls)).toBeLessThanOrEqual(3);
  });

  it('partial failure: an Error entry fails its task only; a Map without a task fails that task with a clear error', async () => {
    const tasks = await enqueueN(3, 'mail', { maxAttempts: 1 });
    const w = startWorker({ mail: batch({ size: 10 }, (ts) => ts.map((t, i) => (i === 1 ? new Error('bounced') : `sent ${t.id}`))) });
    const out = await allEnded(w, tasks.map((t) => t.id));
    expect(tasks.map((t) => out.get(t.id))).toEqual(['succeeded', 'failed', 'succeeded']);
    expect((await engine.get(tasks[1]!.id)).error?.message).toBe('bounced');

    const more = await enqueueN(2, 'map', { maxAttempts: 1 });
    w.register('map', { batch: { size: 10 } }, (ts) => new Map([[ts[0]!.id, 'only the first']]));
    const out2 = await allEnded(w, more.map((t) => t.id));
    expect(more.map((t) => out2.get(t.id))).toEqual(['succeeded', 'failed']);
    const err = (await engine.get(more[1]!.id)).error!;
    expect(err.kind).toBe('BATCH_OUTCOME_MISSING');
    expect(err.message).toMatch(/returned without settling task/);
  });

  it('ctx.succeed and ctx.fail settle tasks as the handler goes; a throw fails the rest, each retried by its own policy', async () => {
    const tasks = await enqueueN(3, 'mail', { maxAttempts: 2, backoff: { kind: 'fixed', baseMs: 0 } });
    let calls = 0;
    const w = startWorker({
      mail: batch({ size: 10 }, async (ts, ctx) => {
        if (++calls > 1) return ts.map(() => 'second try');
        ctx.succeed(ts[0]!, 'early');
        throw new Error('smtp down');
      }),
    });
    const ids = tasks.map((t) => t.id);
    const final = await allEnded(w, ids, ['succeeded']);
    expect(final.size).toBe(3);
    const got = await Promise.all(ids.map((id) => engine.get(id)));
    expect(got.map((t) => [t.result, t.attempt])).toEqual([
      ['early', 1],
      ['second try', 2],
      ['second try', 2],
    ]);
    expect((await engine.events([ids[1]!])).map((e) => e.type)).toContain('retry_scheduled');
  });

  it("a task's own timeout fails it alone; the batch goes on for the others", async () => {
    const [slow] = await engine.enqueueMany([{ name: 'mail', payload: 'slow', timeout: '50ms', maxAttempts: 1 }]);
    const others = await enqueueN(2);
    const w = startWorker({
      mail: batch({ size: 10 }, async (ts, ctx) => {
        const t = ts.find((x) => x.payload === 'slow')!;
        await new Promise((r) => ctx.signalFor(t).addEventListener('abort', r));
        return ts.map(() => 'done');
      }),
    });
    const out = await allEnded(w, [slow!.id, ...others.map((t) => t.id)]);
    expect(out.get(slow!.id)).toBe('failed');
    expect((await engine.get(slow!.id)).error?.kind).toBe('TIMEOUT');
    for (const t of others) expect(out.get(t.id)).toBe('succeeded');
  });

  it("every task's lease heartbeats while the batch runs", async () => {
    const tasks = await enqueueN(2);
    const w = startWorker(
      {
        mail: batch({ size: 10 }, async (ts) => {
          const first = ts.map((t) => t.leaseExpiresAt);
          await until(async () => {
            const now = await Promise.all(ts.map((t) => engine.get(t.id)));
            return now.every((t, i) => (t.leaseExpiresAt ?? 0) > first[i]!);
          });
          return ts.map(() => 'ok');
        }),
      },
      { leaseMs: 300 },
    );
    const out = await allEnded(w, tasks.map((t) => t.id));
    expect([...out.values()]).toEqual(['succeeded', 'succeeded']);
  });

  it('waits up to `wait` for more tasks after the first, and hands over as soon as the batch is full', async () => {
    const [first] = await enqueueN(1);
    const calls: string[][] = [];
    const w = startWorker({ mail: batch({ size: 3, wait: '30s' }, (ts) => (calls.push(ts.map((t) => t.id)), ts.map(() => 'ok'))) });
    await until(async () => (await engine.get(first!.id)).state === 'running');
    const later = await enqueueN(2);
    const out = await allEnded(w, [first!.id, ...later.map((t) => t.id)]);
    expect(out.size).toBe(3);
    expect(calls).toEqual([[first!.id, ...later.map((t) => t.id)]]);
  });

  it('when the wait is over, a batch short of its size is handed over', async () => {
    const tasks = await enqueueN(2);
    const calls: number[] = [];
    const w = startWorker({ mail: batch({ size: 10, wait: '50ms' }, (ts) => (calls.push(ts.length), ts.map(() => 'ok'))) });
    await allEnded(w, tasks.map((t) => t.id));
    expect(calls).toEqual([2]);
  });

  it('batch and single handlers side by side, and a batch handler replaced by a single one', async () => {
    const single = await enqueueN(3, 'one');
    const batched = await enqueueN(3, 'many');
    const w = startWorker({ one: (p: { i: number }) => p.i, many: batch({ size: 10 }, (ts) => ts.map(() => 'batched')) }, { concurrency: 2 });
    await allEnded(w, [...single, ...batched].map((t) => t.id));
    for (const t of single) expect((await engine.get(t.id)).result).toBe((t.payload as { i: number }).i);
    for (const t of batched) expect((await engine.get(t.id)).result).toBe('batched');
    w.register('many', () => 'alone');
    const [later] = await enqueueN(1, 'many');
    await allEnded(w, [later!.id]);
    expect((await engine.get(later!.id)).result).toBe('alone');
  });

  it('a stopped worker gives back the tasks it was collecting', async () => {
    const [t] = await enqueueN(1);
    const w = startWorker({ mail: batch({ size: 3, wait: '30s' }, (ts) => ts.map(() => 'ok')) });
    await until(async () => (await engine.get(t!.id)).state === 'running');
    await w.stop(0);
    expect((await engine.get(t!.id)).state).toBe('pending');
  });

  it('bad batch options are a ValidationError naming the field', () => {
    const bad: Array<[unknown, RegExp]> = [
      [{ size: 0 }, /handlers\.mail\.batch\.size/],
      [{ size: -1 }, /handlers\.mail\.batch\.size/],
      [{ size: 1.5 }, /handlers\.mail\.batch\.size/],
      [{}, /handlers\.mail\.batch\.size/],
      [{ size: 2, wait: 'soon' }, /handlers\.mail\.batch\.wait/],
      [{ size: 2, every: 1 }, /handlers\.mail\.batch\.every/],
    ];
    for (const [opts, field] of bad) {
      const make = () => new Worker(engine, { handlers: { mail: { batch: opts as never, handler: () => [] } } });
      expect(make, JSON.stringify(opts)).toThrow(ValidationError);
      expect(make).toThrow(field);
    }
    const w = new Worker(engine, { handlers: {} });
    expect(() => w.register('mail', { batch: { size: 0 } }, () => [])).toThrow(/handlers\.mail\.batch\.size/);
  });
});
