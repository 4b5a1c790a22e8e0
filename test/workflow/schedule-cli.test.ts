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
});
