/**
 * [RunIf] Requires=: condition commands run before the unit, like checks, in its working
 * directory and environment. Exit 0 runs the command; another exit ends the task `skipped`
 * (not failed, not retried) with the reason in its error and audit trail; a condition that
 * cannot be started fails the task naming it. A required unit whose own condition says no is
 * left out and the task carries on.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/processes.js';
import { startHarness, type Harness } from './harness.js';

const exec = promisify(execFile);

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    'work/': '',
    // The seed document's example, with a working directory and an environment.
    'prune.service': [
      '[RunIf]',
      'Requires="./too-many-users.sh" # returns 0 if the task needs to run, 1 otherwise',
      '[Service]',
      'WorkingDirectory=work',
      '[Environment]',
      'MODE=full',
      '[Command]',
      `command="sh -c 'echo pruned >> ../prune.log'"`,
      '',
    ].join('\n'),
    'too-many-users.sh': [
      '#!/bin/sh\necho "cwd=$(pwd) mode=$MODE task=$TASKFRAME_TASK_ID" >> ../condition.log\n' +
        'if [ -f ../too-many ]; then echo "42 inactive users"; exit 0; fi\necho "only 3 inactive users"\nexit 1\n',
      0o755,
    ],
    'broken.service': `[RunIf]\nRequires=./no-such-check.sh\n[Command]\ncommand="sh -c 'touch broken-ran.marker'"\n`,
    'no-such-check.sh': ['', 0o755], // removed once the units are loaded: a condition that goes away later
    'unknown.service': `[RunIf]\nRequires=sh -c 'no-such-command-anywhere'\n[Command]\ncommand="sh -c 'touch unknown-ran.marker'"\n`,
    'both.service': `[RunIf]\nRequires=true\nRequires=sh -c 'echo second says no; exit 3'\n[Command]\ncommand="sh -c 'touch both-ran.marker'"\n`,
    // A requirement that installs itself only when it is missing.
    'libjpeg.service': `[RunIf]\nRequires=sh -c 'test ! -f installed.flag'\n[Command]\ncommand="sh -c 'echo libjpeg >> order.log; touch installed.flag'"\n`,
    'app.service': `[Dependencies]\nRequires=libjpeg.service\n[Command]\ncommand="sh -c 'echo app >> order.log'"\n`,
  });
  fs.rmSync(path.join(h.dir, 'no-such-check.sh'));
});
afterAll(() => h.close());

const read = (f: string) => (fs.existsSync(path.join(h.dir, f)) ? fs.readFileSync(path.join(h.dir, f), 'utf8') : '');

describe('[RunIf] Requires=', () => {
  it('a condition that exits 0 lets the command run; it runs in the unit working directory with its environment', async () => {
    fs.writeFileSync(path.join(h.dir, 'too-many'), '');
    const t = await h.run('prune');
    expect(t.state).toBe('succeeded');
    expect(read('prune.log')).toBe('pruned\n');
    expect(read('condition.log')).toBe(`cwd=${path.join(h.dir, 'work')} mode=full task=${t.id}\n`);
    const log = await h.logText(t.id);
    expect(log).toContain('system: [run condition] ./too-many-users.sh');
    expect(log).toContain('stdout: 42 inactive users');
    fs.rmSync(path.join(h.dir, 'too-many'));
  });

  it('a condition that exits 1 ends the task skipped, not failed and not retried; the command never runs; audit says why', async () => {
    const t = await h.run('prune', null, { maxAttempts: 3 });
    expect(t.state).toBe('skipped');
    expect(t.attempt).toBe(1);
    const why = 'run condition "./too-many-users.sh" of unit prune said no (exit 1): only 3 inactive users';
    expect(t.error).toMatchObject({ message: why, kind: 'RUN_CONDITION' });
    expect(read('prune.log')).toBe('pruned\n'); // unchanged: the command did not run
    expect((await h.engine.events([t.id])).map((e) => e.type)).toEqual(['created', 'claimed', 'skipped']);
    expect(await h.logText(t.id)).toContain(`system: skipped: ${why}`);
    const audit = await exec(process.execPath, [CLI, '--db', h.ts.url, 'audit', t.id], { encoding: 'utf8' });
    expect(audit.stdout).toMatch(new RegExp(`skipped\\s+1\\s+\\S+\\s+\\[RUN_CONDITION\\] ${why.replace(/[."()]/g, '\\$&')}`));
    const status = await exec(process.execPath, [CLI, '--db', h.ts.url, 'status', t.id], { encoding: 'utf8' });
    expect(status.stdout).toContain(`[skipped]`);
    expect(status.stdout).toContain(`error    [RUN_CONDITION] ${why}`);
  });

  it('every condition must say yes: the first that says no decides', async () => {
    const t = await h.run('both');
    expect(t).toMatchObject({ state: 'skipped', error: { message: `run condition "sh -c 'echo second says no; exit 3'" of unit both said no (exit 3): second says no` } });
    expect(fs.existsSync(path.join(h.dir, 'both-ran.marker'))).toBe(false);
  });

  it('a condition that cannot be started is a failure naming it, not a skip', async () => {
    const t = await h.run('broken');
    expect(t.state).toBe('failed');
    expect(t.error).toMatchObject({ code: 'CONDITION_FAILED', kind: 'ConditionError' });
    expect(t.error!.message).toMatch(/^run condition "\.\/no-such-check\.sh" of unit broken could not start: no such file \/.*\/no-such-check\.sh; the command did not run/);
    expect(fs.existsSync(path.join(h.dir, 'broken-ran.marker'))).toBe(false);
  });

  it('a condition the shell cannot find (exit 127) is a failure too', async () => {
    const t = await h.run('unknown');
    expect(t.state).toBe('failed');
    expect(t.error!.message).toMatch(/^run condition "sh -c 'no-such-command-anywhere'" of unit unknown could not run \(exit 127: command not found\); the command did not run[\s\S]*not found/);
    expect(fs.existsSync(path.join(h.dir, 'unknown-ran.marker'))).toBe(false);
  });

  it('a required unit whose condition says no is left out, and the task carries on', async () => {
    const first = await h.run('app');
    expect(first.state).toBe('succeeded');
    expect(read('order.log')).toBe('libjpeg\napp\n');
    const second = await h.run('app');
    expect(second.state).toBe('succeeded');
    expect(read('order.log')).toBe('libjpeg\napp\napp\n');
    expect(await h.logText(second.id)).toContain(`system: required unit libjpeg not run: run condition "sh -c 'test ! -f installed.flag'" of unit libjpeg said no (exit 1)`);
  });
});
