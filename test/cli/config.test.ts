/**
 * The CLI runs on the one configuration: `taskframe config` shows each effective setting and
 * where it came from; commands take their settings from the file, the environment and their
 * flags, in that order; a bad setting from any of them stops a command before it does anything.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { CLI } from '../helpers/processes.js';
import { tempDir } from '../helpers/stores.js';

let dir: string;
const SECRET = 'file-secret-abcdefghijkl';
const ENV_SECRET = 'env-secret-mnopqrstuvwx';

/** The CLI run in `cwd`, with only these TASKFRAME_* variables. */
function cli(args: string[], env: Record<string, string> = {}, cwd = dir): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TASKFRAME_')));
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

beforeAll(() => {
  dir = tempDir('taskframe-cli-config-');
  fs.writeFileSync(
    path.join(dir, 'taskframe.yaml'),
    ['store:', '  url: sqlite:./from-file.db', 'worker:', '  concurrency: 4', '  grace: 2s', '  module: handlers.mjs', 'server:', '  tokens:', `    - {name: ops, scopes: [admin], token: ${SECRET}}`, ''].join('\n'),
  );
  fs.writeFileSync(path.join(dir, 'handlers.mjs'), 'export default { noop: async () => 1 };\n');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('taskframe config', () => {
  it('prints every effective setting with its source and reload kind, and never a secret', async () => {
    const r = await cli(['config', '--log-level', 'info'], { TASKFRAME_WORKER_QUEUES: 'mail,default', TASKFRAME_TOKENS: `ci:producer:${ENV_SECRET}`, TASKFRAME_BRIDGE_BUS: 'amqp://guest:hunter2@127.0.0.1:5672' });
    expect(r.code, r.stderr).toBe(0);
    const row = (key: string) => r.stdout.split('\n').find((l) => l.startsWith(`${key} `))?.split(/\s{2,}/);
    expect(r.stdout).toContain(`config file: ${path.join(dir, 'taskframe.yaml')}`);
    expect(row('worker.concurrency')).toEqual(['worker.concurrency', '4', 'taskframe.yaml:4:16', 'live']);
    expect(row('worker.queues')).toEqual(['worker.queues', 'mail,default', 'env TASKFRAME_WORKER_QUEUES', 'live']);
    expect(row('log.level')).toEqual(['log.level', 'info', 'flag --log-level', 'live']);
    expect(row('worker.grace')).toEqual(['worker.grace', '2s', 'taskframe.yaml:5:10', 'restart']);
    expect(row('worker.lease')).toEqual(['worker.lease', '30s', 'default', 'restart']);
    expect(row('worker.module')).toEqual(['worker.module', path.join(dir, 'handlers.mjs'), 'taskframe.yaml:6:11', 'restart']);
    expect(row('bridge.bus')).toEqual(['bridge.bus', 'amqp://guest:[redacted]@127.0.0.1:5672', 'env TASKFRAME_BRIDGE_BUS', 'restart']);
    expect(row('server.tokenList')).toEqual(['server.tokenList', '[redacted]', 'env TASKFRAME_TOKENS', 'restart']);
    for (const secret of [SECRET, ENV_SECRET, 'hunter2']) expect(r.stdout).not.toContain(secret);
  });

  it('--json: the same, for scripts', async () => {
    const r = await cli(['config', '--json', '--db', 'sqlite:./from-flag.db'], { TASKFRAME_WORKER_LEASE: '1m', TASKFRAME_WORKER_GARCE: '5s' });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.file).toBe(path.join(dir, 'taskframe.yaml'));
    expect(out.warnings).toEqual(['TASKFRAME_WORKER_GARCE is not a setting; did you mean TASKFRAME_WORKER_GRACE? (it is ignored)']);
    expect(out.settings['store.url']).toEqual({ value: 'sqlite:./from-flag.db', source: { kind: 'flag', flag: '--db' }, reload: 'restart' });
    expect(out.settings['worker.concurrency']).toEqual({ value: 4, source: { kind: 'file', file: path.join(dir, 'taskframe.yaml'), line: 4, column: 16 }, reload: 'live' });
    expect(out.settings['worker.lease']).toEqual({ value: 60_000, source: { kind: 'env', name: 'TASKFRAME_WORKER_LEASE' }, reload: 'restart' });
    expect(out.settings['worker.drain']).toEqual({ value: false, source: { kind: 'default' }, reload: 'restart' });
    expect(out.settings['maintenance.retention']).toEqual({ value: null, source: { kind: 'default' }, reload: 'restart' });
    expect(out.settings['server.tokens'].value).toEqual([{ name: 'ops', scopes: ['admin'], token: '[redacted]' }]);
    expect(r.stdout).not.toContain(SECRET);
  });

  it('--config names another file; no file at all is fine', async () => {
    const other = path.join(dir, 'other.yaml');
    fs.writeFileSync(other, 'worker:\n  concurrency: 9\n');
    const r = await cli(['--config', other, 'config', '--json']);
    expect(JSON.parse(r.stdout).settings['worker.concurrency'].value).toBe(9);
    const empty = tempDir('taskframe-cli-noconfig-');
    try {
      const none = await cli(['config'], {}, empty);
      expect(none.code).toBe(0);
      expect(none.stdout).toContain('no config file');
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('commands run on the configuration', () => {
  it('a worker takes its settings from the file, a variable over the file, a flag over both', async () => {
    const fromFile = await cli(['worker', '--drain', '--no-maintenance']);
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(fromFile.stderr).toMatch(/serving default \(concurrency 4\)/);
    const fromEnv = await cli(['worker', '--drain', '--no-maintenance'], { TASKFRAME_WORKER_CONCURRENCY: '6' });
    expect(fromEnv.stderr).toMatch(/serving default \(concurrency 6\)/);
    const fromFlag = await cli(['worker', '--drain', '--no-maintenance', '--concurrency', '3', '--queue', 'a,b'], { TASKFRAME_WORKER_CONCURRENCY: '6' });
    expect(fromFlag.stderr).toMatch(/serving a,b \(concurrency 3\)/);
    // The store is the one the file names, relative to the working directory.
    expect(fs.existsSync(path.join(dir, 'from-file.db'))).toBe(true);
  });

  it('a bad setting from the file, a variable or a flag stops any command with exit 2, before it writes anything', async () => {
    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(bad, 'store:\n  url: sqlite:./never.db\nworker:\n  concurency: 4\n');
    const cases: Array<[string[], Record<string, string>, RegExp]> = [
      [['--config', bad, 'enqueue', 'x'], {}, /bad\.yaml:4:3: worker\.concurency: unknown setting; did you mean "worker\.concurrency"\?/],
      [['enqueue', 'x', '--db', 'sqlite:./never.db'], { TASKFRAME_LOG_LEVEL: 'loud' }, /log\.level \(environment variable TASKFRAME_LOG_LEVEL\): must be one of/],
      [['worker', '--db', 'sqlite:./never.db', '--concurrency', '0'], {}, /worker\.concurrency \(flag --concurrency\): must be an integer from 1 to 100000, got 0/],
      [['--db', 'sqlite:./never.db', 'server', '--port', '99999'], { TASKFRAME_TOKENS: `a:admin:${ENV_SECRET}` }, /server\.port \(flag --port\): must be an integer from 0 to 65535, got 99999/],
    ];
    for (const [args, env, message] of cases) {
      const r = await cli(args, env);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(fs.existsSync(path.join(dir, 'never.db'))).toBe(false);
  });

  it('global flags go before or after the command', async () => {
    const db = path.join(dir, 'after.db');
    expect((await cli(['enqueue', 'x', '--db', `sqlite:${db}`])).code).toBe(0);
    const store = await openStore(`sqlite:${db}`);
    try {
      expect((await store.taskList({ limit: 10 })).map((t) => t.name)).toEqual(['x']);
    } finally {
      await store.close();
    }
  });
});
