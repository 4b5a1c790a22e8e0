/**
 * End to end with the `local` provider: the built CLI runs `taskframe autoscale`, which starts
 * real `taskframe worker` processes. A burst makes the count rise at the very next decision,
 * the backlog drains, the count falls back to the minimum after the cool-down while a trickle
 * of tasks keeps the stopping workers busy, and every task ran exactly once (counted from the
 * workers' own log) with no attempt burned. A killed autoscaler leaves no worker behind, and
 * its workers finish what they hold first.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AutoscaleRecord } from '../../src/autoscale/record.js';
import { AutoscaleAccess } from '../../src/autoscale/engine-access.js';
import { Engine } from '../../src/engine/engine.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { killAll, runCli, spawnCli, waitFor, type Spawned } from '../helpers/processes.js';
import { tempDir } from '../helpers/stores.js';

const INTERVAL_MS = 500;
const COOLDOWN_MS = 3000;

let dir: string;
let db: string;
let store: Store;
let engine: Engine;
let access: AutoscaleAccess;

beforeEach(async () => {
  dir = tempDir('tf-autoscale-e2e-');
  db = `sqlite:${path.join(dir, 'e2e.db')}`;
  store = await openStore(db);
  engine = new Engine({ store });
  access = new AutoscaleAccess(engine);
});
afterEach(async () => {
  killAll();
  // Workers the autoscaler started are not our children: any left over go the same way.
  for (const pid of workerPids()) process.kill(pid, 'SIGKILL');
  await engine.flush();
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function writeConfig(min: number, max: number): string {
  const file = path.join(dir, 'taskframe.yaml');
  fs.writeFileSync(
    file,
    `store:
  url: ${db}
autoscale:
  interval: ${INTERVAL_MS}ms
  leaderTtl: 5s
  id: scaler
  groups:
    - name: burst
      concurrency: 4
      policy:
        minWorkers: ${min}
        maxWorkers: ${max}
        latencyTarget: 2s
        defaultServiceTime: 300ms
        smoothing: 2s
        scaleDown: { cooldown: ${COOLDOWN_MS}ms, maxStep: 0.5, idleBeforeZero: 1m }
      provider:
        type: local
        command: [taskframe, --db, "{db}", worker, --module, test/fixtures/recording-handlers.mjs, --queue, "{queues}",
                  --concurrency, "{concurrency}", --grace, 15s, --poll, 50ms, --id, "{id}", --no-maintenance]
        stopTimeout: 30s
        output: ${path.join(dir, 'workers.log')}
`,
  );
  return file;
}

const record = async (): Promise<AutoscaleRecord | null> => (await access.read()).record;
const group = async () => (await record())?.groups.burst ?? null;
const workersLog = () => (fs.existsSync(path.join(dir, 'workers.log')) ? fs.readFileSync(path.join(dir, 'workers.log'), 'utf8') : '');

function startAutoscaler(min: number, max: number): Spawned {
  // The store and the holder id come from the file (store.url, autoscale.id), like any setting.
  return spawnCli(['autoscale', '--config', writeConfig(min, max)], { TF_RUN_LOG: path.join(dir, 'runs.log'), TASKFRAME_LOG_LEVEL: 'warn' });
}

describe('autoscale with the local provider (real worker processes)', () => {
  it('a burst scales up at the next decision, drains, scales back to the minimum after the cool-down; every task ran exactly once', async () => {
    const scaler = startAutoscaler(1, 4);
    await waitFor(async () => (await group())?.workers?.running === 1, 'the minimum of one worker to run');

    // The burst: 160 tasks of 300 ms = 48 s of work, to start within 2 s.
    const burst = await engine.enqueueMany(Array.from({ length: 160 }, (_, i) => ({ name: 'slow', queue: 'burst', payload: { ms: 300, i } })));
    const t0 = Date.now();
    const up = await waitFor(async () => (await group())?.history.find((d) => d.at >= t0), 'the first decision after the burst');
    // The very next decision asked for more (all 4: the need is far above the maximum).
    expect(up).toMatchObject({ from: 1, desired: 4 });
    expect(up.at - t0).toBeLessThanOrEqual(2 * INTERVAL_MS + 1000);
    await waitFor(async () => (await group())?.workers?.running === 4, 'four workers to serve');

    // Drained.
    await waitFor(async () => ((await engine.countLive(['burst'])).pending ?? 0) === 0, 'the backlog to drain');
    const drainedAt = Date.now();

    // A trickle of tasks while the count falls, so the workers asked to stop hold work.
    const trickle: string[] = [];
    let trickling = true;
    const feeding = (async () => {
      while (trickling) {
        trickle.push((await engine.enqueue('slow', { ms: 400 }, { queue: 'burst' })).id);
        await new Promise((r) => setTimeout(r, 150));
      }
    })();
    const down = await waitFor(async () => {
      const g = await group();
      return g && g.last.desired === 1 && g.workers?.running === 1 && g.workers.stopping === 0 ? g : null;
    }, 'the count to fall back to the minimum', 45_000);
    trickling = false;
    await feeding;
    // Not before the cool-down: the first step down came at least that long after the last scale-up.
    const steps = down.history.filter((d) => d.desired < d.from);
    expect(steps.length).toBeGreaterThanOrEqual(1);
    expect(steps.at(-1)!.at - up.at).toBeGreaterThanOrEqual(COOLDOWN_MS);
    expect(Math.min(...steps.map((d) => d.at))).toBeGreaterThanOrEqual(drainedAt - COOLDOWN_MS);
    for (const d of steps) expect(d.rule).toBe('down');

    // Everything finishes; the stopped workers exited on SIGTERM after finishing what they held.
    await waitFor(async () => Object.keys(await engine.countLive(['burst'])).length === 0, 'every task to finish');
    const ids = [...burst.map((t) => t.id), ...trickle];
    const runs = fs.readFileSync(path.join(dir, 'runs.log'), 'utf8').trim().split('\n').map((l) => l.split(' '));
    const perTask = new Map<string, number>();
    for (const [id] of runs) perTask.set(id!, (perTask.get(id!) ?? 0) + 1);
    expect([...perTask.keys()].sort()).toEqual([...ids].sort());
    expect([...perTask.values()].every((n) => n === 1)).toBe(true);
    expect(runs.every(([, attempt]) => attempt === '1')).toBe(true);
    for (const t of await engine.list({ queue: 'burst', limit: 10_000 })) expect(t).toMatchObject({ state: 'succeeded', attempt: 1 });
    expect(new Set(runs.map(([, , pid]) => pid)).size).toBeGreaterThanOrEqual(4);
    expect(workersLog().match(/worker stopped \(SIGTERM\)/g)?.length).toBeGreaterThanOrEqual(3);

    // `autoscale status` says why: the last decision and the changes.
    const status = await runCli(['--db', db, 'autoscale', 'status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/leader scaler;/);
    expect(status.stdout).toMatch(/group burst \(queues burst; provider local\)/);
    expect(status.stdout).toMatch(/1 -> 4 {2}\[max\] {2}1 → 4 \(capped at maxWorkers 4\): need \d+ \(4 slots per worker\): \d+ ready/);
    expect(status.stdout).toMatch(/-> 1 {2}\[down\]/);

    // Stopping the autoscaler stops its last worker gracefully.
    scaler.child.kill('SIGTERM');
    expect(await scaler.exited).toBe(0);
    expect(scaler.stderr()).toContain('autoscaler stopped');
    const served = workersLog().match(/serving burst/g)?.length ?? 0;
    expect(workersLog().match(/worker stopped \(SIGTERM\)/g)?.length).toBe(served);
  });

  it('a killed autoscaler leaves no worker behind: they finish what they hold and stop on their own', async () => {
    const scaler = startAutoscaler(2, 2);
    await waitFor(async () => (await group())?.workers?.running === 2, 'two workers to run');
    const workers = workerPids();
    expect(workers).toHaveLength(2);
    const held = await engine.enqueueMany(Array.from({ length: 2 }, () => ({ name: 'slow', queue: 'burst', payload: { ms: 1500 } })));
    await waitFor(async () => ((await engine.countLive(['burst'])).running ?? 0) === 2, 'both tasks to be running');
    scaler.child.kill('SIGKILL');
    await waitFor(async () => workers.every((pid) => !alive(pid)), 'both workers to exit');
    for (const t of held) expect(await engine.get(t.id)).toMatchObject({ state: 'succeeded', attempt: 1 });
  });
});

/** The worker processes of this test's store (their command line names its file). */
function workerPids(): number[] {
  const out: number[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
      if (cmd.includes(db) && cmd.includes('worker')) out.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
