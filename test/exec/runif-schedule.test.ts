/**
 * [RunIf] cron= / every=: a unit starts on its schedule through the trigger scheduler (one
 * cron loop for workflows and units), on an injected clock. Each fire is a run `unit:NAME`
 * with one task of the unit; its Requires= conditions still decide on the worker. Each unit
 * has its own leader lease. Through the CLI: `taskframe worker --units` fires them, and a bad
 * cron is refused with file and line before the store is touched.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { ManualClock } from '../../src/model/clock.js';
import { createLogger } from '../../src/logger.js';
import { TriggerScheduler } from '../../src/scheduler/triggers.js';
import { scheduleUnits } from '../../src/scheduler/unit-triggers.js';
import { Worker } from '../../src/worker/worker.js';
import { loadUnitHandlers, type UnitHandlers } from '../../src/worker/runners/unit-handlers.js';
import { workflowHandlers } from '../../src/workflow/handlers.js';
import { parseWorkflow } from '../../src/workflow/parse.js';
import { loadUnitDir } from '../../src/units/load.js';
import { killAll, runCli, spawnCli, waitFor } from '../helpers/processes.js';
import { freshSqlite, tempDir, type TestStore } from '../helpers/stores.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5, 0, 0, 0);

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  killAll();
  for (const c of cleanups.splice(0).reverse()) await c();
});

function unitsDir(files: Record<string, string>): string {
  const dir = tempDir('taskframe-runif-');
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const [n, t] of Object.entries(files)) fs.writeFileSync(path.join(dir, n), t);
  return dir;
}

async function setup(files: Record<string, string>) {
  const dir = unitsDir(files);
  const ts: TestStore = await freshSqlite();
  const clock = new ManualClock(T0);
  const engine = new Engine({ store: ts.store, clock });
  const units: UnitHandlers = loadUnitHandlers(engine, dir, { stateDir: path.join(dir, '.state') });
  const worker = new Worker(engine, { handlers: workflowHandlers(engine, units.handlers), pollIntervalMs: 20, logger: createLogger({ level: 'silent' }) }).start();
  cleanups.push(async () => {
    await worker.stop(2000);
    await units.close();
    await ts.cleanup();
  });
  return { dir, clock, engine, units };
}

const HEARTBEAT = `[RunIf]\ncron="*/5 * * * *" # every five minutes\n[Command]\ncommand="sh -c 'echo beat $TASKFRAME_RUN_ID >> beats.log'"\n`;

