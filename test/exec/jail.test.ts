/**
 * The jail (bubblewrap) as a unit's author sees it: what a jailed task can use (its work
 * directory, /tmp, its own files, the system's programs, a generated /etc naming its user),
 * User= inside a jail, the network switch, and the refusals made when the worker starts. The
 * attempts to break out are in test/security/jail-breakout.test.ts. User= outside a jail is
 * tested here too, and runs without bubblewrap.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { loadUnitDir } from '../../src/units/load.js';
import { findBwrap } from '../../src/worker/runners/exec/jail.js';
import { JAIL_ID } from '../../src/worker/runners/exec/users.js';
import { unitHandlers } from '../../src/worker/runners/unit-handlers.js';
import { freshSqlite, tempDir } from '../helpers/stores.js';
import { PYTHON, startHarness, type Harness } from './harness.js';

const hasBwrap = findBwrap() !== null;
const isRoot = process.getuid?.() === 0;
if (!hasBwrap) {
  if (process.env.CI === 'true') throw new Error('bubblewrap (bwrap) is required in CI: apt-get install -y bubblewrap');
  console.warn('[skip] jail tests: bwrap not installed (Debian package bubblewrap)');
}
if (!isRoot) console.warn('[skip] User= tests: they need a root worker to switch users');

const stdout = (log: string) => log.split('\n').filter((l) => l.startsWith('stdout: ')).map((l) => l.slice('stdout: '.length));

describe.skipIf(!hasBwrap)('jail', () => {
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
    h = await startHarness(
      {
        'work/': '',
        'out/': ['', 0o777],
        'jailed.service': `[Service]\nJail=yes\n[Command]\ncommand=./probe.sh\n`,
        'control.service': `[Command]\ncommand=./probe.sh\n[Service]\nWorkingDirectory=work\n`,
        'probe.sh': [probe(secret, outside), 0o755],
        'whoami.sh': [
          '#!/bin/sh\nid -un; id -u; id -gn\necho "home=$HOME work=$TASKFRAME_WORK_DIR pwd=$(pwd) path=$PATH"\nhostname\nls /etc | tr "\\n" " "; echo\nenv | cut -d= -f1 | sort | tr "\\n" " "; echo\n',
          0o755,
        ],
        'whoami.service': `[Service]\nJail=yes\n[Command]\ncommand=./whoami.sh\n[Environment]\nGREETING=hello\n`,
        'tools.sh': [
          `#!/bin/sh\necho a b a | awk '{print $2}'\n${PYTHON} -c 'import json,tempfile; f=tempfile.NamedTemporaryFile(); print(json.dumps({"tmp": f.name[:5]}))'\ndf -k /tmp | tail -1 | tr -s " " | cut -d" " -f2\n`,
          0o755,
        ],
        'tools.service': `[Service]\nJail=yes\nLimitDisk=8M\n[Command]\ncommand=./tools.sh\n`,
        'jailed-nobody.service': `[Service]\nJail=yes\nUser=nobody\nGroup=nogroup\n[Command]\ncommand="sh -c 'id -u; id -g; echo hi > own.txt && cat own.txt; cat ${secret} || echo no secret'"\n`,
        'netless.service': `[Service]\nJail=yes\n[Command]\ncommand="sh -c 'cat /proc/net/dev | tail -n +3 | cut -d: -f1 | tr -d \\" \\"; test -e /etc/resolv.conf && echo resolv || echo no-resolv'"\n`,
        'networked.service': `[Service]\nJail=yes\nNetwork=yes\n[Command]\ncommand="sh -c 'test -s /etc/resolv.conf && echo resolv; test -d /etc/ssl/certs && echo certs'"\n`,
        'runner.py': [
          '#!/usr/bin/python3\nimport json, os, sys\nprint(json.dumps({"type": "ready", "protocol": 1}), flush=True)\n' +
            'for line in sys.stdin:\n    m = json.loads(line)\n    if m["type"] != "task": continue\n' +
            '    r = {"uid": os.getuid(), "home": os.environ.get("HOME"), "secret": os.path.exists("${secret}"), "cwd": os.getcwd()}\n' +
            '    print(json.dumps({"type": "result", "id": m["id"], "result": r}), flush=True)\n',
          0o755,
        ],
        'jailed-runner.service': `[Service]\nJail=yes\n[Runner]\nCommand=./runner.py\n`,
        'slow.service': `[Service]\nJail=yes\nMaxTime=300ms\nKillGrace=200ms\n[Command]\ncommand="sh -c 'sleep 31.5; echo never'"\n`,
        'persistent.service': `[Service]\nJail=yes\nWorkingDirectory=out\n[Command]\ncommand="sh -c 'pwd; echo kept > result.txt'"\n`,
      },
      { dirMode: 0o755 },
    );
  });
  afterAll(async () => {
    await h?.close();
    if (secretDir) fs.rmSync(secretDir, { recursive: true, force: true });
  });

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

  it("runs as the jail's own unprivileged user, in /tmp/work, with a generated /etc and only the unit's environment", async () => {
    const t = await h.run('whoami');
    expect(t.state).toBe('succeeded');
    const [name, uid, group, dirs, hostname, etc, env] = stdout(await h.logText(t.id));
    const expectedUid = isRoot ? JAIL_ID : process.getuid!();
    expect(uid).toBe(String(expectedUid));
    if (isRoot) expect([name, group]).toEqual(['task', 'task']);
    expect(dirs).toBe('home=/tmp/work work=/tmp/work pwd=/tmp/work path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
    expect(hostname).toBe('taskframe-jail');
    expect(etc!.trim().split(' ')).toEqual(expect.arrayContaining(['group', 'hostname', 'hosts', 'nsswitch.conf', 'passwd']));
    expect(etc).not.toMatch(/\bshadow\b|\bsudoers\b|\bssh\b/);
    const names = env!.trim().split(' ');
    expect(names).toContain('GREETING');
    expect(names).toContain('TASKFRAME_TASK_ID');
    // Nothing of the worker's environment but what the jail itself sets.
    const jailOwn = new Set(['PATH', 'HOME', 'USER', 'LOGNAME', 'TMPDIR', 'LANG', 'PWD', 'PYTHONUNBUFFERED', 'GREETING', 'SHLVL']);
    expect(names.filter((n) => !jailOwn.has(n) && !n.startsWith('TASKFRAME_'))).toEqual([]);
  });

  it('has the system programs (dynamic binaries, Debian alternatives, Python) and a /tmp of LimitDisk size', async () => {
    const t = await h.run('tools');
    expect(t.state).toBe('succeeded');
    const out = stdout(await h.logText(t.id));
    expect(out[0]).toBe('b');
    expect(out[1]).toBe('{"tmp": "/tmp/"}');
    expect(Number(out[2])).toBe(8192);
  });

  it('a jail with User= runs as that user and can still write its own directory', async () => {
    const t = await h.run('jailed-nobody');
    expect(stdout(await h.logText(t.id))).toEqual(['65534', '65534', 'hi', 'no secret']);
  });

  it('a jail has no network but loopback, and no resolv.conf, unless the unit allows it', async () => {
    const t = await h.run('netless');
    expect(t.state).toBe('succeeded');
    expect(stdout(await h.logText(t.id))).toEqual(['lo', 'no-resolv']);
    const n = await h.run('networked');
    expect(stdout(await h.logText(n.id))).toEqual(['resolv', 'certs']);
  });

  it('MaxTime= kills a jailed task and everything in its jail', async () => {
    const t = await h.run('slow');
    expect(t.state).toBe('failed');
    expect((t.error as { code?: string }).code).toBe('TIME_LIMIT');
    const left = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
      try {
        return fs.readFileSync(`/proc/${p}/cmdline`, 'latin1').includes('sleep\0' + '31.5');
      } catch {
        return false;
      }
    });
    expect(left).toEqual([]);
  });

  it('a long-lived runner runs jailed as a whole', async () => {
    const t = await h.run('jailed-runner');
    expect(t.state).toBe('succeeded');
    expect(t.result).toEqual({ uid: isRoot ? JAIL_ID : process.getuid!(), home: '/tmp/work', secret: false, cwd: '/tmp/work' });
  });

  it('WorkingDirectory= is the one host directory a jailed task writes, and what it writes stays', async () => {
    const t = await h.run('persistent');
    expect(t.state).toBe('succeeded');
    expect(stdout(await h.logText(t.id))).toEqual([path.join(h.dir, 'out')]);
    expect(fs.readFileSync(path.join(h.dir, 'out', 'result.txt'), 'utf8')).toBe('kept\n');
  });

  it('a worker refuses up front a jail that would run as root, or whose user cannot read the units', async () => {
    const ts = await freshSqlite();
    const engine = new Engine({ store: ts.store });
    try {
      const asRoot = tempDir('taskframe-jail-root-');
      fs.chmodSync(asRoot, 0o755);
      fs.writeFileSync(path.join(asRoot, 'r.service'), '[Service]\nJail=yes\nUser=root\n[Command]\ncommand=true\n');
      expect(() => unitHandlers(engine, loadUnitDir(asRoot), { stateDir: path.join(asRoot, '.state') })).toThrow(/r\.service: Service\.User.*never runs as root/);
      if (isRoot) {
        const closed = tempDir('taskframe-jail-closed-'); // mode 0700, owned by root
        fs.writeFileSync(path.join(closed, 'c.service'), '[Service]\nJail=yes\n[Command]\ncommand=true\n');
        expect(() => unitHandlers(engine, loadUnitDir(closed), { stateDir: path.join(asRoot, '.state') })).toThrow(
          new RegExp(`c\\.service:\\d+:\\d+: Service\\.Jail.*uid ${JAIL_ID}.*may not read and search ${closed} \\(owner 0:0, mode 0700\\).*chmod o\\+rx`),
        );
        fs.rmSync(closed, { recursive: true, force: true });
      }
      fs.rmSync(asRoot, { recursive: true, force: true });
    } finally {
      await ts.cleanup();
    }
  });
});

describe.skipIf(!isRoot)('User=', () => {
  let h: Harness;
  let secretDir: string;
  beforeAll(async () => {
    secretDir = tempDir('taskframe-secret-');
    const secret = path.join(secretDir, 'secret.txt');
    fs.writeFileSync(secret, 'TOP-SECRET-VALUE\n', { mode: 0o600 });
    h = await startHarness({ 'nobody.service': `[Service]\nUser=nobody\n[Command]\ncommand="sh -c 'id -u; cat ${secret} || echo cannot read as nobody'"\n` }, { dirMode: 0o755 });
  });
  afterAll(async () => {
    await h?.close();
    if (secretDir) fs.rmSync(secretDir, { recursive: true, force: true });
  });

  it('runs as another user, who cannot read a root-only file', async () => {
    const t = await h.run('nobody');
    const log = await h.logText(t.id);
    expect(log).toContain('stdout: 65534');
    expect(log).toContain('cannot read as nobody');
    expect(log).not.toContain('TOP-SECRET-VALUE');
  });
});
