/**
 * Tries to break out of `Jail=yes`, the way a malicious task would. Every attempt runs twice:
 * jailed (refused, with the error the task saw) and unjailed as a control on the same worker
 * (it works there, so the refusal is the jail's doing and not a broken probe). The worker runs as
 * root here, as it does in CI; the controls that need root say so and skip otherwise.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBwrap } from '../../src/worker/runners/exec/jail.js';
import { PG_URL, pgHostPort, serviceAvailable } from '../helpers/services.js';
import { tempDir } from '../helpers/stores.js';
import { startJailHarness, type JailHarness } from './jail-harness.js';

const hasBwrap = findBwrap() !== null;
const isRoot = process.getuid?.() === 0;
if (!hasBwrap) {
  if (process.env.CI === 'true') throw new Error('bubblewrap (bwrap) is required in CI: apt-get install -y bubblewrap');
  console.warn('[skip] jail break-out tests: bwrap not installed (Debian package bubblewrap)');
} else if (!isRoot) console.warn('[skip] jail break-out controls that need a root worker (/etc/shadow, setuid, su): not running as root');

const PYTHON = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const WORKER_SECRET = `worker-secret-${process.pid}-${Date.now()}`;
const VICTIM_SECRET = `victim-secret-${process.pid}-${Date.now()}`;
const DEFINITION_SECRET = `definition-secret-${process.pid}`;
const { host: pgHost, port: pgPort } = pgHostPort(PG_URL);

let h: JailHarness;
let outside: string;
let victim: ChildProcess;
let pgUp = false;

/** A probe script and its two units: NAME-jail (Jail=yes) and NAME-open (no jail). */
function attempt(name: string, script: string, opts: { service?: string; jailArgs?: string; openArgs?: string } = {}): Record<string, string | [string, number]> {
  const unit = (jail: boolean, args: string | undefined) =>
    `[Service]\n${jail ? 'Jail=yes\n' : ''}${opts.service ?? ''}\n[Command]\ncommand=./${name}.sh\n${args ? `[Args]\nargs=${args}\n` : ''}`;
  return {
    [`${name}.sh`]: [`#!/bin/sh\n${script}\n`, 0o755],
    [`${name}-jail.service`]: unit(true, opts.jailArgs),
    [`${name}-open.service`]: unit(false, opts.openArgs ?? opts.jailArgs),
  };
}

const result = (out: string[]) => out.filter((l) => l.startsWith('RESULT=')).map((l) => l.slice('RESULT='.length));

