import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { openStore } from '../../src/store/open.js';
import { tempDir } from '../helpers/stores.js';
import { runCli } from './cli.js';

const dir = tempDir('taskframe-wf-examples-');
const db = `sqlite:${path.join(dir, 'examples.db')}`;
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(file: string, ...extra: string[]) {
  const r = await runCli(['--db', db, 'run', `examples/workflows/${file}`, '--json', ...extra]);
  if (r.code !== 0) throw new Error(`${file} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(r.stdout) as { state: string; outputs: Record<string, unknown> | null; id: string };
}

describe('example workflows run with `taskframe run`', () => {
  it('sequential passes each result to the next step', async () => {
    const r = await run('sequential.yaml', '--input', 'greeting=hi');
    expect(r.state).toBe('succeeded');
    expect(r.outputs).toEqual({ message: 'hi world' });
  });

  it('tandem runs independent tasks', async () => {
    expect((await run('tandem.yaml')).state).toBe('succeeded');
  });

  it('diamond joins two branches', async () => {
    const r = await run('diamond.yaml');
    expect(r.outputs).toEqual({ result: { sumOfSquares: 50, sum: 12 } });
  });

  it('map/reduce word count over files: reduce gets every count in file order', async () => {
    const r = await run('wordcount/wordcount.yaml');
    expect(r.outputs).toEqual({ total: 9 + 10 + 2 });
  });

  it('subtasks three levels deep, children results visible downstream', async () => {
    const r = await run('subtasks/subtasks.yaml', '--handlers', 'examples/workflows/subtasks/handlers.mjs', '--input', 'fanout=2');
    expect(r.state).toBe('succeeded');
    expect(r.outputs).toEqual({ leaves: 2 });
    const shown = await runCli(['--db', db, 'runs', r.id]);
    expect(shown.code).toBe(0);
    // root + 2 + 4 subtasks, drawn as a tree
    expect(shown.stdout.match(/tree #\d+/g)?.length).toBe(6);
    // Each subtask's dedupKey names its parent and its position (docs/workflows.md, Dynamic subtasks).
    const store = await openStore(db);
    try {
      const { tasks } = await new Engine({ store }).runs.withTasks(r.id);
      const spawned = tasks.filter((t) => t.name === 'tree' && t.parentId !== null);
      expect(spawned).toHaveLength(6);
      for (const t of spawned) expect(t.dedupKey).toMatch(new RegExp(`^tree:${t.parentId}:[01]$`));
    } finally {
      await store.close();
    }
  });

  it('unit tasks run units (the executables runner), their results flow downstream', async () => {
    const r = await run('units.yaml', '--units', 'examples/executables/units');
    expect(r.outputs).toEqual({ report: '11 words' });
  });

  it('a shell step spawns subtasks and reports its result on the control channel', async () => {
    const r = await run('control.yaml', '--units', 'examples/executables/units');
    expect(r.outputs).toEqual({ sentences: 2, words: 9 });
    const shown = await runCli(['--db', db, 'runs', r.id]);
    expect(shown.stdout).toMatch(/✓ split +succeeded.*\n +├ ✓ word-count #\d+ +succeeded.*\n +└ ✓ word-count #\d+ +succeeded/);
  });

  it('cron- and RunIf-triggered workflows also run on demand', async () => {
    expect((await run('cron.yaml')).state).toBe('succeeded');
    expect((await run('runif.yaml')).state).toBe('succeeded');
  });

  it('plain progress lines when stdout is not a terminal', async () => {
    const r = await runCli(['--db', db, 'run', 'examples/workflows/diamond.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/join succeeded/);
    expect(r.stdout).toMatch(/run run-\S+ +diamond +SUCCEEDED/);
  });

  it('`taskframe submit` hands the run to workers elsewhere (`taskframe worker`), `taskframe runs` shows it', async () => {
    const sub = await runCli(['--db', db, 'submit', 'examples/workflows/subtasks/subtasks.yaml', '--handlers', 'examples/workflows/subtasks/handlers.mjs', '--input', 'fanout=2']);
    expect(sub.code).toBe(0);
    const runId = sub.stdout.trim();
    expect(runId).toMatch(/^run-/);
    const before = await runCli(['--db', db, 'runs', runId, '--json']);
    expect(JSON.parse(before.stdout).run.state).toBe('running');
    const w = await runCli(['--db', db, 'worker', '--module', 'examples/workflows/subtasks/handlers.mjs', '--drain', '--poll', '20ms']);
    expect(w.code).toBe(0);
    const after = await runCli(['--db', db, 'runs', runId]);
    expect(after.stdout).toMatch(new RegExp(`run ${runId} +subtasks +SUCCEEDED`));
    const audit = await runCli(['--db', db, 'audit', runId, '--json']);
    const events = JSON.parse(audit.stdout) as Array<{ type: string }>;
    // root + 2 + 4 subtasks and summary, each created and finished; the run's bookkeeping is not shown.
    expect(events.filter((e) => e.type === 'created').length).toBe(8);
    expect(events.filter((e) => e.type === 'succeeded').length).toBe(8);
    const status = await runCli(['--db', db, 'status', runId]);
    expect(status.stdout).toMatch(/✓ summary +succeeded .*← tree/);
    const list = await runCli(['--db', db, 'runs', '--name', 'subtasks']);
    expect(list.stdout).toContain(runId);
  });
});
