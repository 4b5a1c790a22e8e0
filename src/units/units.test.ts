import { describe, expect, it } from 'vitest';
import { ValidationError } from '../model/errors.js';
import { parseUnit } from './load.js';
import { checkAllOrders, orderWarnings, runOrder } from './order.js';
import type { UnitSpec } from './spec.js';
import { splitWords, parseSize } from './words.js';

const SEED_INI = `[Dependencies]
Requires=libpng.service # make sure that libpng is running.
After=network.target # make sure the network is running

[Service]
User=test
Group=test
WorkingDirectory=/tmp/pandoc
Restart=never
LimitMem=infinity # infinite memory
MaxTime=2s # if it doesn't return in 2s, kill this job

[Checks]
check-pandoc="./check-pandoc"

[Environment]
DOCKER_PORT="0.0.0.0"

[Args]
args="site.md -o site.html --template=_template.html"

[Command]
command="pandoc"
`;

function fails(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return err as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('INI units', () => {
  it('reads the seed document example', () => {
    const u = parseUnit(SEED_INI, '/units/pandoc.service');
    expect(u.name).toBe('pandoc');
    expect(u.requires).toEqual(['libpng']);
    expect(u.after).toEqual(['network']);
    expect(u.user).toBe('test');
    expect(u.workingDirectory).toBe('/tmp/pandoc');
    expect(u.retries).toBe(0);
    expect(u.limitMem).toBeNull();
    expect(u.maxTimeMs).toBe(2000);
    expect(u.checks).toEqual([{ name: 'check-pandoc', argv: ['./check-pandoc'], text: './check-pandoc', at: '/units/pandoc.service:14:1' }]);
    expect(u.refs).toEqual([
      { kind: 'requires', name: 'libpng', written: 'libpng.service', at: '/units/pandoc.service:2:1' },
      { kind: 'after', name: 'network', written: 'network.target', at: '/units/pandoc.service:3:1' },
    ]);
    expect(u.at['service.workingdirectory']).toBe('/units/pandoc.service:8:1');
    expect(u.env).toEqual({ DOCKER_PORT: '0.0.0.0' });
    expect(u.argv).toEqual(['pandoc', 'site.md', '-o', 'site.html', '--template=_template.html']);
    expect(u.shell).toBe(false);
    expect(u.version).toMatch(/^[0-9a-f]{16}$/);
  });

  it('reads limits, restarts, jail, runner and set-up', () => {
    const u = parseUnit(
      `[Service]\nRestart=5\nLimitMem=256M\nLimitDisk=1.5G\nJail=yes\nKillGrace=500ms\nLogLimit=64K\n[Setup]\ndeps=pip install -r requirements.txt && echo done\n[Runner]\nCommand=python3 runner.py\nProcesses=2\nConcurrency=100\nRecycleAfter=1000\n`,
      'x/r.ini',
    );
    expect(u.retries).toBe(5);
    expect(u.limitMem).toEqual({ bytes: 256 * 1024 ** 2, text: '256M' });
    expect(u.limitDisk!.bytes).toBe(Math.floor(1.5 * 1024 ** 3));
    expect(u.jail).toBe(true);
    expect(u.network).toBe(false); // a jail has no network unless asked
    expect(u.killGraceMs).toBe(500);
    expect(u.logLimitBytes).toBe(65536);
    expect(u.setup[0]!.text).toBe('pip install -r requirements.txt && echo done');
    expect(u.runner).toEqual({ argv: ['python3', 'runner.py'], processes: 2, concurrency: 100, recycleAfter: 1000 });
  });

  it('keeps # inside quotes and strips inline comments outside them', () => {
    const u = parseUnit(`[Command]\ncommand="echo a#b" # comment\n[Environment]\nURL=http://x/#frag\nA = spaced value ; semicolon comment\n`, 'c.service');
    expect(u.argv).toEqual(['echo', 'a#b']);
    expect(u.env).toEqual({ URL: 'http://x/#frag', A: 'spaced value' });
  });

  it('an unknown section is refused at its header, an empty one too', () => {
    const e = fails(() => parseUnit(`[Command]\ncommand=true\n\n[Servce]\nUser=x\n`, 'units/a.service'));
    expect(e.field).toBe('units/a.service:4:1');
    expect(e.message).toContain('unknown section [Servce]');
    expect(fails(() => parseUnit(`[Servce]\n[Command]\ncommand=true\n`, 'units/b.service')).message).toMatch(/^units\/b.service:1:1: unknown section \[Servce\]/);
    expect(fails(() => parseUnit(`[Command]\ncommand=true\n  [Extra] # nothing in it\n`, 'units/c.service')).field).toBe('units/c.service:3:3');
  });

  it('a Requires= or After= naming no unit at all is refused at its line', () => {
    expect(fails(() => parseUnit(`[Dependencies]\nRequires=\n[Command]\ncommand=true\n`, 'r.service')).message).toBe('r.service:2:1: Requires= names no unit (write unit names, or remove the line)');
    expect(fails(() => parseUnit(`[Command]\ncommand=true\n[Dependencies]\nAfter=""\n`, 'r.service')).field).toBe('r.service:4:1');
  });

  it('an unknown key names the file, line and the known keys', () => {
    const e = fails(() => parseUnit(`[Command]\ncommand=true\n[Service]\nMaxTme=2s\n`, 'b.service'));
    expect(e.field).toBe('b.service:4:1');
    expect(e.message).toMatch(/unknown key "MaxTme" in \[Service\].*maxtime/);
  });

  it('rejects a key before any section, a line without =, bad values and unterminated quotes, each with its line', () => {
    expect(fails(() => parseUnit(`command=true\n`, 'c.service')).field).toBe('c.service:1:1');
    expect(fails(() => parseUnit(`[Command]\ncommand=true\njunk\n`, 'c.service')).field).toBe('c.service:3:1');
    expect(fails(() => parseUnit(`[Command]\ncommand=true\n[Service]\nLimitMem=lots\n`, 'c.service')).message).toMatch(/c.service:4:1.*malformed size/);
    expect(fails(() => parseUnit(`[Command]\ncommand=true\n[Service]\nMaxTime=soon\n`, 'c.service')).message).toMatch(/c.service:4:1.*malformed duration/);
    expect(fails(() => parseUnit(`[Command]\ncommand="true\n`, 'c.service')).message).toMatch(/c.service:2:\d+.*unterminated/);
    expect(fails(() => parseUnit(`[Service]\nJail=maybe\n[Command]\ncommand=true\n`, 'c.service')).message).toMatch(/c.service:2:1.*yes or no/);
  });

  it('a unit without a command is an error', () => {
    const e = fails(() => parseUnit(`[Service]\nMaxTime=2s\n`, 'nocmd.service'));
    expect(e.message).toMatch(/nocmd.service.*missing command/);
  });
});

describe('YAML units', () => {
  it('means the same as the INI form', () => {
    const y = parseUnit(
      `requires: [libpng.service]\nafter: [network.target]\nservice:\n  user: test\n  group: test\n  workingDirectory: /tmp/pandoc\n  restart: never\n  limitMem: infinity\n  maxTime: 2s\nchecks:\n  check-pandoc: ./check-pandoc\nenvironment:\n  DOCKER_PORT: "0.0.0.0"\nargs: [site.md, -o, site.html, --template=_template.html]\ncommand: pandoc\n`,
      '/units/pandoc.yaml',
    );
    const i = parseUnit(SEED_INI, '/units/pandoc.service');
    // The same but for where things were written.
    const strip = (u: UnitSpec) => ({ ...u, file: '', format: '', version: '', at: {}, refs: u.refs.map((r) => ({ ...r, at: '' })), checks: u.checks.map((c) => ({ ...c, at: '' })) });
    expect(strip(y)).toEqual(strip(i));
  });

  it('lists are not word-split and name: overrides the file name', () => {
    const u = parseUnit(`name: other\ncommand: [/bin/echo, "two words"]\n`, 'x.yml');
    expect(u.name).toBe('other');
    expect(u.argv).toEqual(['/bin/echo', 'two words']);
  });

  it('unknown keys and syntax errors name file and line', () => {
    expect(fails(() => parseUnit(`command: true\nservice:\n  maxtime: 1s\n  colour: red\n`, 'y.yaml')).message).toMatch(/y.yaml:4:3.*unknown key "colour"/);
    expect(fails(() => parseUnit(`command: true\nflavour:\n  a: 1\n`, 'y.yaml')).message).toMatch(/^y.yaml:2:1: unknown section \[flavour\]/);
    expect(fails(() => parseUnit(`command: "true"\nflavour: {}\n`, 'y.yaml')).message).toMatch(/^y.yaml:2:1: unknown section \[flavour\]/);
    expect(fails(() => parseUnit(`command: true\nbogus: 3\n`, 'y.yaml')).message).toMatch(/y.yaml:2:1.*unknown top-level key "bogus"/);
    expect(fails(() => parseUnit(`command: [a\n`, 'y.yaml')).field).toMatch(/^y.yaml:\d+:\d+$/);
    expect(fails(() => parseUnit(`service:\n  maxTime: 1s\n`, 'y.yaml')).message).toMatch(/missing command/);
  });
});

describe('[RunIf]', () => {
  it('reads the seed examples: a condition command, and a cron schedule', () => {
    const cond = parseUnit(`[RunIf]\nRequires="./check-if-too-many-users.sh" # returns 0 if the task needs to run\n\n[Command]\ncommand="./prune-users.sh"\n`, '/u/prune.service');
    expect(cond.runIf).toEqual({ requires: [{ name: './check-if-too-many-users.sh', argv: ['./check-if-too-many-users.sh'], text: './check-if-too-many-users.sh', at: '/u/prune.service:2:1' }], triggers: [], overlap: 'allow', catchup: 'skip' });
    const cron = parseUnit(`[RunIf]\ncron="* * * * *" # run every minute\n\n[Command]\ncommand="./heartbeat.sh"\n`, '/u/heartbeat.service');
    expect(cron.runIf).toEqual({ requires: [], triggers: [{ kind: 'cron', value: '* * * * *', at: '/u/heartbeat.service:2:1' }], overlap: 'allow', catchup: 'skip' });
  });

  it('takes several conditions, every=, a time zone, overlap and catchup; YAML means the same', () => {
    const ini = parseUnit(
      `[RunIf]\nRequires=./a.sh --quick\nRequires=test -f flag\ncron=0 6 * * *\ntimezone=Europe/Paris\nevery=@every 5m\noverlap=forbid\ncatchup=once\n[Command]\ncommand=true\n`,
      'r.service',
    );
    expect(ini.runIf!.requires.map((r) => r.argv)).toEqual([['./a.sh', '--quick'], ['test', '-f', 'flag']]);
    expect(ini.runIf!.triggers).toEqual([
      { kind: 'cron', value: '0 6 * * *', timezone: 'Europe/Paris', at: 'r.service:4:1' },
      { kind: 'every', value: '@every 5m', everyMs: 300_000, at: 'r.service:6:1' },
    ]);
    expect(ini.runIf).toMatchObject({ overlap: 'forbid', catchup: 'once' });
    const yaml = parseUnit(`command: "true"\nrunIf:\n  requires: [./a.sh, --quick]\n  every: 5m\n`, 'r.yaml');
    expect(yaml.runIf).toEqual({ requires: [{ name: './a.sh --quick', argv: ['./a.sh', '--quick'], text: './a.sh --quick', at: 'r.yaml:3:3' }], triggers: [{ kind: 'every', value: '5m', everyMs: 300_000, at: 'r.yaml:4:3' }], overlap: 'allow', catchup: 'skip' });
  });

  it('an invalid cron, every or time zone is a ValidationError naming file and line', () => {
    const six = fails(() => parseUnit(`[Command]\ncommand=true\n\n[RunIf]\ncron="* * * *" # four fields\n`, 'units/hb.service'));
    expect(six.field).toBe('units/hb.service:5:1');
    expect(six.message).toBe('units/hb.service:5:1: invalid cron "* * * *": expected 5 fields (minute hour day month weekday) or 6 (with seconds first), got 4');
    expect(fails(() => parseUnit(`[RunIf]\ncron=61 * * * *\n[Command]\ncommand=true\n`, 'm.service')).message).toMatch(/^m.service:2:1: invalid cron "61 \* \* \* \*": /);
    expect(fails(() => parseUnit(`command: "true"\nrunIf:\n  cron: "every day"\n`, 'y.yaml')).message).toMatch(/^y.yaml:3:3: invalid cron "every day"/);
    expect(fails(() => parseUnit(`[RunIf]\nevery=500ms\n[Command]\ncommand=true\n`, 'e.service')).message).toBe('e.service:2:1: `every` must be at least 1s');
    expect(fails(() => parseUnit(`[RunIf]\nevery=often\n[Command]\ncommand=true\n`, 'e.service')).message).toMatch(/^e.service:2:1: invalid `every`/);
    expect(fails(() => parseUnit(`[RunIf]\ncron=0 * * * *\ntimezone=Mars/Olympus\n[Command]\ncommand=true\n`, 't.service')).message).toBe('t.service:3:1: unknown time zone "Mars/Olympus"');
    expect(fails(() => parseUnit(`[RunIf]\ntimezone=UTC\nevery=1m\n[Command]\ncommand=true\n`, 't.service')).message).toMatch(/^t.service:2:1: RunIf.timezone applies to cron= only/);
    expect(fails(() => parseUnit(`[RunIf]\ncron=0 * * * *\ncron=5 * * * *\n[Command]\ncommand=true\n`, 'd.service')).message).toBe('d.service:3:1: RunIf.cron is given twice (first at line 2)');
    expect(fails(() => parseUnit(`[RunIf]\noverlap=never\ncron=0 * * * *\n[Command]\ncommand=true\n`, 'o.service')).message).toBe('o.service:2:1: RunIf.overlap must be allow or forbid, got "never"');
    expect(fails(() => parseUnit(`[RunIf]\nRequires=./c.sh\ncatchup=once\n[Command]\ncommand=true\n`, 'o.service')).message).toMatch(/^o.service:3:1: RunIf.catchup applies to a schedule/);
    expect(fails(() => parseUnit(`[RunIf]\nRequires=""\n[Command]\ncommand=true\n`, 'q.service')).message).toMatch(/^q.service:2:1: RunIf.Requires is empty/);
    expect(fails(() => parseUnit(`[RunIf]\nwhen=now\n[Command]\ncommand=true\n`, 'k.service')).message).toMatch(/^k.service:2:1: unknown key "when" in \[RunIf\] \(known: requires, cron, every, timezone, overlap, catchup\)/);
  });
});

describe('run order', () => {
  const node = (name: string, requires: string[] = [], after: string[] = []) => [name, { name, file: `${name}.service`, requires, after }] as const;

  it('runs requirements first, transitively, in topological order', () => {
    const units = new Map([node('app', ['libpng', 'db']), node('libpng', ['libjpeg']), node('libjpeg'), node('db', [], ['libpng'])]);
    const order = runOrder(units, 'app');
    expect(order.at(-1)).toBe('app');
    expect(order.indexOf('libjpeg')).toBeLessThan(order.indexOf('libpng'));
    expect(order.indexOf('libpng')).toBeLessThan(order.indexOf('db')); // After= orders
    expect(order).toHaveLength(4);
  });

  it('After= does not pull a unit in', () => {
    const units = new Map([node('app', [], ['other']), node('other')]);
    expect(runOrder(units, 'app')).toEqual(['app']);
  });

  it('a cycle is an error that names it', () => {
    const units = new Map([node('a', ['b']), node('b', ['c']), node('c', ['a'])]);
    const e = fails(() => runOrder(units, 'a'));
    expect(e.message).toContain('dependency cycle: a -> b -> c -> a');
  });

  it('a missing requirement names the unit that requires it', () => {
    const units = new Map([node('a', ['ghost'])]);
    expect(fails(() => runOrder(units, 'a')).message).toMatch(/a.service: Requires=ghost: no such unit/);
  });

  const read = (files: Record<string, string>) => new Map(Object.entries(files).map(([f, text]) => [f.replace(/\..*$/, ''), parseUnit(text, `units/${f}`)] as const));

  it('units read from files are named at the Requires= or After= line that breaks them', () => {
    const missing = read({ 'a.service': `[Command]\ncommand=true\n[Dependencies]\nRequires=ghost.service\n` });
    expect(fails(() => checkAllOrders(missing)).message).toBe('units/a.service:4:1: Requires=ghost.service: no such unit');
    const cycle = read({
      'a.service': `[Dependencies]\nRequires=b\n[Command]\ncommand=true\n`,
      'b.yaml': `command: "true"\nafter: [a]\n`,
    });
    const e = fails(() => checkAllOrders(cycle));
    expect(e.message).toBe('units/b.yaml:2:1: dependency cycle: a -> b -> a');
  });

  it('an After= naming no unit is a warning at its line; a systemd target is said to be ignored', () => {
    const units = read({
      'a.service': `[Dependencies]\nAfter=network.target b.service\nAfter=ghost\n[Command]\ncommand=true\n`,
      'b.service': `[Command]\ncommand=true\n`,
    });
    checkAllOrders(units);
    expect(orderWarnings(units)).toEqual([
      'units/a.service:2:1: After=network.target is a systemd target; taskframe has no targets, so it is ignored',
      'units/a.service:3:1: After=ghost: no such unit in this directory, so it orders nothing (ignored)',
    ]);
  });
});

describe('value grammars', () => {
  it('splits words like a shell without expanding anything', () => {
    expect(splitWords(`a 'b c' "d \\"e\\"" f\\ g $HOME`)).toEqual(['a', 'b c', 'd "e"', 'f g', '$HOME']);
    expect(() => splitWords(`a 'b`)).toThrow(/unterminated/);
  });
  it('reads sizes', () => {
    expect(parseSize('256M')).toBe(268435456);
    expect(parseSize('8G')).toBe(8 * 1024 ** 3);
    expect(parseSize('512KiB')).toBe(512 * 1024);
    expect(parseSize('infinity')).toBeNull();
    expect(() => parseSize('-1M')).toThrow();
  });
});