beforeAll(async () => {
  if (!hasBwrap) return;
  pgUp = await serviceAvailable('PostgreSQL', pgHost, pgPort);
  outside = tempDir('taskframe-outside-');
  fs.chmodSync(outside, 0o777);
  // Another process on the machine with a secret of its own in its environment.
  victim = spawn('sleep', ['600'], { env: { PATH: process.env.PATH, VICTIM_SECRET }, stdio: 'ignore' });
  const files: Record<string, string | [string, number]> = {
    ...attempt('shadow', 'cat /etc/shadow && echo RESULT=read || echo RESULT=refused'),
    ...attempt('store', 'head -c 15 "$TASKFRAME_UNIT_DIR/taskframe.db" && echo && echo RESULT=read || echo RESULT=refused'),
    ...attempt('definitions', 'cat "$TASKFRAME_UNIT_DIR/holds-secret.service" && echo RESULT=read || echo RESULT=refused'),
    'holds-secret.service': `[Environment]\nAPI_KEY=${DEFINITION_SECRET}\n[Command]\ncommand=true\n`,
    ...attempt('environment', 'env | grep "^TF_BREAKOUT_SECRET=" && echo RESULT=read || echo RESULT=refused'),
    'init-environ.sh': ['#!/bin/sh\ntr "\\0" "\\n" < /proc/1/environ | grep -E "^(TF_BREAKOUT_SECRET|TASKFRAME_UNIT)="\n', 0o755],
    'init-environ-jail.service': '[Service]\nJail=yes\n[Command]\ncommand=./init-environ.sh\n',
    ...attempt('victim-environ', `tr "\\0" "\\n" < /proc/${victim.pid}/environ | grep "^VICTIM_SECRET=" && echo RESULT=read || echo RESULT=refused`),
    ...attempt('write', 'for f in "$@" "$TASKFRAME_UNIT_DIR/planted.txt"; do if echo pwned > "$f"; then echo "WROTE $f"; else echo "REFUSED $f"; fi; done', {
      jailArgs: `${outside}/from-jail.txt /usr/from-jail.txt /etc/from-jail.txt /from-jail.txt`,
      openArgs: `${outside}/from-open.txt`,
    }),
    ...attempt('signal', `kill -s TERM ${process.pid} && echo RESULT=signalled || echo RESULT=refused`, {}),
    'signal-open.service': `[Command]\ncommand="sh -c 'kill -0 ${process.pid} && echo RESULT=signalled || echo RESULT=refused'"\n`,
    ...attempt(
      'network',
      `${PYTHON} -c "import socket; socket.create_connection(('${pgHost}', ${pgPort}), 5).close(); print('RESULT=connected')" || echo RESULT=refused`,
    ),
    'network-allowed.service': `[Service]\nJail=yes\nNetwork=yes\n[Command]\ncommand=./network.sh\n`,
    ...attempt(
      'root',
      [
        'echo "UID=$(id -u)"',
        'echo "SETUID-EUID=$("$TASKFRAME_UNIT_DIR/suid-id" -u)"',
        "su root -c 'id -u' </dev/null && echo SU=ok || echo SU=refused",
        'if command -v sudo >/dev/null; then sudo -n id -u </dev/null && echo SUDO=ok || echo SUDO=refused; else echo SUDO=absent; fi',
        'grep -E "^(CapEff|NoNewPrivs|Seccomp):" /proc/self/status',
        'unshare -U true && echo UNSHARE=ok || echo UNSHARE=refused',
      ].join('\n'),
    ),
    'suid-nobody.service': `[Service]\nUser=nobody\n[Command]\ncommand=./suid-id\n[Args]\nargs=-u\n`,
    ...attempt(
      'disk',
      'dir=$1; i=0; while [ $i -lt 40 ]; do head -c 65536 /dev/zero > "$dir/f$i" 2>/dev/null || { echo "RESULT=refused after $i files in $dir"; rm -f "$dir"/f*; exit 0; }; i=$((i+1)); done; echo "RESULT=wrote 40 files in $dir"; rm -f "$dir"/f*',
      { service: 'LimitDisk=1M', jailArgs: '/tmp', openArgs: outside },
    ),
    'disk-shm.service': `[Service]\nJail=yes\nLimitDisk=1M\n[Command]\ncommand=./disk.sh\n[Args]\nargs=/dev/shm\n`,
  };
  h = await startJailHarness(files, { TF_BREAKOUT_SECRET: WORKER_SECRET }, (dir) => {
    // A setuid-root copy of id in the unit's directory: outside a jail it makes anyone root.
    fs.copyFileSync('/usr/bin/id', path.join(dir, 'suid-id'));
    if (isRoot) fs.chmodSync(path.join(dir, 'suid-id'), 0o4755);
  });
});

afterAll(async () => {
  victim?.kill('SIGKILL');
  await h?.close();
  if (outside) fs.rmSync(outside, { recursive: true, force: true });
});