describe('[RunIf] cron= and every=', () => {
  it('a unit starts on its cron schedule, as a run with one task of the unit, never before and never twice', async () => {
    const { dir, clock, engine, units } = await setup({ 'heartbeat.service': HEARTBEAT, 'plain.service': '[Command]\ncommand=true\n' });
    const sched = scheduleUnits(engine, units.units, { holderId: 'h1', graceMs: 10_000 })!;
    expect(await sched.runOnce()).toEqual([]); // first sight: history does not fire
    clock.advance(4 * MIN);
    expect(await sched.runOnce()).toEqual([]);
    clock.advance(MIN);
    const [run] = await sched.runOnce();
    expect(run).toMatchObject({ name: 'unit:heartbeat', trigger: 'cron: */5 * * * *' });
    expect(await sched.runOnce()).toEqual([]);
    expect((await engine.runs.wait(run!.id, { intervalMs: 10 })).state).toBe('succeeded');
    const [task] = await engine.list({ runId: run!.id, name: 'heartbeat' });
    expect(task).toMatchObject({ state: 'succeeded', name: 'heartbeat' });
    expect(fs.readFileSync(path.join(dir, 'beats.log'), 'utf8')).toBe(`beat ${run!.id}\n`);
    clock.advance(5 * MIN);
    expect(await sched.runOnce()).toHaveLength(1);
    // Only units with a schedule are scheduled.
    expect(await engine.runs.list({ name: 'unit:plain', limit: 10 })).toEqual([]);
    expect(scheduleUnits(engine, [units.units.get('plain')!], { holderId: 'h1' })).toBeNull();
  });

  it('every= fires on its period; a Requires= condition saying no ends the scheduled task skipped and the run succeeded', async () => {
    const { clock, engine, units } = await setup({ 'gated.service': `[RunIf]\nevery=1m\nRequires=sh -c 'echo nothing to do; exit 1'\n[Command]\ncommand="sh -c 'touch gated.marker'"\n` });
    const sched = scheduleUnits(engine, units.units, { holderId: 'h1' })!;
    await sched.runOnce();
    clock.advance(59_000);
    expect(await sched.runOnce()).toEqual([]);
    clock.advance(1000);
    const [run] = await sched.runOnce();
    expect(run).toMatchObject({ name: 'unit:gated', trigger: 'every: 1m' });
    expect((await engine.runs.wait(run!.id, { intervalMs: 10 })).state).toBe('succeeded');
    const [task] = await engine.list({ runId: run!.id, name: 'gated' });
    expect(task).toMatchObject({ state: 'skipped', error: { kind: 'RUN_CONDITION', message: `run condition "sh -c 'echo nothing to do; exit 1'" of unit gated said no (exit 1): nothing to do` } });
  });

  it('overlap=forbid skips a fire time while the previous start still runs', async () => {
    const { clock, engine, units } = await setup({ 'slow.service': `[RunIf]\nevery=1m\noverlap=forbid\n[Command]\ncommand=true\n` });
    // No worker takes the "nobody" queue: the first run stays running.
    const sched = scheduleUnits(engine, units.units, { holderId: 'h1', queue: 'nobody' })!;
    const why: string[] = [];
    sched.on('skipped', (_w, _t, r) => why.push(r));
    await sched.runOnce();
    clock.advance(MIN);
    expect(await sched.runOnce()).toHaveLength(1);
    clock.advance(MIN);
    expect(await sched.runOnce()).toHaveLength(0);
    expect(why).toEqual(['overlap']);
  });

  it('one leader lease per unit: a unit fires once across workers, and workflow triggers and units never silence each other', async () => {
    const { clock, engine, units } = await setup({ 'heartbeat.service': HEARTBEAT });
    const a = scheduleUnits(engine, units.units, { holderId: 'a', leaderTtlMs: 10 * MIN })!;
    const b = scheduleUnits(engine, units.units, { holderId: 'b', leaderTtlMs: 10 * MIN })!;
    // `taskframe schedule wf.yaml` elsewhere, under the default workflow leader lease.
    const wf = parseWorkflow('name: nightly\ntriggers:\n  - cron: "*/5 * * * *"\ntasks:\n  a: { command: "true" }\n', { file: 'w.yaml' });
    const workflows = new TriggerScheduler(engine, { holderId: 'w', workflows: [wf], leaderTtlMs: 10 * MIN });
    await a.runOnce();
    await b.runOnce();
    await workflows.runOnce();
    clock.advance(5 * MIN);
    const fired = [...(await b.runOnce()), ...(await a.runOnce()), ...(await workflows.runOnce())];
    expect(fired.map((r) => r.name).sort()).toEqual(['nightly', 'unit:heartbeat']);
    expect([a.isLeader, b.isLeader, workflows.isLeader]).toEqual([true, false, true]);
    await a.stop(); // resigns: the other takes over at once
    clock.advance(5 * MIN);
    expect((await b.runOnce()).map((r) => r.name)).toEqual(['unit:heartbeat']);
  });
});

describe('through the CLI', () => {
  it('`taskframe worker --units` starts a unit on its every= schedule', async () => {
    const dir = unitsDir({ 'tick.service': `[RunIf]\nevery=1s\n[Command]\ncommand="sh -c 'echo tick >> ticks.log'"\n` });
    const db = `sqlite:${path.join(dir, 'tf.db')}`;
    const w = spawnCli(['--db', db, 'worker', '--units', dir, '--poll', '50ms'], { TMPDIR: dir });
    await waitFor(async () => fs.existsSync(path.join(dir, 'ticks.log')), 'the first scheduled tick', 20_000);
    w.child.kill('SIGTERM');
    expect(await w.exited).toBe(0);
    expect(w.stderr()).toMatch(/started run-\S+ \(unit:tick, every: 1s\)/);
    const runs = await runCli(['--db', db, 'runs', '--json']);
    expect(JSON.parse(runs.stdout).runs[0]).toMatchObject({ name: 'unit:tick', trigger: 'every: 1s' });
  });

  it('a bad cron in a unit is refused with file and line, exit 2, and no store is created', async () => {
    const dir = unitsDir({ 'hb.service': `[Command]\ncommand=true\n\n[RunIf]\ncron="* * * *" # four fields\n` });
    const db = path.join(dir, 'tf.db');
    for (const args of [['worker', '--units', dir], ['schedule', '--units', dir]]) {
      const r = await runCli(['--db', `sqlite:${db}`, ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${path.join(dir, 'hb.service')}:5:1: invalid cron "* * * *": expected 5 fields`);
      expect(fs.existsSync(db)).toBe(false);
    }
    expect(() => loadUnitDir(dir)).toThrow(/hb.service:5:1: invalid cron/);
  });
});
