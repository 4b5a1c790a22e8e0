/**
 * `taskframe worker` and workflow runs across processes: a worker with no handler module serves
 * command steps, and a run cancelled from another process has its running commands killed at
 * once, not at the worker's next heartbeat.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/stores.js';
import { CLI, runCli } from './cli.js';

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => (c.exitCode !== null || c.signalCode !== null ? null : new Promise((r) => (c.once('exit', r), c.kill('SIGKILL'))))));
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function workspace(files: Record<string, string>): { dir: string; db: string } {
  const dir = tempDir('taskframe-wf-worker-');
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return { dir, db: `sqlite:${path.join(dir, 'tf.db')}` };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('taskframe worker', () => {
  it('serves the command steps of a submitted workflow with no --module or --units', async () => {
    const { dir, db } = workspace({ 'hello.yaml': 'name: hello\ntasks:\n  greet:\n    command: echo hi from $TASKFRAME_STEP\n' });
    const sub = await runCli(['--db', db, 'submit', path.join(dir, 'hello.yaml')]);
    expect(sub.code).toBe(0);
    const runId = sub.stdout.trim();
    const w = await runCli(['--db', db, 'worker', '--drain', '--poll', '20ms']);
    expect(w.stderr).toMatch(/workflow tasks only/);
    expect(w.code).toBe(0);
    const shown = JSON.parse((await runCli(['--db', db, 'runs', runId, '--json'])).stdout) as { run: { state: string }; tasks: Array<{ result: unknown }> };
    expect(shown.run.state).toBe('succeeded');
    expect(shown.tasks.map((t) => t.result)).toContain('hi from greet');
  });

  it('kills the running commands of a run cancelled from another process within a second or so', async () => {
    const { dir, db } = workspace({ 'long.yaml': 'name: long\ntasks:\n  wait:\n    command: echo $$ > started; exec sleep 29.3\n' });
    const sub = await runCli(['--db', db, 'submit', path.join(dir, 'long.yaml')]);
    const runId = sub.stdout.trim();
    // A handler module, so the worker starts on the code before it could run without one too.
    const worker = spawn(process.execPath, [CLI, '--db', db, 'worker', '--module', path.resolve('test/fixtures/recording-handlers.mjs'), '--poll', '20ms'], { stdio: 'ignore' });
    children.push(worker);
    const pidFile = path.join(dir, 'started');
    await expect.poll(() => fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8').trim() !== '', { timeout: 30_000, interval: 20 }).toBe(true);
    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    expect(alive(pid)).toBe(true);
    const cancel = await runCli(['--db', db, 'runs', runId, '--cancel']);
    expect(cancel.code).toBe(0);
    const cancelledAt = Date.now();
    // The worker's lease is 30 s, so its next heartbeat would be up to 10 s away.
    await expect.poll(() => alive(pid), { timeout: 2500, interval: 20 }).toBe(false);
    console.log(`command killed ${Date.now() - cancelledAt} ms after the cancel was stored`);
    const shown = JSON.parse((await runCli(['--db', db, 'runs', runId, '--json'])).stdout) as { run: { state: string }; tasks: Array<{ state: string }> };
    expect(shown.run.state).toBe('cancelled');
    expect(shown.tasks[0]!.state).toBe('cancelled');
  });
});