describe.skipIf(!hasBwrap)('a jailed task cannot', () => {
  it.skipIf(!isRoot)("read the host's /etc/shadow (the jail has a generated /etc)", async () => {
    const jail = await h.run('shadow-jail');
    expect(jail.err.join('\n')).toContain('cat: /etc/shadow: No such file or directory');
    expect(result(jail.out)).toEqual(['refused']);
    const open = await h.run('shadow-open');
    expect(open.out.some((l) => l.startsWith('root:'))).toBe(true);
    expect(result(open.out)).toEqual(['read']);
  });

  it("read the store's database file kept in its unit's directory", async () => {
    const jail = await h.run('store-jail');
    expect(jail.err.join('\n')).toMatch(/taskframe\.db.*: Permission denied/);
    expect(jail.out.join('\n')).not.toContain('SQLite format');
    expect(result(jail.out)).toEqual(['refused']);
    const open = await h.run('store-open');
    expect(open.out).toContain('SQLite format 3');
    expect(result(open.out)).toEqual(['read']);
  });

  it("read another unit's definition (its [Environment] holds a secret)", async () => {
    const jail = await h.run('definitions-jail');
    expect(jail.err.join('\n')).toMatch(/holds-secret\.service: Permission denied/);
    expect(jail.log).not.toContain(DEFINITION_SECRET);
    const open = await h.run('definitions-open');
    expect(open.out).toContain(`API_KEY=${DEFINITION_SECRET}`);
  });

  it("read a secret in the worker's environment, even with inheritEnv", async () => {
    const jail = await h.run('environment-jail');
    expect(jail.log).not.toContain(WORKER_SECRET);
    expect(result(jail.out)).toEqual(['refused']);
    const open = await h.run('environment-open');
    expect(open.out).toContain(`TF_BREAKOUT_SECRET=${WORKER_SECRET}`);
  });

  it("find the worker's secret in /proc/1/environ (inside, pid 1 is the jail's own init)", async () => {
    const jail = await h.run('init-environ-jail');
    expect(jail.out).toEqual(['TASKFRAME_UNIT=init-environ-jail']);
    expect(jail.log).not.toContain(WORKER_SECRET);
    // The control: unjailed, the same worker does hand its secret to tasks (inheritEnv).
    const open = await h.run('environment-open');
    expect(open.out).toContain(`TF_BREAKOUT_SECRET=${WORKER_SECRET}`);
  });

  it("read another process's /proc/PID/environ", async () => {
    const jail = await h.run('victim-environ-jail');
    expect(jail.err.join('\n')).toMatch(new RegExp(`/proc/${victim.pid}/environ: No such file`));
    expect(jail.log).not.toContain(VICTIM_SECRET);
    const open = await h.run('victim-environ-open');
    expect(open.out).toContain(`VICTIM_SECRET=${VICTIM_SECRET}`);
  });

  it('write outside its work directory', async () => {
    const jail = await h.run('write-jail');
    const planted = path.join(h.dir, 'planted.txt');
    expect(jail.out).toEqual([`REFUSED ${outside}/from-jail.txt`, 'REFUSED /usr/from-jail.txt', 'REFUSED /etc/from-jail.txt', 'REFUSED /from-jail.txt', `REFUSED ${planted}`]);
    expect(jail.err.join('\n')).toMatch(/\/usr\/from-jail.txt: Read-only file system/);
    expect(jail.err.join('\n')).toContain(`${planted}: Read-only file system`);
    expect(fs.existsSync(`${outside}/from-jail.txt`)).toBe(false);
    expect(fs.existsSync('/usr/from-jail.txt')).toBe(false);
    expect(fs.existsSync(planted)).toBe(false);
    const open = await h.run('write-open');
    expect(open.out).toEqual([`WROTE ${outside}/from-open.txt`, `WROTE ${planted}`]);
    expect(fs.readFileSync(`${outside}/from-open.txt`, 'utf8')).toBe('pwned\n');
  });

  it('signal the worker process', async () => {
    const jail = await h.run('signal-jail');
    expect(jail.err.join('\n')).toMatch(/No such process/);
    expect(result(jail.out)).toEqual(['refused']);
    const open = await h.run('signal-open'); // signal 0: the permission check, without harm
    expect(result(open.out)).toEqual(['signalled']);
  });

  it('open a network connection without Network=yes (to the local PostgreSQL port)', async () => {
    if (!pgUp) return;
    const jail = await h.run('network-jail');
    expect(jail.err.join('\n')).toMatch(/Connection refused|Network is unreachable/);
    expect(result(jail.out)).toEqual(['refused']);
    const open = await h.run('network-open');
    expect(result(open.out)).toEqual(['connected']);
    const allowed = await h.run('network-allowed');
    expect(result(allowed.out)).toEqual(['connected']);
  });

  it.skipIf(!isRoot)('become root: not by uid, setuid binaries, su, sudo, capabilities or a new user namespace', async () => {
    const jail = await h.run('root-jail');
    const said = Object.fromEntries(jail.out.map((l) => l.split(/=|:\s+/)).filter((p) => p.length >= 2).map(([k, v]) => [k, v]));
    expect(Number(said.UID)).toBeGreaterThan(0);
    expect(said['SETUID-EUID']).toBe(said.UID);
    expect(said.SU).toBe('refused');
    expect(['refused', 'absent']).toContain(said.SUDO);
    expect(said.CapEff).toBe('0000000000000000');
    expect(said.NoNewPrivs).toBe('1');
    expect(said.Seccomp).toBe(process.arch === 'x64' || process.arch === 'arm64' ? '2' : '0');
    expect(said.UNSHARE).toBe('refused');
    const open = await h.run('root-open');
    const ctl = Object.fromEntries(open.out.map((l) => l.split(/=|:\s+/)).filter((p) => p.length >= 2).map(([k, v]) => [k, v]));
    expect(ctl.UID).toBe('0');
    expect(ctl.SU).toBe('ok');
    expect(ctl.CapEff).not.toBe('0000000000000000');
    expect(ctl.UNSHARE).toBe('ok');
    // The setuid copy does make an unprivileged, unjailed user root:
    const nobody = await h.run('suid-nobody');
    expect(nobody.out).toEqual(['0']);
  });

  it('exceed LimitDisk in /tmp or /dev/shm with many small files (each under the file-size limit)', async () => {
    const tmp = await h.run('disk-jail');
    expect(result(tmp.out)[0]).toMatch(/^refused after (1[0-6]|[0-9]) files in \/tmp$/);
    const shm = await h.run('disk-shm');
    expect(result(shm.out)[0]).toMatch(/^refused after (1[0-6]|[0-9]) files in \/dev\/shm$/);
    const open = await h.run('disk-open'); // RLIMIT_FSIZE alone bounds one file, not the total
    expect(result(open.out)).toEqual([`wrote 40 files in ${outside}`]);
  });
});
