import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { ManualClock } from '../../src/model/clock.js';
import { TriggerScheduler } from '../../src/scheduler/triggers.js';
import { parseWorkflow } from '../../src/workflow/parse.js';
import { freshSqlite, tempDir, type TestStore } from '../helpers/stores.js';

let ts: TestStore;
let dirs: string[] = [];
afterEach(async () => {
  await ts?.cleanup();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  dirs = [];
});

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5, 0, 0, 0); // a Monday, winter (Paris = UTC+1)

async function setup(yaml: string, file?: string, leaderTtlMs = 10 * 60_000) {
  ts = await freshSqlite();
  const clock = new ManualClock(T0);
  const engine = new Engine({ store: ts.store, clock });
  const wf = parseWorkflow(yaml, { file: file ?? 'w.yaml' });
  const sched = new TriggerScheduler(engine, { holderId: 'test', workflows: [wf], graceMs: 10_000, leaderTtlMs });
  return { clock, engine, sched, wf };
}

const task = 'tasks:\n  a: { command: "true" }\n';

describe('cron and @every triggers, on an injected clock', () => {
  it('fires at each cron time (5 fields), not before, not twice', async () => {
    const { clock, sched, engine } = await setup(`name: c\ntriggers:\n  - cron: "*/5 * * * *"\n${task}`);
    expect(await sched.runOnce()).toHaveLength(0); // first sight: history does not fire
    clock.advance(4 * MIN);
    expect(await sched.runOnce()).toHaveLength(0);
    clock.advance(MIN);
    const [run] = await sched.runOnce();
    expect(run!.trigger).toBe('cron: */5 * * * *');
    expect(await sched.runOnce()).toHaveLength(0);
    clock.advance(5 * MIN + 1000);
    expect(await sched.runOnce()).toHaveLength(1);
    expect(await engine.runs.list({ name: 'c', limit: 10 })).toHaveLength(2);
  });

  it('6 fields (seconds) and a time zone', async () => {
    const { clock, sched } = await setup(`name: tz\ntriggers:\n  - cron: "0 30 6 * * *"\n    timezone: Europe/Paris\n${task}`);
    await sched.runOnce();
    clock.set(Date.UTC(2026, 0, 5, 5, 29, 59));
    expect(await sched.runOnce()).toHaveLength(0);
    clock.set(Date.UTC(2026, 0, 5, 5, 30, 0)); // 06:30 in Paris
    expect(await sched.runOnce()).toHaveLength(1);
  });

  it('without a time zone, cron times are UTC whatever the process zone', async () => {
    const tz = process.env.TZ;
    process.env.TZ = 'Asia/Tokyo';
    try {
      const { clock, sched } = await setup(`name: utc\ntriggers:\n  - cron: "0 9 * * *"\n${task}`);
      clock.set(Date.UTC(2026, 0, 4, 23, 0, 0));
      await sched.runOnce();
      clock.set(Date.UTC(2026, 0, 5, 0, 30, 0)); // past 09:00 in Tokyo (00:00 UTC), not in UTC
      expect(await sched.runOnce()).toHaveLength(0);
      clock.set(Date.UTC(2026, 0, 5, 9, 0, 0));
      expect(await sched.runOnce()).toHaveLength(1);
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it('@every fires on its period', async () => {
    const { clock, sched } = await setup(`name: e\ntriggers:\n  - every: "@every 1m"\n${task}`);
    await sched.runOnce();
    clock.advance(59_000);
    expect(await sched.runOnce()).toHaveLength(0);
    clock.advance(1000);
    expect(await sched.runOnce()).toHaveLength(1);
  });

  it('every: never two starts closer than the period, whatever the phase of the passes', async () => {
    const { clock, sched, engine } = await setup(`name: p\ntriggers:\n  - every: 2s\n${task}`);
    await sched.runOnce(); // first sight, at T0
    clock.set(T0 + 2900); // a pass late in its second
    expect(await sched.runOnce()).toHaveLength(1);
    clock.set(T0 + 4100); // the grid's next time (T0+4s) has passed, but only 1.2 s since the start
    expect(await sched.runOnce()).toHaveLength(0);
    clock.set(T0 + 4899);
    expect(await sched.runOnce()).toHaveLength(0);
    clock.set(T0 + 4900);
    expect(await sched.runOnce()).toHaveLength(1);
    const starts = (await engine.runs.list({ name: 'p', limit: 10 })).map((r) => r.createdAt).sort();
    expect(starts).toEqual([T0 + 2900, T0 + 4900]);
  });

  it('every: a restarted scheduler (another holder, another phase) waits a whole period after the last start', async () => {
    const first = await setup(`name: r\ntriggers:\n  - every: 2s\n${task}`, undefined, 1000);
    await first.sched.runOnce();
    first.clock.set(T0 + 2900);
    expect(await first.sched.runOnce()).toHaveLength(1);
    // It is killed; a new one takes over once the leader lease has run out.
    const second = new TriggerScheduler(first.engine, { holderId: 'restarted', workflows: [first.wf], graceMs: 10_000, leaderTtlMs: 1000 });
    first.clock.set(T0 + 4100);
    expect(await second.runOnce()).toHaveLength(0);
    expect(second.isLeader).toBe(true);
    first.clock.set(T0 + 4900);
    expect(await second.runOnce()).toHaveLength(1);
    first.clock.set(T0 + 5000);
    expect(await second.runOnce()).toHaveLength(0);
    first.clock.set(T0 + 6900);
    expect(await second.runOnce()).toHaveLength(1);
  });

  it('every: after downtime, catchup skip waits for the next fire time; catchup once starts one run at once', async () => {
    const skip = await setup(`name: es\ntriggers:\n  - every: 1m\n${task}`);
    const why: string[] = [];
    skip.sched.on('skipped', (_w, _t, r) => why.push(r));
    await skip.sched.runOnce();
    skip.clock.advance(10 * MIN + 30_000); // down for ten minutes
    expect(await skip.sched.runOnce()).toHaveLength(0);
    expect(why).toEqual(['missed']);
    skip.clock.advance(29_000);
    expect(await skip.sched.runOnce()).toHaveLength(0);
    skip.clock.advance(1000); // the next fire time of its grid
    expect(await skip.sched.runOnce()).toHaveLength(1);
    await ts.cleanup();

    const once = await setup(`name: eo\ncatchup: once\ntriggers:\n  - every: 1m\n${task}`);
    await once.sched.runOnce();
    once.clock.advance(10 * MIN + 30_000);
    expect(await once.sched.runOnce()).toHaveLength(1);
    once.clock.advance(59_000);
    expect(await once.sched.runOnce()).toHaveLength(0);
    once.clock.advance(1000);
    expect(await once.sched.runOnce()).toHaveLength(1);
  });

  it('after downtime: catchup skip drops missed times, catchup once runs once', async () => {
    const skip = await setup(`name: s\ncatchup: skip\ntriggers:\n  - cron: "*/5 * * * *"\n${task}`);
    const missed: string[] = [];
    skip.sched.on('skipped', (_w, _t, why) => missed.push(why));
    await skip.sched.runOnce();
    skip.clock.advance(3 * 60 * MIN + 2 * MIN); // down for three hours
    expect(await skip.sched.runOnce()).toHaveLength(0);
    expect(missed).toEqual(['missed']);
    skip.clock.advance(3 * MIN); // the next time comes on time
    expect(await skip.sched.runOnce()).toHaveLength(1);
    await ts.cleanup();

    const once = await setup(`name: o\ncatchup: once\ntriggers:\n  - cron: "*/5 * * * *"\n${task}`);
    await once.sched.runOnce();
    once.clock.advance(3 * 60 * MIN + 2 * MIN);
    expect(await once.sched.runOnce()).toHaveLength(1);
    expect(await once.sched.runOnce()).toHaveLength(0);
  });

  it('overlap: forbid skips a fire time while a run is still running', async () => {
    const { clock, sched } = await setup(`name: f\noverlap: forbid\ntriggers:\n  - every: 1m\n${task}`);
    const why: string[] = [];
    sched.on('skipped', (_w, _t, r) => why.push(r));
    await sched.runOnce();
    clock.advance(MIN);
    expect(await sched.runOnce()).toHaveLength(1); // nobody works it: it stays running
    clock.advance(MIN);
    expect(await sched.runOnce()).toHaveLength(0);
    expect(why).toEqual(['overlap']);
  });

  it('overlap: forbid waits for a run\'s work, not for its bookkeeping held by a worker that died', async () => {
    const { clock, sched, engine } = await setup(`name: fb\noverlap: forbid\ntriggers:\n  - every: 1m\n${task}`);
    const why: string[] = [];
    sched.on('skipped', (_w, _t, r) => why.push(r));
    await sched.runOnce();
    clock.advance(MIN);
    const [run] = await sched.runOnce();
    // A worker (in a scheduler process, say) takes the run's task: the run is in progress.
    const [work] = await engine.claim({ queues: ['default'], workerId: 'sched-1', limit: 1, leaseMs: 10 * MIN });
    clock.advance(MIN);
    expect(await sched.runOnce()).toHaveLength(0);
    expect(why).toEqual(['overlap']);
    // The work is done; the same worker takes the task that records the run's end, and dies.
    await engine.complete({ id: work!.id, leaseToken: work!.leaseToken, result: null });
    const [bookkeeping] = await engine.claim({ queues: ['default'], workerId: 'sched-1', limit: 1, leaseMs: 10 * MIN });
    expect(bookkeeping!.runId).toBe(run!.id);
    expect((await engine.runs.get(run!.id)).state).toBe('running');
    // Its lease has minutes to go, but nothing of the run is left to do: the next one starts.
    clock.advance(MIN);
    expect(await sched.runOnce()).toHaveLength(1);
  });

  it('only the leader fires', async () => {
    const { clock, engine, sched, wf } = await setup(`name: l\ntriggers:\n  - every: 1m\n${task}`);
    const other = new TriggerScheduler(engine, { holderId: 'other', workflows: [wf] });
    await sched.runOnce();
    clock.advance(MIN);
    expect(await other.runOnce()).toHaveLength(0);
    expect(other.isLeader).toBe(false);
    expect(await sched.runOnce()).toHaveLength(1);
    // The leader stops renewing: another takes over once its lease has run out.
    clock.advance(11 * MIN);
    expect(await other.runOnce()).toHaveLength(1);
    expect(other.isLeader).toBe(true);
  });
});

describe('RunIf and after triggers', () => {
  it('polls the condition at its interval, holding no task between polls, and starts a run on exit 0', async () => {
    const dir = tempDir('taskframe-runif-');
    dirs.push(dir);
    const file = path.join(dir, 'w.yaml');
    const { clock, sched, engine } = await setup(`name: r\ntriggers:\n  - if: test -f ./ready\n    interval: 30s\n${task}`, file);
    const polls: boolean[] = [];
    sched.on('polled', (_w, _t, ok) => polls.push(ok));
    expect(await sched.runOnce()).toHaveLength(0);
    expect(polls).toEqual([false]);
    clock.advance(29_000);
    expect(await sched.runOnce()).toHaveLength(0);
    expect(polls).toEqual([false]); // not due yet: no poll
    expect(await engine.list({ limit: 10 })).toEqual([]);
    fs.writeFileSync(path.join(dir, 'ready'), '');
    clock.advance(1000);
    const [run] = await sched.runOnce();
    expect(polls).toEqual([false, true]);
    expect(run!.trigger).toBe('if: test -f ./ready');
  });

  it('after: starts when another workflow run succeeds', async () => {
    const { clock, sched, engine } = await setup(`name: downstream\ntriggers:\n  - after: upstream\n${task}`);
    await sched.runOnce();
    clock.advance(1000);
    await engine.runs.submit({ id: 'up-1', name: 'upstream', spec: {}, inputs: null, trigger: null }, []);
    expect(await sched.runOnce()).toHaveLength(0);
    clock.advance(1000);
    await engine.runs.finish('up-1', { state: 'succeeded', outputs: null });
    expect(await sched.runOnce()).toHaveLength(1);
    expect(await sched.runOnce()).toHaveLength(0);
  });

  it('after: also starts when a task of that name succeeds', async () => {
    const { clock, sched, engine } = await setup(`name: downstream\ntriggers:\n  - after: nightly.import\n${task}`);
    await sched.runOnce();
    clock.advance(1000);
    const t = await engine.enqueue('nightly.import');
    const [claimed] = await engine.claim({ queues: ['default'], workerId: 'w', limit: 1, leaseMs: 60_000 });
    expect(claimed!.id).toBe(t.id);
    expect(await sched.runOnce()).toHaveLength(0);
    await engine.complete({ id: claimed!.id, leaseToken: claimed!.leaseToken, result: null });
    expect(await sched.runOnce()).toHaveLength(1);
    expect(await sched.runOnce()).toHaveLength(0);
  });
});
