import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/stores.js';
import { CLI, runCli } from './cli.js';

let dir: string | null = null;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = null;
});

describe('taskframe schedule', () => {
  it('starts runs from a trigger and works them (--work) until stopped', async () => {
    dir = tempDir('taskframe-schedule-');
    const file = path.join(dir, 'tick.yaml');
    fs.writeFileSync(file, 'name: tick\ntriggers:\n  - every: 1s\noverlap: forbid\ntasks:\n  a:\n    command: echo 1\n');
    const db = `sqlite:${path.join(dir, 's.db')}`;
    const child = spawn(process.execPath, [CLI, '--db', db, 'schedule', file, '--work'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const started = new Promise<void>((resolve) => child.stdout.on('data', (d) => ((out += d), /started run-/.test(out) && resolve())));
    try {
      await started;
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise((r) => child.on('close', r));
    expect(code).toBe(0);
    expect(out).toMatch(/scheduling tick \(every: 1s\)/);
    const { runs } = JSON.parse((await runCli(['--db', db, 'runs', '--json'])).stdout) as { runs: Array<{ name: string; trigger: string }> };
    expect(runs.length).toBeGreaterThanOrEqual(1);
    expect(runs[0]).toMatchObject({ name: 'tick', trigger: 'every: 1s' });
  });

  it('without --work it keeps scheduling until stopped', async () => {
    dir = tempDir('taskframe-schedule-');
    const file = path.join(dir, 'tick.yaml');
    fs.writeFileSync(file, 'name: tick\ntriggers:\n  - every: 1s\ntasks:\n  a:\n    command: echo 1\n');
    const db = `sqlite:${path.join(dir, 's.db')}`;
    const child = spawn(process.execPath, [CLI, '--db', db, 'schedule', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const closed = new Promise<number | null>((r) => child.on('close', r));
    // The first start comes a whole period after the trigger is first seen: it is still up then.
    const started = new Promise<string>((resolve) => child.stdout.on('data', (d) => ((out += d), /started run-/.test(out) && resolve('started'))));
    const first = await Promise.race([started, closed.then((code) => `exited by itself (code ${code})`)]);
    child.kill('SIGTERM');
    expect(first).toBe('started');
    expect(await closed).toBe(0);
  });

  it('with --work, stopping lets the run it started finish before it exits', async () => {
    dir = tempDir('taskframe-schedule-');
    const file = path.join(dir, 'slow.yaml');
    fs.writeFileSync(file, 'name: slow\ntriggers:\n  - every: 1s\noverlap: forbid\ntasks:\n  a:\n    command: sleep 1\n  b:\n    needs: a\n    command: echo done\n');
    const db = `sqlite:${path.join(dir, 's.db')}`;
    const child = spawn(process.execPath, [CLI, '--db', db, 'schedule', file, '--work'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const started = new Promise<void>((resolve) => child.stdout.on('data', (d) => ((out += d), /started run-/.test(out) && resolve())));
    try {
      await started;
    } finally {
      child.kill('SIGTERM'); // while its first task sleeps
    }
    expect(await new Promise((r) => child.on('close', r))).toBe(0);
    expect(out).toMatch(/stopping: letting 1 run started here finish \(up to 10s; signal again to stop now\)/);
    // A list, or a page {runs, nextCursor} where `runs --json` pages.
    const listed = JSON.parse((await runCli(['--db', db, 'runs', '--json'])).stdout) as Array<{ name: string; state: string }> | { runs: Array<{ name: string; state: string }> };
    const runs = Array.isArray(listed) ? listed : listed.runs;
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ name: 'slow', state: 'succeeded' });
  });
});
