/** Worker.reconfigure: a running worker takes more tasks at once, or serves other queues; bad settings change nothing. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { ValidationError } from '../../src/model/errors.js';
import { Worker } from '../../src/worker/worker.js';
import { freshSqlite, type TestStore } from '../helpers/stores.js';

let ts: TestStore;
let engine: Engine;
let worker: Worker | null = null;
const release: Array<() => void> = [];
beforeEach(async () => {
  ts = await freshSqlite();
  engine = new Engine({ store: ts.store });
});
afterEach(async () => {
  for (const r of release.splice(0)) r();
  await worker?.stop(0);
  worker = null;
  await engine.flush();
  await ts.cleanup();
});

/** Resolves with the queues of the next `n` handlers to start. */
function started(w: Worker, n: number): Promise<string[]> {
  const names: string[] = [];
  return new Promise((resolve) => {
    w.on('task:start', (t) => {
      names.push(t.queue);
      if (names.length === n) resolve(names);
    });
  });
}

it('more slots are filled at once; a queue added is served; a bad change is refused and changes nothing', async () => {
  await engine.enqueueMany([...Array.from({ length: 4 }, () => ({ name: 'hold', queue: 'a' })), ...Array.from({ length: 2 }, () => ({ name: 'hold', queue: 'b' }))]);
  const hold = () => new Promise<void>((r) => release.push(r));
  worker = new Worker(engine, { handlers: { hold }, queues: ['a'], concurrency: 1, prefetch: 0, pollIntervalMs: 60_000 });
  const reconfigured: unknown[] = [];
  worker.on('reconfigured', (s) => reconfigured.push(s));
  const first = started(worker, 1);
  worker.start();
  expect(await first).toEqual(['a']);

  const two = started(worker, 2);
  worker.reconfigure({ concurrency: 3 });
  expect(await two).toEqual(['a', 'a']);
  expect(worker.inFlight).toBe(3);

  expect(() => worker!.reconfigure({ queues: ['a', 'no good'] })).toThrow(ValidationError);
  expect(() => worker!.reconfigure({ concurrency: 0 })).toThrow(ValidationError);
  expect([worker.concurrency, worker.queues]).toEqual([3, ['a']]);

  // The fourth task of queue a waits; serving only b (with two more slots) starts b's two at once.
  const more = started(worker, 2);
  worker.reconfigure({ concurrency: 5, queues: ['b'] });
  expect(await more).toEqual(['b', 'b']);
  expect(reconfigured).toEqual([
    { concurrency: 3, prefetch: 0, queues: ['a'] },
    { concurrency: 5, prefetch: 0, queues: ['b'] },
  ]);
});
