/**
 * loadConfig: defaults, overridden by a file, by TASKFRAME_* variables, by flags; every value
 * with its source; every bad input refused naming the setting and where it came from.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, type LoadConfigOptions } from '../../src/config/load.js';
import { ValidationError } from '../../src/model/errors.js';
import { tempDir } from '../helpers/stores.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A fresh folder holding taskframe.yaml with this text (and nothing from the test's own environment). */
function folder(yaml?: string): string {
  const dir = tempDir('taskframe-config-');
  dirs.push(dir);
  if (yaml !== undefined) fs.writeFileSync(path.join(dir, 'taskframe.yaml'), yaml);
  return dir;
}

const load = (cwd: string, o: Omit<LoadConfigOptions, 'cwd'> = {}) => loadConfig({ env: {}, ...o, cwd });

function refusal(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return err as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('sources', () => {
  it('defaults, when nothing is given', () => {
    const c = load(folder());
    expect(c.file).toBeNull();
    expect(c.values.worker).toMatchObject({ concurrency: 10, queues: ['default'], lease: 30_000, grace: 10_000, maintenance: true });
    expect(c.values.store.url).toBe('sqlite:./taskframe.db');
    expect(c.values.bridge).toBeUndefined();
    expect(c.sources.get('worker.concurrency')).toEqual({ kind: 'default' });
    expect(c.sources.has('maintenance.retention')).toBe(false);
  });

  it('a file: ./taskframe.yaml, with each value at its file:line:column; durations in words; paths relative to the file', () => {
    const dir = folder('# the worker\nworker:\n  concurrency: 4\n  queues: [mail, default]\n  lease: 1m30s\n  module: lib/handlers.mjs\nmaintenance:\n  retention: 7d\n');
    const c = load(dir);
    expect(c.file).toBe(path.join(dir, 'taskframe.yaml'));
    expect(c.values.worker).toMatchObject({ concurrency: 4, queues: ['mail', 'default'], lease: 90_000, module: path.join(dir, 'lib/handlers.mjs') });
    expect(c.values.maintenance.retention).toBe(7 * 86_400_000);
    expect(c.sources.get('worker.concurrency')).toEqual({ kind: 'file', file: c.file, line: 3, column: 16 });
    expect(c.sources.get('worker.queues')).toEqual({ kind: 'file', file: c.file, line: 4, column: 11 });
    expect(c.sources.get('worker.grace')).toEqual({ kind: 'default' });
  });

  it('a file named by --config or TASKFRAME_CONFIG (JSON is YAML too), instead of ./taskframe.yaml', () => {
    const dir = folder('worker: {concurrency: 2}\n');
    const other = path.join(dir, 'conf', 'server.json');
    fs.mkdirSync(path.dirname(other));
    fs.writeFileSync(other, JSON.stringify({ server: { port: 9001, tokensFile: 'tokens.txt' }, scheduler: { workflows: ['nightly.yaml'] } }));
    for (const c of [load(dir, { file: 'conf/server.json' }), load(dir, { env: { TASKFRAME_CONFIG: other } })]) {
      expect(c.file).toBe(other);
      expect(c.values.server.port).toBe(9001);
      expect(c.values.worker.concurrency).toBe(10);
      expect(c.values.server.tokensFile).toBe(path.join(dir, 'conf', 'tokens.txt'));
      expect(c.values.scheduler.workflows).toEqual([path.join(dir, 'conf', 'nightly.yaml')]);
    }
  });

  it('environment variables: typed from text, lists comma-separated, an empty one unset', () => {
    const c = load(folder(), {
      env: { TASKFRAME_WORKER_CONCURRENCY: '12', TASKFRAME_WORKER_QUEUES: 'a, b', TASKFRAME_WORKER_MAINTENANCE: 'off', TASKFRAME_WORKER_LEASE: '2m', TASKFRAME_DB: 'sqlite:/tmp/x.db', TASKFRAME_LOG_LEVEL: '', TASKFRAME_BRIDGE_BUS: 'file:./bus' },
    });
    expect(c.values.worker).toMatchObject({ concurrency: 12, queues: ['a', 'b'], maintenance: false, lease: 120_000 });
    expect(c.values.store.url).toBe('sqlite:/tmp/x.db');
    expect(c.values.log.level).toBeUndefined();
    expect(c.values.bridge).toEqual({ bus: 'file:./bus' });
    expect(c.sources.get('worker.concurrency')).toEqual({ kind: 'env', name: 'TASKFRAME_WORKER_CONCURRENCY' });
  });

  it('a TASKFRAME_* variable one letter from a setting\'s is pointed out, not refused; the variables tasks are given are left alone', () => {
    const c = load(folder(), { env: { TASKFRAME_WORKER_CONCURENCY: '4', TASKFRAME_TASK_ID: '7', TASKFRAME_TEST_PG: 'x' } });
    expect(c.values.worker.concurrency).toBe(10);
    expect(c.warnings).toEqual(['TASKFRAME_WORKER_CONCURENCY is not a setting; did you mean TASKFRAME_WORKER_CONCURRENCY? (it is ignored)']);
  });

  it('flags', () => {
    const c = load(folder(), { flags: { 'worker.concurrency': { value: '3', flag: '--concurrency' }, 'worker.drain': { value: true, flag: '--drain' } } });
    expect(c.values.worker).toMatchObject({ concurrency: 3, drain: true });
    expect(c.sources.get('worker.concurrency')).toEqual({ kind: 'flag', flag: '--concurrency' });
  });

  it('precedence: a flag over a variable over the file over the default', () => {
    const dir = folder('worker:\n  concurrency: 4\n  grace: 5s\n  lease: 45s\n');
    const env = { TASKFRAME_WORKER_CONCURRENCY: '8', TASKFRAME_WORKER_GRACE: '7s' };
    const c = load(dir, { env, flags: { 'worker.concurrency': { value: '16', flag: '--concurrency' } } });
    expect(c.values.worker).toMatchObject({ concurrency: 16, grace: 7000, lease: 45_000 });
    expect(c.values.worker.poll).toBeUndefined();
    expect(c.sources.get('worker.concurrency')).toEqual({ kind: 'flag', flag: '--concurrency' });
    expect(c.sources.get('worker.grace')).toEqual({ kind: 'env', name: 'TASKFRAME_WORKER_GRACE' });
    expect(c.sources.get('worker.lease')).toMatchObject({ kind: 'file', line: 4 });
    expect(c.sources.get('worker.drain')).toEqual({ kind: 'default' });
    expect(load(dir, { env }).values.worker.concurrency).toBe(8);
    expect(load(dir).values.worker.concurrency).toBe(4);
  });
});

describe('refusals name the setting and its source', () => {
  it('an unknown key: did you mean …?, at the key\'s file:line:column', () => {
    const dir = folder('worker:\n  concurency: 4\n');
    const e = refusal(() => load(dir));
    expect(e.message).toBe(`${path.join(dir, 'taskframe.yaml')}:2:3: worker.concurency: unknown setting; did you mean "worker.concurrency"?`);
    expect(e.context).toMatchObject({ line: 2, column: 3, key: 'worker.concurency', source: 'file' });
  });

  it('a key in the wrong section, or from the old server file, points to where it lives now', () => {
    expect(refusal(() => load(folder('worker:\n  port: 80\n'))).message).toMatch(/:2:3: worker\.port: unknown setting; did you mean "server\.port"\?$/);
    expect(refusal(() => load(folder('{"port": 80, "tokens": []}'))).message).toMatch(/:1:2: port: unknown setting; did you mean "server\.port"\?$/);
    expect(refusal(() => load(folder('retentionMs: 1000\n'))).message).toMatch(/retentionMs: unknown setting; did you mean "maintenance\.retention"\?$/);
    expect(refusal(() => load(folder('maintenance: false\n'))).message).toMatch(/:1:14: maintenance: must be an object \(a mapping of settings\), got false; did you mean "server\.maintenance"\?$/);
    expect(refusal(() => load(folder('server:\n  tokens:\n    - {name: a, tokne: x}\n'))).message).toMatch(/:3:17: server\.tokens\[0\]\.tokne: unknown setting; did you mean "token"\?$/);
    expect(refusal(() => load(folder('colour: red\n'))).message).toMatch(/:1:1: colour: unknown setting$/);
  });

  it('a value of the wrong type, in the file', () => {
    const dir = folder('worker:\n  concurrency: lots\n  queues: default\n');
    expect(refusal(() => load(dir)).message).toBe(`${path.join(dir, 'taskframe.yaml')}:2:16: worker.concurrency: must be an integer from 1 to 100000, got "lots"`);
    expect(refusal(() => load(folder('worker:\n  queues: default\n'))).message).toMatch(/:2:11: worker\.queues: must be a list of names of letters, digits and \. _ : - \/ \(at least 1\), got "default"$/);
    expect(refusal(() => load(folder('worker:\n  lease: soon\n'))).message).toMatch(/:2:10: worker\.lease: must be a duration .* got "soon"$/);
    expect(refusal(() => load(folder('log:\n  level: loud\n'))).message).toMatch(/log\.level: must be one of "trace", "debug", "info", "warn", "error", "fatal" or "silent", got "loud"$/);
  });

  it('a value out of range, in the file, a variable or a flag', () => {
    expect(refusal(() => load(folder('worker:\n  concurrency: 0\n'))).message).toMatch(/:2:16: worker\.concurrency: must be an integer from 1 to 100000, got 0$/);
    expect(refusal(() => load(folder('worker:\n  queues: [ok, "not ok"]\n'))).message).toMatch(/:2:16: worker\.queues\[1\]: must be a name .* got "not ok"$/);
    const env = refusal(() => load(folder(), { env: { TASKFRAME_PORT: '70000' } }));
    expect(env.message).toBe('server.port (environment variable TASKFRAME_PORT): must be an integer from 0 to 65535, got 70000');
    expect(env.context).toMatchObject({ key: 'server.port', source: 'env', env: 'TASKFRAME_PORT' });
    const flag = refusal(() => load(folder(), { flags: { 'worker.lease': { value: '10ms', flag: '--lease' } } }));
    expect(flag.message).toBe('worker.lease (flag --lease): must be a duration (e.g. 500ms, 30s, 2m, 1h30m, or milliseconds) from 100ms to 24d, got "10ms"');
    expect(flag.context).toMatchObject({ key: 'worker.lease', source: 'flag', flag: '--lease' });
  });

  it('a wrong type from a variable or a flag', () => {
    expect(refusal(() => load(folder(), { env: { TASKFRAME_WORKER_DRAIN: 'maybe' } })).message).toBe('worker.drain (environment variable TASKFRAME_WORKER_DRAIN): must be true or false, got "maybe"');
    expect(refusal(() => load(folder(), { flags: { 'worker.concurrency': { value: 'ten', flag: '--concurrency' } } })).message).toBe('worker.concurrency (flag --concurrency): must be an integer from 1 to 100000, got "ten"');
  });

  it('a file that is not YAML, or not a mapping: file:line:column', () => {
    const dir = folder('worker:\n  concurrency: 4\n  queues: [a, b\nserver:\n  port: 1\n');
    const e = refusal(() => load(dir));
    expect(e.message).toMatch(new RegExp(`^${path.join(dir, 'taskframe.yaml').replace(/[.]/g, '\\.')}:\\d+:\\d+: not valid YAML: `));
    expect(e.context).toMatchObject({ file: path.join(dir, 'taskframe.yaml') });
    expect(refusal(() => load(folder('worker:\n  concurrency: 4\n  concurrency: 5\n'))).message).toMatch(/:3:3: not valid YAML: Map keys must be unique$/);
    expect(refusal(() => load(folder('- a\n- b\n'))).message).toMatch(/:1:1: must be a mapping of settings/);
  });

  it('a config file that is named but missing', () => {
    const dir = folder();
    expect(refusal(() => load(dir, { file: 'nope.yaml' })).message).toBe(`${path.join(dir, 'nope.yaml')}: cannot read the config file (--config): ENOENT`);
    expect(refusal(() => load(dir, { env: { TASKFRAME_CONFIG: 'gone.yaml' } })).message).toMatch(/gone\.yaml: cannot read the config file \(TASKFRAME_CONFIG\): ENOENT$/);
  });
});

describe('sections', () => {
  it('bridge and autoscale exist only when given; autoscale is checked like every section', () => {
    const c = load(folder('bridge:\n  bus: nats://127.0.0.1:4222\n  types: [a, b]\nautoscale:\n  groups: [{name: web, provider: {type: keda}, policy: {minWorkers: 1}}]\n'));
    expect(c.values.bridge).toEqual({ bus: 'nats://127.0.0.1:4222', types: ['a', 'b'] });
    expect(c.values.autoscale).toMatchObject({ interval: 5000, history: 20, groups: [{ name: 'web', concurrency: 10, provider: { type: 'keda' }, policy: { minWorkers: 1, maxWorkers: 10, scaleDown: { cooldown: 60_000 } } }] });
    expect(load(folder()).values.autoscale).toBeUndefined();
    expect(refusal(() => load(folder('autoscale: 3\n'))).message).toMatch(/:1:12: autoscale: must be an object \(a mapping of settings\), got 3$/);
    expect(refusal(() => load(folder('autoscale:\n  groups: {web: {min: 1}}\n'))).message).toMatch(/:2:11: autoscale\.groups: must be a list of groups \(below\), got \{"web":\{"min":1\}\}$/);
  });

  it('an empty file, or an empty section, is all defaults', () => {
    expect(load(folder('')).values.worker.concurrency).toBe(10);
    expect(load(folder('worker:\n')).values.worker.concurrency).toBe(10);
  });
});
