/**
 * The jail (bubblewrap) and User=/Group=: a jailed task cannot read a secret file the worker
 * can read, nor write outside its work directory; an unjailed control reads the same file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBwrap } from '../../src/worker/runners/exec/jail.js';
import { tempDir } from '../helpers/stores.js';
import { startHarness, type Harness } from './harness.js';

const hasBwrap = findBwrap() !== null;
if (!hasBwrap) {
  if (process.env.CI === 'true') throw new Error('bubblewrap (bwrap) is required in CI: apt-get install -y bubblewrap');
  console.warn('[skip] jail tests: bwrap not installed (Debian package bubblewrap)');
}

let h: Harness;
let secretDir: string;
let secret: string;
let outside: string;
const probe = (secretPath: string, outsidePath: string) =>
  `#!/bin/sh\necho "pid in jail: $$"\nif cat ${secretPath}; then echo READ-OK; else echo READ-FAILED; fi\n` +
  `if echo pwned > ${outsidePath}; then echo WRITE-OK; else echo WRITE-FAILED; fi\n` +
  `if echo mine > ./own.txt && cat ./own.txt; then echo OWN-OK; fi\n` +
  `if echo x > /usr/tf-probe; then echo USR-OK; else echo USR-FAILED; fi\n`;

beforeAll(async () => {
  secretDir = tempDir('taskframe-secret-');
  secret = path.join(secretDir, 'secret.txt');
  fs.writeFileSync(secret, 'TOP-SECRET-VALUE\n', { mode: 0o600 });
  outside = path.join(secretDir, 'written-from-jail.txt');
  h = await startHarness({
    'work/': '',
    'jailed.service': `[Service]\nJail=yes\n[Command]\ncommand=./probe.sh\n`,
    'control.service': `[Command]\ncommand=./probe.sh\n[Service]\nWorkingDirectory=work\n`,
    'probe.sh': [probe(secret, outside), 0o755],
    'nobody.service': `[Service]\nUser=nobody\n[Command]\ncommand="sh -c 'id -u; cat ${secret} || echo cannot read as nobody'"\n`,
    'jailed-nobody.service': `[Service]\nJail=yes\nUser=nobody\nGroup=nogroup\n[Command]\ncommand="sh -c 'id -u; id -g; echo hi > own.txt && cat own.txt; cat ${secret} || echo no secret'"\n`,
    'netless.service': `[Service]\nJail=yes\n[Command]\ncommand="sh -c 'cat /proc/net/dev | tail -n +3 | cut -d: -f1 | tr -d \\" \\"'"\n`,
  });
  fs.chmodSync(h.dir, 0o755);
});
afterAll(async () => {
  await h?.close();
  fs.rmSync(secretDir, { recursive: true, force: true });
});

describe.skipIf(!hasBwrap)('jail', () => {
  it('a jailed task cannot read a secret file nor write outside its directory; it can write its own', async () => {
    const t = await h.run('jailed');
    const log = await h.logText(t.id);
    expect(log).toMatch(/cat: .*secret.txt: No such file or directory/);
    expect(log).toContain('READ-FAILED');
    expect(log).toMatch(/can't create .*written-from-jail.txt: Directory nonexistent|No such file/);
    expect(log).toContain('WRITE-FAILED');
    expect(log).toMatch(/\/usr\/tf-probe: Read-only file system/);
    expect(log).toContain('USR-FAILED');
    expect(log).toContain('OWN-OK');
    expect(log).toMatch(/pid in jail: [0-9]\b/); // its own PID namespace
    expect(log).not.toContain('TOP-SECRET-VALUE');
    expect(fs.existsSync(outside)).toBe(false);
    expect(t.state).toBe('succeeded');
  });

  it('an unjailed control reads the same file and writes there', async () => {
    const t = await h.run('control');
    const log = await h.logText(t.id);
    expect(log).toContain('TOP-SECRET-VALUE');
    expect(log).toContain('READ-OK');
    expect(log).toContain('WRITE-OK');
    expect(fs.readFileSync(outside, 'utf8')).toBe('pwned\n');
    fs.rmSync(outside);
  });

  it('a jail with User= runs as that user and can still write its own directory', async () => {
    const t = await h.run('jailed-nobody');
    const out = (await h.logText(t.id)).split('\n').filter((l) => l.startsWith('stdout:'));
    expect(out).toEqual(['stdout: 65534', 'stdout: 65534', 'stdout: hi', 'stdout: no secret']);
  });

  it('a jail has no network but loopback unless the unit allows it', async () => {
    const t = await h.run('netless');
    expect(t.state).toBe('succeeded');
    expect((await h.logText(t.id)).split('\n').filter((l) => l.startsWith('stdout:'))).toEqual(['stdout: lo']);
  });
});

describe('User=', () => {
  it('runs as another user, who cannot read a root-only file', async () => {
    const t = await h.run('nobody');
    const log = await h.logText(t.id);
    expect(log).toContain('stdout: 65534');
    expect(log).toContain('cannot read as nobody');
    expect(log).not.toContain('TOP-SECRET-VALUE');
  });
});
