import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadUnitHandlers } from '../../src/worker/runners/unit-handlers.js';
import { renderRun } from '../../src/workflow/render.js';
import { tempDir } from '../helpers/stores.js';
import { harness, label, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => h?.close());

describe('command tasks', () => {
  it('payload on stdin, stdout as the result, env from expressions, output kept in the log', async () => {
    h = await harness();
    h.start({});
    const runId = await h.submit(`name: cmd
inputs:
  n: 3
  xs: [1, 2]
tasks:
  json:
    command: ["node", "-e", "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{console.error('working');console.log(JSON.stringify({got:JSON.parse(s)}))})"]
    payload: { n: "\${{ inputs.n }}" }
  text:
    command: echo "$N $XS $TASKFRAME_RUN_ID"
    env: { N: "\${{ inputs.n }}", XS: "\${{ inputs.xs }}" }
`);
    const { run, tasks } = await h.finish(runId);
    expect(run.state).toBe('succeeded');
    const byLabel = Object.fromEntries(tasks.map((t) => [label(t), t]));
    expect(byLabel.json!.result).toEqual({ got: { n: 3 } });
    expect(byLabel.text!.result).toBe(`3 [1,2] ${runId}`);
    const logs = await h.engine.logs.list({ taskId: byLabel.json!.id, limit: 10 });
    // Two pipes: which one the parent reads first is up to the scheduler, so the lines are
    // compared per stream (each stream keeps its own order).
    expect(logs.map((l) => [l.stream, l.text]).sort()).toEqual([
      ['stderr', 'working'],
      ['stdout', '{"got":{"n":3}}'],
    ]);
  });

  it('a non-zero exit fails the attempt with the end of stderr; a timeout kills the command', async () => {
    h = await harness();
    h.start({});
    const runId = await h.submit(`name: bad
failure: continue
tasks:
  exit:
    command: echo "disk is full" >&2; exit 3
    retries: 0
  slow:
    command: sleep 31.7; echo never
    timeout: 300ms
    retries: 0
`);
    const started = Date.now();
    const { run, tasks } = await h.finish(runId);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(run.state).toBe('failed');
    const byLabel = Object.fromEntries(tasks.map((t) => [label(t), t]));
    expect(byLabel.exit!.error).toMatchObject({ message: 'command exited with code 3: disk is full', exitCode: 3 });
    expect(byLabel.slow!.state).toBe('failed');
    expect(byLabel.slow!.error!.kind).toBe('TIMEOUT');
    // The shell and the sleep it started are both gone (one process group).
    await expect.poll(() => execFileSync('ps', ['-eo', 'args']).toString().split('\n').filter((l) => l.trim() === 'sleep 31.7').length, { timeout: 5000 }).toBe(0);
  });
});

