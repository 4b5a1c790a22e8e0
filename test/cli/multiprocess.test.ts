/**
 * Real worker processes on one SQLite file: sharing work without double runs, and surviving a
 * SIGKILL mid-task with nothing lost.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { Engine } from '../../src/engine/engine.js';
import { killAll, spawnCli, waitFor } from '../helpers/processes.js';
import { tempDir } from '../helpers/stores.js';

const HANDLERS = 'test/fixtures/recording-handlers.mjs';

function runLog(file: string): Array<{ id: string; attempt: number; pid: number }> {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [id, attempt, pid] = l.split(' ');
      return { id: id!, attempt: Number(attempt), pid: Number(pid) };
    });
}

describe('worker processes on one SQLite file', () => {
  afterEach(() => killAll());

  it('two workers share 10,000 tasks and never run one twice', async () => {
    const dir = tempDir();
    const db = `sqlite:${path.join(dir, 'shared.db')}`;
    const log = path.join(dir, 'runs.log');
    const store = await openStore(db);
    const engine = new Engine({ store });
    for (let i = 0; i < 10_000; i += 1000) {
      await engine.enqueueMany(Array.from({ length: 1000 }, (_, j) => ({ name: 'quick', payload: { n: i + j } })));
    }
    const env = { TF_RUN_LOG: log };
    const a = spawnCli(['--db', db, 'worker', '--module', HANDLERS, '--concurrency', '20', '--drain', '--id', 'wa'], env);
    const b = spawnCli(['--db', db, 'worker', '--module', HANDLERS, '--concurrency', '20', '--drain', '--id', 'wb'], env);
    expect(await a.exited).toBe(0);
    expect(await b.exited).toBe(0);

    const runs = runLog(log);
    const ids = new Set(runs.map((r) => r.id));
    expect(runs).toHaveLength(10_000);
    expect(ids.size).toBe(10_000);
    const pids = new Set(runs.map((r) => r.pid));
    expect(pids.size).toBe(2);
    expect(await engine.countLive()).toEqual({});
    const done = await engine.list({ states: ['succeeded'], limit: 10_000 });
    expect(done).toHaveLength(10_000);
    // Both processes did a real share of the work.
    const byWorker = new Map<string, number>();
    for (const t of done) byWorker.set(t.workerId!, (byWorker.get(t.workerId!) ?? 0) + 1);
    expect([...byWorker.keys()].sort()).toEqual(['wa', 'wb']);
    for (const n of byWorker.values()) expect(n).toBeGreaterThan(500);
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a worker killed with SIGKILL mid-task loses nothing: its tasks run again after the lease expires', async () => {
    const dir = tempDir();
    const db = `sqlite:${path.join(dir, 'crash.db')}`;
    const log = path.join(dir, 'runs.log');
    const store = await openStore(db);
    const engine = new Engine({ store });
    await engine.enqueueMany(Array.from({ length: 1000 }, () => ({ name: 'slow', payload: { ms: 20 } })));
    const env = { TF_RUN_LOG: log };

    const victim = spawnCli(['--db', db, 'worker', '--module', HANDLERS, '--concurrency', '16', '--lease', '2s', '--id', 'victim'], env);
    // Kill it in the middle of the run, while it holds tasks.
    await waitFor(async () => runLog(log).length >= 200 && (await engine.countLive())['running'], 'the victim to be mid-run');
    victim.child.kill('SIGKILL');
    await victim.exited;

    // With the victim dead, the store says exactly which tasks were in flight under its lease.
    const inFlight = (await engine.list({ states: ['running'], limit: 1000 })).filter((t) => t.workerId === 'victim').map((t) => t.id);
    expect(inFlight.length).toBeGreaterThan(0);

    const rescuer = spawnCli(['--db', db, 'worker', '--module', HANDLERS, '--concurrency', '16', '--lease', '2s', '--drain', '--id', 'rescuer'], env);
    expect(await rescuer.exited).toBe(0);

    const all = await engine.list({ limit: 2000 });
    expect(all).toHaveLength(1000);
    expect(all.every((t) => t.state === 'succeeded')).toBe(true);
    const events = await engine.events(all.map((t) => t.id), 100_000);
    const expired = new Set(events.filter((e) => e.type === 'lease_expired').map((e) => e.taskId));
    expect([...expired].sort()).toEqual([...inFlight].sort());
    for (const e of events.filter((x) => x.type === 'lease_expired')) expect(e.workerId).toBe('victim');
    // Only those tasks ran twice; every other task ran exactly once.
    const runs = runLog(log);
    const count = new Map<string, number>();
    for (const r of runs) count.set(r.id, (count.get(r.id) ?? 0) + 1);
    for (const t of all) {
      const n = count.get(t.id) ?? 0;
      if (expired.has(t.id)) expect(t.attempt).toBe(2);
      else expect(n).toBe(1);
    }
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
