/**
 * Checks run in order before the command and a failing one stops it (a marker file proves the
 * command never ran); set-up runs once per unit version even for 50 concurrent tasks.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(
    {
      'guarded.service': `[Checks]\nfirst=./check-ok.sh\ncheck-pandoc=./check-pandoc.sh\nnever=./check-ok.sh never\n[Command]\ncommand="sh -c 'touch command-ran.marker'"\n`,
      'check-ok.sh': ['#!/usr/bin/env bash\necho "check ok $1" >> checks.log\n', 0o755],
      'check-pandoc.sh': ['#!/usr/bin/env bash\necho "looking for pandoc"\nwhich pandoc-that-is-not-installed\n', 0o755],
      'passing.yaml': `checks:\n  a: ./check-ok.sh a\n  b: ./check-ok.sh b\ncommand: [sh, -c, "echo ran >> checks.log"]\n`,
      'deps.service': `[Setup]\ninstall=echo installing into $TASKFRAME_SETUP_DIR >> setup-count.log && sleep 0.3 && echo lib > $TASKFRAME_SETUP_DIR/lib.txt\n[Command]\ncommand="sh -c 'cat $TASKFRAME_SETUP_DIR/lib.txt'"\n`,
      'badsetup.service': `[Setup]\nbroken=echo about to fail && exit 4\n[Command]\ncommand="sh -c 'touch badsetup-command.marker'"\n`,
    },
    { concurrency: 50 },
  );
});
afterAll(() => h.close());

describe('checks', () => {
  it('a failing check fails the task naming the check and its output; the command never runs', async () => {
    const t = await h.run('guarded');
    expect(t.state).toBe('failed');
    expect(t.error).toMatchObject({ code: 'CHECK_FAILED' });
    expect(t.error!.message).toMatch(/check "check-pandoc" of unit guarded failed \(exit 1\); the command did not run[\s\S]*looking for pandoc/);
    expect(fs.existsSync(path.join(h.dir, 'command-ran.marker'))).toBe(false);
    // Checks run in order and stop at the first failure.
    expect(fs.readFileSync(path.join(h.dir, 'checks.log'), 'utf8')).toBe('check ok \n');
    expect(await h.logText(t.id)).toContain('[check check-pandoc] ./check-pandoc.sh');
  });

  it('passing checks run in order, then the command', async () => {
    fs.rmSync(path.join(h.dir, 'checks.log'), { force: true });
    const t = await h.run('passing');
    expect(t.state).toBe('succeeded');
    expect(fs.readFileSync(path.join(h.dir, 'checks.log'), 'utf8')).toBe('check ok a\ncheck ok b\nran\n');
  });
});

describe('set-up', () => {
  it('runs once for 50 concurrent tasks of one unit, and every task sees what it installed', async () => {
    const tasks = await h.engine.enqueueMany(Array.from({ length: 50 }, () => ({ name: 'deps', maxAttempts: 1 })));
    const done = await Promise.all(tasks.map((t) => h.settle(t.id)));
    expect(done.map((t) => t.state)).toEqual(Array(50).fill('succeeded'));
    expect(fs.readFileSync(path.join(h.dir, 'setup-count.log'), 'utf8').trim().split('\n')).toHaveLength(1);
    expect(h.units.setup.runs).toBe(1);
    const setupDir = h.units.setup.dirFor(h.units.units.get('deps')!);
    expect(fs.readFileSync(path.join(setupDir, 'setup.log'), 'utf8')).toContain('[setup install] running');
    for (const t of done.slice(0, 5)) expect(await h.logText(t.id)).toContain('stdout: lib');
    // A second round reuses it.
    expect((await h.run('deps')).state).toBe('succeeded');
    expect(h.units.setup.runs).toBe(1);
  });

  it('a failing set-up fails the task with its output, the command never runs, and the next task tries again', async () => {
    const t = await h.run('badsetup');
    expect(t.state).toBe('failed');
    expect(t.error!.message).toMatch(/set-up step "broken" of unit badsetup exited with code 4[\s\S]*about to fail/);
    expect(await h.logText(t.id)).toContain('[setup broken] about to fail');
    expect(fs.existsSync(path.join(h.dir, 'badsetup-command.marker'))).toBe(false);
    const runsBefore = h.units.setup.runs;
    await h.run('badsetup');
    expect(h.units.setup.runs).toBe(runsBefore + 1);
  });
});