describe('command steps run by the executables runner', () => {
  it('talk on the control channel: the reported result wins over stdout, progress is recorded, subtasks belong to the run and its tree', async () => {
    h = await harness();
    h.start({ child: (p: { i: number }) => ({ doubled: p.i * 2 }) });
    const runId = await h.submit(`name: ctl
tasks:
  fan:
    command: |
      echo '{"progress": {"done": 1}}' >&3
      echo '{"spawn": [{"name": "child", "payload": {"i": 1}}, {"name": "child", "payload": {"i": 2}}]}' >&3
      echo '{"result": {"spawned": 2}}' >&3
      echo "stdout is not the result when one was reported"
  plain:
    command: |
      echo '{"from": "stdout"}'
`);
    const { run, tasks } = await h.finish(runId);
    expect(run.state).toBe('succeeded');
    const fan = tasks.find((t) => label(t) === 'fan')!;
    expect(fan.result).toEqual({ spawned: 2 });
    expect(fan.progress).toEqual({ done: 1 });
    expect(tasks.find((t) => label(t) === 'plain')!.result).toEqual({ from: 'stdout' });
    // The subtasks are the step's children and tasks of its run: listed with the run, drawn under the step.
    const children = tasks.filter((t) => t.parentId === fan.id);
    expect(children.map((c) => [c.name, c.runId, c.state, c.result])).toEqual([
      ['child', runId, 'succeeded', { doubled: 2 }],
      ['child', runId, 'succeeded', { doubled: 4 }],
    ]);
    const drawn = renderRun(run, tasks, { now: Date.now() }).join('\n');
    expect(drawn).toMatch(/✓ fan +succeeded.*\n +├ ✓ child #\d+ +succeeded.*\n +└ ✓ child #\d+ +succeeded/);
    const log = await h.engine.logs.list({ taskId: fan.id, limit: 20 });
    expect(log.map((l) => [l.stream, l.text])).toContainEqual(['stdout', 'stdout is not the result when one was reported']);
  });

  it("see the step's env and the task's identity, not the rest of the worker's environment", async () => {
    process.env.TASKFRAME_TEST_WORKER_SECRET = 'hunter2';
    try {
      h = await harness();
      h.start({});
      const runId = await h.submit(`name: envs
tasks:
  show:
    foreach: [a, b]
    command: env
    env: { GREETING: "hello \${{ item }}" }
`);
      const { run, tasks } = await h.finish(runId);
      expect(run.state).toBe('succeeded');
      const item = tasks.find((t) => label(t) === 'show[1]')!;
      const env = Object.fromEntries(String(item.result).split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
      expect(env).toMatchObject({
        GREETING: 'hello b',
        TASKFRAME_TASK_ID: item.id,
        TASKFRAME_ATTEMPT: '1',
        TASKFRAME_RUN_ID: runId,
        TASKFRAME_STEP: 'show[1]',
        TASKFRAME_CONTROL_FD: '3',
        PATH: process.env.PATH,
      });
      expect(env.TASKFRAME_TEST_WORKER_SECRET).toBeUndefined();
    } finally {
      delete process.env.TASKFRAME_TEST_WORKER_SECRET;
    }
  });

  it('keep the output of each attempt apart', async () => {
    h = await harness();
    h.start({});
    const runId = await h.submit(`name: attempts
tasks:
  flaky:
    command: echo "attempt $TASKFRAME_ATTEMPT"; [ "$TASKFRAME_ATTEMPT" = 2 ]
    retries: 1
    backoff: { kind: fixed, base: 10ms }
`);
    const { run, tasks } = await h.finish(runId);
    expect(run.state).toBe('succeeded');
    const flaky = tasks.find((t) => label(t) === 'flaky')!;
    const lines = async (attempt: number) => (await h.engine.logs.list({ taskId: flaky.id, attempt, limit: 10 })).map((l) => `${l.stream}: ${l.text}`);
    expect(await lines(1)).toEqual(['stdout: attempt 1', 'system: command exited with code 1']);
    expect(await lines(2)).toEqual(['stdout: attempt 2']);
  });
});

describe('a failed foreach', () => {
  it('names the item that failed and its error, not an item skipped behind it', async () => {
    h = await harness();
    h.start({});
    const runId = await h.submit(`name: blame
tasks:
  list:
    command: echo '[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]'
  map:
    needs: list
    foreach: \${{ needs.list.output }}
    concurrency: 4
    retries: 0
    command: if [ "$I" = 7 ]; then echo "item seven broke" >&2; exit 1; fi
    env: { I: "\${{ item }}" }
`);
    const { run } = await h.finish(runId);
    expect(run.state).toBe('failed');
    const error = run.error as { message: string; tasks: Array<{ task: string }> };
    expect(error.message).toBe('task "map[7]" failed: command exited with code 1: item seven broke');
    expect(error.tasks[0]!.task).toBe('map[7]');
  });
});

describe('a unit step', () => {
  it('spawns subtasks on the control channel that belong to the run: listed with it and drawn in its tree', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'splitter.service'), '[Command]\ncommand=./splitter.sh\n');
    fs.writeFileSync(path.join(dir, 'splitter.sh'), `#!/bin/sh\necho '{"spawn": [{"name": "child"}, {"name": "child"}]}' >&3\n`, { mode: 0o755 });
    h = await harness();
    const units = loadUnitHandlers(h.engine, dir, { stateDir: path.join(dir, '.state') });
    try {
      h.start({ ...units.handlers, child: () => 'done' });
      const runId = await h.submit(`name: split
tasks:
  split: { unit: splitter }
`, { units: ['splitter'] });
      const { run, tasks } = await h.finish(runId);
      expect(run.state).toBe('succeeded');
      const split = tasks.find((t) => label(t) === 'split')!;
      const children = await h.engine.list({ parentId: split.id });
      expect(children.map((c) => [c.name, c.runId])).toEqual([
        ['child', runId],
        ['child', runId],
      ]);
      expect(tasks.filter((t) => t.parentId === split.id)).toHaveLength(2);
      expect(renderRun(run, tasks, { now: Date.now() }).join('\n')).toMatch(/✓ split +succeeded.*\n +├ ✓ child #\d+ +succeeded.*\n +└ ✓ child #\d+ +succeeded/);
    } finally {
      await units.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
