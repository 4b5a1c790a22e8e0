/**
 * SQLite wake-ups across processes: an idle worker whose poll is 60 s starts a task enqueued by
 * another process at once, so the pickup can only have come from the WAL watch. Latency is read
 * from the task's own events (created -> claimed).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { killAll, spawnCli, waitFor, type Spawned } from '../helpers/processes.js';
import { tempDir } from '../helpers/stores.js';

let dir: string;
let store: Store;
let engine: Engine;
let worker: Spawned;

beforeAll(async () => {
  dir = tempDir();
  const db = `sqlite:${path.join(dir, 'wake.db')}`;
  store = await openStore(db);
  engine = new Engine({ store });
  // Debug logs: the worker says when it goes idle.
  worker = spawnCli(['--db', db, 'worker', '--module', 'test/fixtures/recording-handlers.mjs', '--poll', '60s', '--no-maintenance'], { TASKFRAME_LOG_LEVEL: 'debug' });
  await waitFor(async () => /serving default/.test(worker.stderr()), 'the worker to start');
});
afterAll(async () => {
  killAll();
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('an idle worker in another process starts each new task on a wake-up, not its 60 s poll', async () => {
  const lat: number[] = [];
  const idleLines = () => worker.stderr().split('\n').filter((l) => l.includes('"msg":"idle: waiting for a wake-up')).length;
  for (let i = 0; i < 5; i++) {
    const idleBefore = idleLines();
    const t = await engine.enqueue('quick', { n: i });
    const done = await waitFor(async () => {
      const x = await engine.get(t.id);
      return x.state === 'succeeded' ? x : null;
    }, `task ${t.id} to finish`, 20_000, 10);
    expect(done.result).toEqual({ n: i });
    const ev = await engine.events([t.id]);
    lat.push(ev.find((e) => e.type === 'claimed')!.at - ev.find((e) => e.type === 'created')!.at);
    // Idle again before the next one, so each pickup needs its own wake-up.
    await waitFor(async () => idleLines() > idleBefore, 'the worker to say it is idle again', 20_000, 10);
  }
  console.log(`SQLite enqueue-to-claim across processes (ms): ${lat.join(', ')}`);
  expect(Math.max(...lat)).toBeLessThan(5_000);
});

it('a delayed task is started when due, though the worker polls every 60 s', async () => {
  const t = await engine.enqueue('quick', { n: 'later' }, { delay: 600 });
  const done = await waitFor(async () => {
    const x = await engine.get(t.id);
    return x.state === 'succeeded' ? x : null;
  }, 'the delayed task to finish', 20_000, 20);
  const claimed = (await engine.events([t.id])).find((e) => e.type === 'claimed')!;
  expect(claimed.at).toBeGreaterThanOrEqual(t.runAt);
  expect(claimed.at - t.runAt).toBeLessThan(5_000);
  expect(done.result).toEqual({ n: 'later' });
});
