/**
 * LISTEN/NOTIFY wake-ups: an idle worker in another process starts a new task without waiting
 * for its poll. The worker runs with a 60 s poll, so a pickup within the test's time can only
 * come from a wake-up; the latency is read from the task's own events (created -> claimed).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Taskframe } from '../../src/taskframe.js';
import { freshPgSchema } from '../helpers/stores.js';
import { PG_UP } from './pg-available.js';
import { cli, FIXTURES, killAll, type Proc } from './processes.js';

describe.skipIf(!PG_UP)('postgres: wake-ups across processes', () => {
  let schema: Awaited<ReturnType<typeof freshPgSchema>>;
  let tf: Taskframe;
  let worker: Proc;

  beforeAll(async () => {
    schema = await freshPgSchema();
    tf = await Taskframe.open({ db: schema.url });
    worker = cli(['--db', schema.url, 'worker', '--module', path.join(FIXTURES, 'handlers.mjs'), '--poll', '60s', '--no-maintenance']);
    await worker.waitFor(/^worker .* serving default/);
  });
  afterAll(async () => {
    worker?.child.kill('SIGTERM');
    await worker?.exited;
    await killAll();
    await tf?.close();
    await schema?.drop();
  });

  async function finished(id: string, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const t = await tf.get(id);
      if (t.state === 'succeeded') return t;
      if (Date.now() > deadline) throw new Error(`task ${id} still ${t.state} after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async function latency(id: string): Promise<number> {
    const ev = await tf.events(id);
    const created = ev.find((e) => e.type === 'created')!;
    const claimed = ev.find((e) => e.type === 'claimed')!;
    expect(claimed, JSON.stringify(ev)).toBeDefined();
    return claimed.at - created.at;
  }

  it('an idle worker in another process starts each new task on a wake-up, not a poll', async () => {
    const lat: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = await tf.enqueue('echo', { i });
      const done = await finished(t.id);
      expect(done.result).toEqual({ i });
      lat.push(await latency(t.id));
    }
    console.log(`enqueue-to-claim across processes (ms): ${lat.join(', ')}`);
    // A 60 s poll could not have found any of them in time.
    expect(Math.max(...lat)).toBeLessThan(5_000);
  });

  it('a delayed task enqueued elsewhere starts when due, though the worker polls every 60 s', async () => {
    const t = await tf.enqueue('echo', 'later', { delay: 700 });
    const done = await finished(t.id);
    const claimed = (await tf.events(t.id)).find((e) => e.type === 'claimed')!;
    expect(claimed.at).toBeGreaterThanOrEqual(t.runAt);
    expect(claimed.at - t.runAt).toBeLessThan(5_000);
    expect(done.result).toBe('later');
  });
});
