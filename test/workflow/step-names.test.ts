/**
 * A workflow's tasks are shown by their step (`map[1]`, not `taskframe.command`), and the run's
 * bookkeeping tasks (its finishing task, fail fast with no on_failure) are shown nowhere: not in
 * the progress of `taskframe run`, `taskframe runs`, `ls`, the API's run graph or a bus's done topic.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openBus } from '../../src/bus/open.js';
import { Outbox } from '../../src/bus/outbox.js';
import { followRun } from '../../src/cli/run-progress.js';
import { buildApp } from '../../src/server/app.js';
import { tempDir } from '../helpers/stores.js';
import { TOKENS } from '../server/harness.js';
import { runCli } from './cli.js';
import { harness, type Harness } from './harness.js';

let h: Harness | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await h?.close();
  h = null;
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function plainProgress() {
  const chunks: string[] = [];
  return { text: () => chunks.join(''), out: { write: (s: string) => (chunks.push(s), true) } as unknown as NodeJS.WritableStream };
}

const FAILING = `name: breaks
tasks:
  ok: { command: echo fine }
  bad: { command: exit 4, retries: 0, needs: ok }
`;

describe('the bookkeeping of a run', () => {
  it('shows no on_failure row in the progress of a run that declared none', async () => {
    h = await harness();
    h.start({});
    const runId = await h.submit(FAILING);
    const p = plainProgress();
    const run = await followRun(h.engine, runId, { tty: false, out: p.out, intervalMs: 10 });
    expect(run.state).toBe('failed');
    expect(p.text()).toMatch(/\] bad failed/);
    expect(p.text()).not.toMatch(/on_failure|taskframe\.workflow/);
  });

  it('shows a declared on_failure once it has run', async () => {
    h = await harness();
    h.start({});
    const runId = await h.submit(`${FAILING}on_failure: { command: echo cleaning up }\n`);
    const p = plainProgress();
    await followRun(h.engine, runId, { tty: false, out: p.out, intervalMs: 10 });
    expect(p.text()).toMatch(/\] on_failure succeeded/);
    expect(p.text()).toMatch(/\n +✓ on_failure +succeeded/);
  });

  it("is not published on a bus's done topic", async () => {
    h = await harness();
    h.start({});
    const runId = await h.submit(FAILING);
    await h.finish(runId);
    const dir = path.join(tempDir('taskframe-wf-bus-'), 'bus');
    dirs.push(path.dirname(dir));
    const bus = await openBus(`file:${dir}`);
    try {
      const outbox = new Outbox({ bus, engine: h.engine, doneTopic: 'done', from: 'beginning' });
      while ((await outbox.runOnce()) > 0);
      const done = fs.readFileSync(path.join(dir, 'done.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(JSON.parse(l).data) as { type: string; state: string; id: string });
      const tasks = (await h.engine.list({ runId })).filter((t) => t.name !== 'taskframe.command');
      expect(tasks.length).toBeGreaterThan(0); // the bookkeeping exists in the store ...
      expect(done.map((m) => [m.type, m.state]).sort()).toEqual([
        ['taskframe.command', 'failed'],
        ['taskframe.command', 'succeeded'],
      ]); // ... and is not published
    } finally {
      await bus.close();
    }
  });
});

describe('step names', () => {
  it('are what ls, runs, status, logs and the API show for a workflow task', async () => {
    const dir = tempDir('taskframe-wf-steps-');
    dirs.push(dir);
    const db = `sqlite:${path.join(dir, 'tf.db')}`;
    fs.writeFileSync(path.join(dir, 'steps.yaml'), 'name: steps\ntasks:\n  map:\n    foreach: [a, b]\n    command: echo item $TASKFRAME_STEP\n  after:\n    needs: map\n    command: "false"\n    retries: 0\n');
    const r = await runCli(['--db', db, 'run', path.join(dir, 'steps.yaml'), '--json']);
    const runId = (JSON.parse(r.stdout) as { id: string }).id;

    const ls = await runCli(['--db', db, 'ls']);
    const names = ls.stdout.trim().split('\n').slice(1).map((l) => l.split(/\s+/)[1]);
    expect(names.sort()).toEqual(['after', 'map[0]', 'map[1]']);

    const shown = JSON.parse((await runCli(['--db', db, 'runs', runId, '--json'])).stdout) as { run: { error: { message: string } }; tasks: Array<{ id: string; step: string }> };
    expect(shown.tasks.map((t) => t.step)).toEqual(['map[0]', 'map[1]', 'after']);
    expect(shown.run.error.message).toBe('task "after" failed: command exited with code 1');

    const drawn = (await runCli(['--db', db, 'runs', runId])).stdout;
    expect(drawn).toMatch(/\(3 tasks: 2 succeeded, 1 failed\)/);
    expect(drawn).not.toMatch(/taskframe\.|on_failure/);

    const logs = await runCli(['--db', db, 'logs', 'map[1]', '--run', runId]);
    expect(logs.code).toBe(0);
    expect(logs.stdout).toMatch(/out\| item map\[1\]$/m);
    const noRun = await runCli(['--db', db, 'logs', 'map[1]']);
    expect(noRun.code).toBe(2);
    expect(noRun.stderr).toContain('"map[1]" is a workflow step: name its run too (taskframe logs map[1] --run RUN)');
    const unknown = await runCli(['--db', db, 'logs', 'map[9]', '--run', runId]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`step "map[9]" of run ${runId} not found`);

    const status = await runCli(['--db', db, 'status', shown.tasks[1]!.id]);
    expect(status.stdout).toMatch(/^task \d+ +map\[1\] +\[succeeded\]/);
  });

  it("name the nodes of the API's run graph, with no bookkeeping node", async () => {
    h = await harness();
    h.start({});
    const runId = await h.submit(FAILING);
    await h.finish(runId);
    const app = await buildApp({ engine: h.engine, tokens: [{ name: 'root', token: TOKENS.admin, scopes: ['admin'] }], followFeed: false });
    try {
      const res = await app.inject({ method: 'GET', url: `/v1/runs/${runId}`, headers: { authorization: `Bearer ${TOKENS.admin}` } });
      expect(res.statusCode).toBe(200);
      const body = res.json() as { tasks: Array<{ step: string | null }>; counts: Record<string, number> };
      expect(body.tasks.map((t) => t.step).sort()).toEqual(['bad', 'ok']);
      expect(body.counts).toEqual({ failed: 1, succeeded: 1 });
    } finally {
      await app.close();
    }
  });
});
