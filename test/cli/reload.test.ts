/**
 * A running `taskframe worker` follows its configuration: when the file changes, or on SIGHUP,
 * it runs more tasks at once (worker.concurrency) and serves new queues (worker.queues); a
 * setting that needs a restart is logged as such. Observed from outside: handlers that hold their
 * task write a line when they start, so the count of lines is the number running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Taskframe } from '../../src/taskframe.js';
import { CLI, waitFor } from '../helpers/processes.js';
import { tempDir } from '../helpers/stores.js';

const HOLD = `import fs from 'node:fs';
// Writes its task id when it starts, then holds its slot until the worker lets go of it.
export default {
  hold: async (p, ctx) => {
    fs.appendFileSync(p.log, ctx.task.id + '\\n');
    // A timer, as real work has I/O: a worker whose handlers all wait on nothing would have an empty event loop.
    const busy = setInterval(() => undefined, 1000);
    await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }));
    clearInterval(busy);
  },
};
`;

const running: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const p of running.splice(0)) {
    if (p.exitCode === null && p.signalCode === null) {
      const gone = new Promise((r) => p.once('exit', r));
      p.kill('SIGKILL');
      await gone;
    }
  }
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** Replaces the config file as deploy tools do: written aside, renamed over. */
function writeConfig(dir: string, yaml: string): void {
  fs.writeFileSync(path.join(dir, 'taskframe.yaml.new'), yaml);
  fs.renameSync(path.join(dir, 'taskframe.yaml.new'), path.join(dir, 'taskframe.yaml'));
}

async function setup(queues: Record<string, number>) {
  const dir = tempDir('taskframe-reload-cli-');
  dirs.push(dir);
  fs.writeFileSync(path.join(dir, 'hold.mjs'), HOLD);
  const log = path.join(dir, 'started.txt');
  fs.writeFileSync(log, '');
  const tf = await Taskframe.open({ db: `sqlite:${path.join(dir, 'tf.db')}` });
  try {
    await tf.enqueueMany(Object.entries(queues).flatMap(([queue, n]) => Array.from({ length: n }, () => ({ name: 'hold', queue, payload: { log } }))));
  } finally {
    await tf.close();
  }
  const started = () => fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).length;
  return { dir, started };
}

function startWorker(dir: string) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TASKFRAME_')));
  const p = spawn(process.execPath, [CLI, 'worker'], { cwd: dir, env: clean, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(p);
  let stderr = '';
  p.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return { p, stderr: () => stderr };
}

const base = (worker: string, extra = '') => `store:\n  url: sqlite:./tf.db\nworker:\n  module: hold.mjs\n  prefetch: 0\n  grace: 100ms\n${worker}${extra}`;

describe('a running worker follows its configuration', () => {
  it('when the file changes: concurrency 1 -> 3, and a lease change is logged as needing a restart', async () => {
    const { dir, started } = await setup({ default: 5 });
    writeConfig(dir, base('  concurrency: 1\n'));
    const w = startWorker(dir);
    await waitFor(async () => /serving default \(concurrency 1\)/.test(w.stderr()) && started() === 1, 'the worker to start one task');
    // With one slot and a task that holds it, no second task can have started.
    expect(started()).toBe(1);

    writeConfig(dir, base('  concurrency: 3\n  lease: 1m\n'));
    await waitFor(async () => started() === 3, 'three tasks running after the reload');
    await waitFor(async () => /config reloaded \(file\): worker\.concurrency 1 -> 3/.test(w.stderr()), 'the reload line');
    expect(w.stderr()).toMatch(/worker\.lease changed \(30s -> 1m\): it takes effect after a restart/);

    // A refused file changes nothing and says why.
    writeConfig(dir, base('  concurrency: lots\n'));
    await waitFor(async () => /config reload refused/.test(w.stderr()), 'the refusal');
    expect(w.stderr()).toMatch(/worker\.concurrency: must be an integer from 1 to 100000, got \\?"lots\\?"/);
    w.p.kill('SIGTERM');
    await new Promise((r) => w.p.once('exit', r));
    expect(started()).toBe(3);
  });

  it('on SIGHUP (file watching off): concurrency 1 -> 3 and queues [a] -> [a, b]', async () => {
    const { dir, started } = await setup({ a: 1, b: 3 });
    writeConfig(dir, base('  concurrency: 1\n  queues: [a]\n', 'reload:\n  watch: false\n'));
    const w = startWorker(dir);
    await waitFor(async () => /serving a \(concurrency 1\)/.test(w.stderr()) && started() === 1, 'the worker to start the task of queue a');

    writeConfig(dir, base('  concurrency: 3\n  queues: [a, b]\n', 'reload:\n  watch: false\n'));
    w.p.kill('SIGHUP');
    await waitFor(async () => started() === 3, 'tasks of queue b running after SIGHUP');
    await waitFor(async () => /config reloaded \(SIGHUP\): worker\.concurrency 1 -> 3, worker\.queues a -> a,b/.test(w.stderr()), 'the reload line');
    w.p.kill('SIGTERM');
    expect(await new Promise((r) => w.p.once('exit', r))).toBe(0);
  });
});
