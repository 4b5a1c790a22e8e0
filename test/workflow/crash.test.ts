import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { submitWorkflow } from '../../src/workflow/submit.js';
import { freshSqlite, type TestStore } from '../helpers/stores.js';

let ts: TestStore;
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  children.length = 0;
  await ts?.cleanup();
});

function startWorker(url: string, name: string): { proc: ChildProcess; lines: string[]; waitFor(re: RegExp): Promise<void> } {
  const proc = spawn(process.execPath, [path.resolve('test/workflow/fixtures/tree-worker.mjs'), url, name], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(proc);
  const lines: string[] = [];
  const waiters: Array<{ re: RegExp; resolve: () => void }> = [];
  let buf = '';
  proc.stdout!.setEncoding('utf8').on('data', (d: string) => {
    buf += d;
    const parts = buf.split('\n');
    buf = parts.pop()!;
    for (const l of parts) {
      lines.push(l);
      for (const w of waiters) if (w.re.test(lines.join('\n'))) w.resolve();
    }
  });
  return { proc, lines, waitFor: (re) => (re.test(lines.join('\n')) ? Promise.resolve() : new Promise((resolve) => waiters.push({ re, resolve }))) };
}

describe('dynamic subtasks across processes', () => {
  it('a 3-level tree on 2 worker processes; killing one mid-tree loses nothing', async () => {
    ts = await freshSqlite();
    const engine = new Engine({ store: ts.store });
    const a = startWorker(ts.url, 'A');
    const b = startWorker(ts.url, 'B');
    await Promise.all([a.waitFor(/ready A/), b.waitFor(/ready B/)]);
    const run = await submitWorkflow(engine, `name: tree
tasks:
  root:
    handler: tree
    payload: { depth: 3, fanout: 4, path: "r" }
`, { handlers: ['tree'] });
    // Kill A once it is in the middle of leaves (holding leases on running tasks).
    await a.waitFor(/leaf .* A\n(.|\n)*leaf .* A/);
    a.proc.kill('SIGKILL');
    const done = await engine.runs.wait(run.id, { intervalMs: 50 });
    expect(done.state).toBe('succeeded');
    const { tasks } = await engine.runs.withTasks(run.id);
    const trees = tasks.filter((t) => t.name === 'tree');
    expect(trees).toHaveLength(1 + 4 + 16);
    expect(trees.every((t) => t.state === 'succeeded')).toBe(true);
    const leaves = trees.filter((t) => (t.result as { leaf?: string }).leaf).map((t) => (t.result as { leaf: string }).leaf).sort();
    expect(leaves).toHaveLength(16);
    expect(new Set(leaves).size).toBe(16);
    // The kill mattered: some task A held was taken back after its lease ran out.
    const events = await engine.events(tasks.map((t) => t.id));
    expect(events.some((e) => e.type === 'lease_expired' && e.workerId === 'A')).toBe(true);
    b.proc.kill('SIGTERM');
  });
});
