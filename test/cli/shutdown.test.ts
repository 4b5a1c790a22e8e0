/** `taskframe worker` on SIGTERM/SIGINT: stops claiming, lets in-flight work finish, gives back the rest. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { openStore } from '../../src/store/open.js';
import { killAll, spawnCli, waitFor } from '../helpers/processes.js';
import { tempDir } from '../helpers/stores.js';

afterEach(() => killAll());

it.each(['SIGTERM', 'SIGINT'] as const)('on %s in-flight tasks finish within the grace period, tasks over it are given back unused', async (signal) => {
  const dir = tempDir();
  const db = `sqlite:${path.join(dir, 'stop.db')}`;
  const store = await openStore(db);
  const engine = new Engine({ store });
  const short = await engine.enqueueMany(Array.from({ length: 4 }, () => ({ name: 'slow', payload: { ms: 400 }, priority: 1 })));
  const long = await engine.enqueueMany(Array.from({ length: 2 }, () => ({ name: 'slow', payload: { ms: 60_000 } })));
  const queued = await engine.enqueueMany(Array.from({ length: 10 }, () => ({ name: 'slow', payload: { ms: 10 }, priority: -1 })));
  const w = spawnCli(['--db', db, 'worker', '--module', 'test/fixtures/recording-handlers.mjs', '--concurrency', '6', '--grace', '2s', '--id', 'stopper'], {
    TF_RUN_LOG: path.join(dir, 'runs.log'),
  });
  // Six running (4 short, 2 long), the rest buffered or queued.
  await waitFor(async () => fs.existsSync(path.join(dir, 'runs.log')) && fs.readFileSync(path.join(dir, 'runs.log'), 'utf8').split('\n').filter(Boolean).length >= 6, 'six tasks to start');
  w.child.kill(signal);
  expect(await w.exited).toBe(0);
  expect(w.stderr()).toMatch(new RegExp(`worker stopped \\(${signal}\\)`));

  for (const t of short) expect((await engine.get(t.id)).state).toBe('succeeded');
  for (const t of long) {
    const back = await engine.get(t.id);
    expect(back).toMatchObject({ state: 'pending', attempt: 0, workerId: null });
    expect((await engine.events([t.id])).map((e) => e.type)).toEqual(['created', 'claimed', 'unclaimed']);
  }
  // Nothing it had prefetched stays claimed, and nothing new started after the signal.
  for (const t of queued) expect((await engine.get(t.id)).state).toBe('pending');
  expect(await engine.countLive()).toEqual({ pending: 12 });
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
