/**
 * Long-lived runners for real: a Python runner (clients/python) serving many tasks in flight
 * from a pool, restarted when it dies (its in-flight tasks fail and retry), recycled after N
 * tasks; runners that print garbage or exit at start fail their tasks with a clear error.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PYTHON, startHarness, type Harness } from './harness.js';

const CLIENTS = path.resolve('clients/python');
const RUNNER_PY = `
import asyncio, os, sys
from taskframe_runner import Runner, NonRetryable
r = Runner()

@r.task("pyrunner")
def double(p, ctx):
    return {"n": p["n"] * 2, "attempt": ctx.attempt}

@r.task("recycler")
def pid(p, ctx):
    return os.getpid()

@r.task("crashy")
async def crashy(p, ctx):
    if p == "die" and ctx.attempt == 1:
        os._exit(9)
    if p == "spawn":
        ctx.progress({"half": True})
        ctx.spawn("pyrunner", {"n": 5})
        ctx.log("spawned one")
    if p == "final":
        raise NonRetryable("this cannot work")
    await asyncio.sleep(0.2)
    return "ok"

r.run()
`;

let h: Harness;
beforeAll(async () => {
  const env = `[Environment]\nPYTHONPATH=${CLIENTS}\n`;
  h = await startHarness(
    {
      'runner.py': RUNNER_PY,
      'pyrunner.service': `[Runner]\nCommand=${PYTHON} ./runner.py\nProcesses=2\nConcurrency=50\n${env}`,
      'recycler.service': `[Runner]\nCommand=${PYTHON} ./runner.py\nRecycleAfter=10\n${env}`,
      'crashy.yaml': `runner:\n  command: ${PYTHON} ./runner.py\n  concurrency: 100\nenvironment:\n  PYTHONPATH: ${CLIENTS}\n`,
      'garbage.service': `[Runner]\nCommand="sh -c 'echo Hello, I am not a protocol; sleep 30'"\n`,
      'quitter.service': `[Runner]\nCommand="sh -c 'echo cannot start: missing config >&2; exit 3'"\n`,
    },
    { concurrency: 100 },
  );
});
afterAll(() => h.close());

const fast = { maxAttempts: 3, backoff: { baseMs: 1, capMs: 1 } };

describe('long-lived runners', () => {
  it('a Python runner pool serves 300 tasks with many in flight', async () => {
    const tasks = await h.engine.enqueueMany(Array.from({ length: 300 }, (_, i) => ({ name: 'pyrunner', payload: { n: i } })));
    const done = await Promise.all(tasks.map((t) => h.settle(t.id)));
    expect(done.every((t) => t.state === 'succeeded')).toBe(true);
    expect(done.map((t) => (t.result as { n: number }).n)).toEqual(tasks.map((_, i) => i * 2));
    const pool = h.units.pools.get('pyrunner')!;
    expect(pool.started).toBeLessThanOrEqual(2);
  });

  it('progress, subtasks and log lines from a runner reach the store', async () => {
    const t = await h.run('crashy', 'spawn');
    expect(t.state).toBe('succeeded');
    expect(t.progress).toEqual({ half: true });
    const [child] = await h.engine.list({ parentId: t.id, limit: 5 });
    expect(child!.name).toBe('pyrunner');
    expect((await h.settle(child!.id)).result).toEqual({ n: 10, attempt: 1 });
    expect(await h.logText(t.id)).toContain('system: spawned one');
  });

  it('a NonRetryable error from the runner fails the task for good', async () => {
    const t = await h.run('crashy', 'final', fast);
    expect(t.state).toBe('failed');
    expect(t.attempt).toBe(1);
    expect(t.error!.message).toContain('NonRetryable: this cannot work');
  });

  it('a runner that dies is restarted; its in-flight tasks fail and are retried', async () => {
    const pool = () => h.units.pools.get('crashy')!;
    await h.run('crashy', 'warm-up');
    const startedBefore = pool().started;
    const sleepers = await h.engine.enqueueMany(Array.from({ length: 20 }, () => ({ name: 'crashy', payload: 'sleep', ...fast })));
    const killer = await h.engine.enqueue('crashy', 'die', fast);
    const done = await Promise.all([...sleepers, killer].map((t) => h.settle(t.id)));
    expect(done.every((t) => t.state === 'succeeded')).toBe(true);
    expect((await h.engine.get(killer.id)).attempt).toBe(2);
    expect(pool().started).toBeGreaterThan(startedBefore);
    const events = await h.engine.events([killer.id]);
    const failure = events.find((e) => e.type === 'retry_scheduled');
    expect(JSON.stringify(failure?.detail)).toMatch(/runner of unit crashy exited with code 9 with \d+ task\(s\) in flight/);
  });

  it('a runner is recycled after RecycleAfter tasks', async () => {
    const pids: number[] = [];
    for (let i = 0; i < 25; i++) pids.push((await h.run('recycler')).result as number);
    expect(new Set(pids.slice(0, 10)).size).toBe(1);
    expect(new Set(pids).size).toBe(3);
  });

  it('a runner that prints garbage fails its tasks with the protocol error', async () => {
    const t = await h.run('garbage');
    expect(t.state).toBe('failed');
    expect(t.error).toMatchObject({ code: 'RUNNER_START' });
    expect(t.error!.message).toContain('runner of unit garbage broke the protocol (not JSON: "Hello, I am not a protocol")');
  });

  it('a runner that exits at start fails its tasks with its exit code and stderr', async () => {
    const t = await h.run('quitter');
    expect(t.state).toBe('failed');
    expect(t.error!.message).toMatch(/runner of unit quitter exited with code 3 before it said ready; stderr: cannot start: missing config/);
  });
});

describe('conformance script', () => {
  it('passes the Python and Node reference runners', () => {
    const py = execFileSync(process.execPath, ['clients/conformance/runner-conformance.mjs', '--', PYTHON, 'clients/python/taskframe_runner.py', '--conformance'], { encoding: 'utf8' });
    expect(py).toContain('runner conforms to protocol 1');
    const node = execFileSync(process.execPath, ['clients/conformance/runner-conformance.mjs', '--', process.execPath, 'clients/node/taskframe-runner.mjs', '--conformance'], { encoding: 'utf8' });
    expect(node).toContain('runner conforms to protocol 1');
  });

  it('fails a runner that breaks the protocol', () => {
    let out = '';
    try {
      execFileSync(process.execPath, ['clients/conformance/runner-conformance.mjs', '--', 'sh', '-c', 'echo garbage; sleep 1'], { encoding: 'utf8' });
    } catch (err) {
      out = (err as { stdout: string }).stdout;
    }
    expect(out).toMatch(/FAIL +says \{"type":"ready","protocol":1\} first/);
  });
});
