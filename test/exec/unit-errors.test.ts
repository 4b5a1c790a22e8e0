/**
 * A unit that cannot run on this machine is refused when its directory is loaded, at the
 * file:line of the setting at fault: an unknown user or group, Jail=yes without bubblewrap, a
 * WorkingDirectory or a program path that does not exist. Where the files may still be made
 * before the unit runs (it has [Setup] or Requires=), a process that cannot start says what is
 * missing instead of `spawn true ENOENT` / `spawn setpriv ENOENT`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ValidationError } from '../../src/model/errors.js';
import { loadUnitDir } from '../../src/units/load.js';
import { checkUnitsRunnable } from '../../src/worker/runners/unit-handlers.js';
import { tempDir } from '../helpers/stores.js';
import { startHarness, type Harness } from './harness.js';

// This machine may have bubblewrap: the refusal is checked as a machine without it sees it.
vi.mock('../../src/worker/runners/exec/jail.js', async (original) => ({ ...(await original<object>()), findBwrap: () => null }));

const dirs: string[] = [];
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function unitDir(files: Record<string, string | [string, number]>): string {
  const dir = tempDir('taskframe-unit-errors-');
  dirs.push(dir);
  for (const [n, v] of Object.entries(files)) {
    const [text, mode] = Array.isArray(v) ? v : [v, 0o644];
    fs.writeFileSync(path.join(dir, n), text, { mode });
  }
  return dir;
}

function refusal(files: Record<string, string | [string, number]>): ValidationError {
  const dir = unitDir(files);
  try {
    checkUnitsRunnable(loadUnitDir(dir, { onWarning: () => undefined }));
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return err as ValidationError;
  }
  throw new Error('expected the units to be refused');
}

describe('refused at load time, at the line of the setting', () => {
  it('an unknown user or group', () => {
    expect(refusal({ 'u.service': `[Command]\ncommand=true\n[Service]\nUser=no-such-user-here\n` }).message).toMatch(/u\.service:4:1: Service\.User: no such user "no-such-user-here"/);
    expect(refusal({ 'g.service': `[Service]\nUser=root\nGroup=no-such-group-here\n[Command]\ncommand=true\n` }).message).toMatch(/g\.service:3:1: Service\.Group: no such group "no-such-group-here"/);
  });

  it('Jail=yes without bubblewrap', () => {
    expect(refusal({ 'j.service': `[Command]\ncommand=true\n\n[Service]\nJail=yes\n` }).message).toMatch(/j\.service:5:1: Service\.Jail: Jail=yes needs bubblewrap/);
  });

  it('a WorkingDirectory that does not exist, named with its full path', () => {
    const e = refusal({ 'w.service': `[Service]\nWorkingDirectory=nowhere\n[Command]\ncommand=true\n` });
    expect(e.field).toMatch(/w\.service:2:1$/);
    expect(e.message).toMatch(/WorkingDirectory=nowhere: \/.*\/nowhere does not exist/);
  });

  it('a check script, a condition or a command written as a path that does not exist', () => {
    expect(refusal({ 'c.service': `[Command]\ncommand=true\n[Checks]\nready=./checks/ready.sh --quick\n` }).message).toMatch(/c\.service:4:1: check ready: no such file \/.*\/checks\/ready\.sh/);
    expect(refusal({ 'r.yaml': `command: "true"\nrunIf:\n  requires: ./is-there-work.sh\n` }).message).toMatch(/r\.yaml:3:3: RunIf Requires=: no such file \/.*\/is-there-work\.sh/);
    expect(refusal({ 'p.service': `[Command]\ncommand=./prog --flag\n` }).message).toMatch(/p\.service:2:1: command=: no such file \/.*\/prog/);
  });

  it('accepts what exists, and leaves files a set-up may make to run time', () => {
    const dir = unitDir({
      'ok.service': `[Service]\nWorkingDirectory=work\n[Checks]\nready=./ready.sh\n[Command]\ncommand=true\n`,
      'ready.sh': ['#!/bin/sh\n', 0o755],
      'later.service': `[Setup]\nmake=mkdir -p built\n[Service]\nWorkingDirectory=built\n[Command]\ncommand=./built/prog\n`,
    });
    fs.mkdirSync(path.join(dir, 'work'));
    expect(() => checkUnitsRunnable(loadUnitDir(dir))).not.toThrow();
  });
});

describe('at run time, a process that cannot start says what is missing', () => {
  it('a WorkingDirectory that its set-up did not make, for a check and under User=', async () => {
    h = await startHarness({
      'wd.service': `[Setup]\nnothing=true\n[Service]\nWorkingDirectory=not-made\n[Checks]\nok=true\n[Command]\ncommand=true\n`,
      'wduser.service': `[Setup]\nnothing=true\n[Service]\nUser=root\nWorkingDirectory=not-made\n[Command]\ncommand=true\n`,
    });
    const check = await h.run('wd');
    expect(check.state).toBe('failed');
    expect(check.error!.message).toMatch(/check "ok" of unit wd failed \(could not start: working directory \/.*\/not-made does not exist \(WorkingDirectory=not-made at .*wd\.service:4:1\)\)/);
    expect(check.error!.message).not.toMatch(/ENOENT/);
    const user = await h.run('wduser');
    expect(user.error!.message).toMatch(/unit wduser could not start: working directory \/.*\/not-made does not exist/);
    expect(user.error!.message).not.toMatch(/setpriv/);
    expect(user.error).toMatchObject({ code: 'SPAWN' });
  });

  it('a program path its set-up did not make', async () => {
    h = await startHarness({ 'prog.service': `[Setup]\nnothing=true\n[Command]\ncommand=./not-built --x\n` });
    const t = await h.run('prog');
    expect(t.error!.message).toMatch(/unit prog could not start: no such file \/.*\/not-built/);
  });
});
