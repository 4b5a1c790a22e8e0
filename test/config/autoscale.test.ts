/**
 * The autoscaler's settings are the `autoscale:` section of taskframe.yaml, read by the one
 * loader: each field at its file:line:column, defaults filled in, TASKFRAME_AUTOSCALE_* variables,
 * and every refusal (unknown key with a suggestion, wrong type, out of range, a rule between
 * fields, an old autoscaler file's keys) named at its place in the file, or by its variable.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { autoscaleConfig } from '../../src/autoscale/config.js';
import { shownSettings } from '../../src/config/display.js';
import { loadConfig } from '../../src/config/load.js';
import { ValidationError } from '../../src/model/errors.js';
import { tempDir } from '../helpers/stores.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function write(yaml: string): string {
  const dir = tempDir('taskframe-autoscale-config-');
  dirs.push(dir);
  const file = path.join(dir, 'taskframe.yaml');
  fs.writeFileSync(file, yaml);
  return file;
}
const load = (yaml: string, env: Record<string, string> = {}) => loadConfig({ file: write(yaml), env });

function refusal(yaml: string, env: Record<string, string> = {}): ValidationError {
  try {
    load(yaml, env);
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return err as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

const GOOD = `store:
  url: sqlite:./app.db
autoscale:
  interval: 2s
  provider: { type: keda }
  groups:
    - name: emails
      queues: [emails, bulk]
      concurrency: 4
      policy:
        latencyTarget: 3s
        minWorkers: 1
        maxWorkers: 20
        scaleDown: { cooldown: 2m }
    - name: reports
      provider:
        type: local
        command: [taskframe, --db, "{db}", worker, --queue, "{queues}"]
`;

describe('the autoscale section', () => {
  it('is read with its defaults; the autoscaler takes its options from it and the store from store.url', () => {
    const c = load(GOOD);
    expect(c.values.store.url).toBe('sqlite:./app.db');
    const a = autoscaleConfig(c.values, c.file);
    expect(a).toMatchObject({ intervalMs: 2000, leaderTtlMs: 6000, history: 20 });
    expect(a.groups[0]).toMatchObject({ name: 'emails', queues: ['emails', 'bulk'], provider: { type: 'keda' }, policy: { concurrency: 4, latencyTargetMs: 3000, minWorkers: 1, maxWorkers: 20, cooldownMs: 120_000, hysteresis: 0.1 } });
    expect(a.groups[1]).toMatchObject({ name: 'reports', queues: ['reports'], provider: { type: 'local', command: ['taskframe', '--db', '{db}', 'worker', '--queue', '{queues}'], stopTimeoutMs: 30_000 } });
  });

  it('each field has its source (file:line:column, or default) and reload kind, as taskframe config shows them', () => {
    const c = load(GOOD);
    const row = (key: string) => shownSettings(c).find((s) => s.key === key);
    expect(row('autoscale.groups[0].policy.maxWorkers')).toMatchObject({ value: 20, text: '20', source: { kind: 'file', line: 13, column: 21 }, reload: 'live' });
    expect(row('autoscale.groups[0].policy.scaleDown.cooldown')).toMatchObject({ text: '2m', source: { kind: 'file', line: 14, column: 32 }, reload: 'live' });
    expect(row('autoscale.groups[0].policy.utilization')).toMatchObject({ value: 0.8, source: { kind: 'default' }, reload: 'live' });
    expect(row('autoscale.groups[0].concurrency')).toMatchObject({ value: 4, source: { kind: 'file', line: 9 }, reload: 'restart' });
    expect(row('autoscale.groups[1].provider.stopTimeout')).toMatchObject({ text: '30s', source: { kind: 'default' }, reload: 'restart' });
    expect(row('autoscale.provider.type')).toMatchObject({ value: 'keda', source: { kind: 'file', line: 5 }, reload: 'restart' });
    expect(row('autoscale.interval')).toMatchObject({ text: '2s', source: { kind: 'file', line: 4, column: 13 }, reload: 'restart' });
    expect(row('autoscale.history')).toMatchObject({ value: 20, source: { kind: 'default' }, reload: 'live' });
  });

  it('TASKFRAME_AUTOSCALE_* variables override the file', () => {
    const c = load(GOOD, { TASKFRAME_AUTOSCALE_INTERVAL: '10s', TASKFRAME_AUTOSCALE_HISTORY: '50', TASKFRAME_AUTOSCALE_ID: 'scaler-2' });
    expect(autoscaleConfig(c.values)).toMatchObject({ intervalMs: 10_000, leaderTtlMs: 30_000, history: 50, id: 'scaler-2' });
    expect(c.sources.get('autoscale.interval')).toEqual({ kind: 'env', name: 'TASKFRAME_AUTOSCALE_INTERVAL' });
  });

  it('an unknown key: did you mean …?, at the key, also for a field that belongs in the policy', () => {
    const cooldown = refusal(GOOD.replace('cooldown: 2m', 'cooldwn: 2m'));
    expect(cooldown.message).toMatch(/taskframe\.yaml:14:22: autoscale\.groups\[0\]\.policy\.scaleDown\.cooldwn: unknown setting; did you mean "cooldown"\?$/);
    expect(cooldown.context).toMatchObject({ line: 14, column: 22, key: 'autoscale.groups[0].policy.scaleDown.cooldwn', source: 'file' });
    expect(refusal(GOOD.replace('      concurrency: 4', '      maxWorkers: 4')).message).toMatch(/:9:7: autoscale\.groups\[0\]\.maxWorkers: unknown setting; did you mean "policy\.maxWorkers"\?$/);
    expect(refusal(GOOD.replace('  interval: 2s', '  intervall: 2s')).message).toMatch(/:4:3: autoscale\.intervall: unknown setting; did you mean "autoscale\.interval"\?$/);
    expect(refusal(GOOD.replace('        command: [', '        comand: [')).message).toMatch(/:18:9: autoscale\.groups\[1\]\.provider\.comand: unknown setting; did you mean "command"\?$/);
  });

  it("the autoscaler's own store key is refused, pointing at store.url", () => {
    expect(refusal(GOOD.replace('  interval: 2s', '  db: postgres://x@db/jobs')).message).toMatch(/:4:3: autoscale\.db: unknown setting; did you mean "store\.url"\?$/);
  });

  it("an old autoscaler file (its keys at the top level) is refused, saying where each key lives now", () => {
    expect(refusal('db: sqlite:./app.db\ngroups: []\n').message).toMatch(/:1:1: db: unknown setting; did you mean "store\.url"\?$/);
    expect(refusal('interval: 5s\ngroups: []\n').message).toMatch(/:1:1: interval: unknown setting; did you mean "autoscale\.interval"\?$/);
    expect(refusal('groups:\n  - name: a\n').message).toMatch(/:1:1: groups: unknown setting; did you mean "autoscale\.groups"\?$/);
  });

  it('a wrong type or a value out of range, at the value', () => {
    expect(refusal(GOOD.replace('latencyTarget: 3s', 'latencyTarget: -5')).message).toMatch(/:11:24: autoscale\.groups\[0\]\.policy\.latencyTarget: must be a duration \(e\.g\. 500ms, 30s, 2m, 1h30m, or milliseconds\) from 1ms to 24d, got -5$/);
    expect(refusal(GOOD.replace('concurrency: 4', 'concurrency: four')).message).toMatch(/:9:20: autoscale\.groups\[0\]\.concurrency: must be an integer from 1 to 100000, got "four"$/);
    expect(refusal(GOOD.replace('queues: [emails, bulk]', 'queues: [emails, "no spaces"]')).message).toMatch(/:8:24: autoscale\.groups\[0\]\.queues\[1\]: must be a name of letters/);
    expect(refusal(GOOD.replace('  interval: 2s', '  interval: 2s\n  history: 0')).message).toMatch(/:5:12: autoscale\.history: must be an integer from 1 to 200, got 0$/);
  });

  it('a provider is told apart by its type: an unknown one is named with the known ones, at the type', () => {
    expect(refusal(GOOD.replace('        type: local', '        type: lokal')).message).toMatch(/:17:15: autoscale\.groups\[1\]\.provider\.type: unknown provider "lokal"; did you mean "local"\? \(one of local, command, keda\)$/);
    expect(refusal(GOOD.replace('{ type: keda }', '{ type: kubernetes }')).message).toMatch(/:5:21: autoscale\.provider\.type: unknown provider "kubernetes" \(one of local, command, keda\)$/);
    expect(refusal(GOOD.replace('        command: [taskframe, --db, "{db}", worker, --queue, "{queues}"]\n', '')).message).toMatch(/:17:9: autoscale\.groups\[1\]\.provider\.command: is required: a list of arguments \(at least 1\)$/);
  });

  it('rules between fields are refused at the field they name: min above max, a queue in two groups, no provider, a lease shorter than the interval', () => {
    expect(refusal(GOOD.replace('minWorkers: 1', 'minWorkers: 30')).message).toMatch(/:12:21: autoscale\.groups\[0\]\.policy\.minWorkers: must be at most maxWorkers \(20\), got 30$/);
    expect(refusal(GOOD.replace('queues: [emails, bulk]', 'queues: [emails, reports]')).message).toMatch(/:15:13: autoscale\.groups\[1\]\.name: queue "reports" is already scaled by group "emails": a queue belongs to one group$/);
    expect(refusal(GOOD.replace('  provider: { type: keda }\n', '')).message).toMatch(/:6:7: autoscale\.groups\[0\]\.provider: no provider: give one here or in autoscale\.provider/);
    expect(refusal(GOOD.replace('  interval: 2s', '  interval: 2s\n  leaderTtl: 1s')).message).toMatch(/:5:14: autoscale\.leaderTtl: must be longer than autoscale\.interval \(2000 ms\)/);
    // Set by a variable, a rule's problem names the variable.
    const env = refusal(GOOD, { TASKFRAME_AUTOSCALE_LEADER_TTL: '1500ms' });
    expect(env.message).toBe('autoscale.leaderTtl (environment variable TASKFRAME_AUTOSCALE_LEADER_TTL): must be longer than autoscale.interval (2000 ms), or the leader loses its lease between two passes');
    expect(env.context).toMatchObject({ key: 'autoscale.leaderTtl', source: 'env', env: 'TASKFRAME_AUTOSCALE_LEADER_TTL' });
  });

  it('a section without groups is fine for every other command; taskframe autoscale refuses it, naming the file', () => {
    const c = load('autoscale:\n  interval: 5s\n');
    expect(c.values.autoscale).toEqual({ interval: 5000, history: 20 });
    expect(() => autoscaleConfig(c.values, c.file)).toThrow(/autoscale\.groups: no groups to scale: .*taskframe\.yaml has no autoscale\.groups/);
  });
});

describe('the documented autoscale configurations load', () => {
  const docs = fileURLToPath(new URL('../../docs', import.meta.url));

  it("docs/autoscale-day.yaml (the simulator's chart) is a taskframe.yaml with an autoscale section", () => {
    const c = loadConfig({ file: path.join(docs, 'autoscale-day.yaml'), env: {} });
    expect(autoscaleConfig(c.values, c.file).groups[0]).toMatchObject({ name: 'default', policy: { concurrency: 10, minWorkers: 1, maxWorkers: 400, latencyTargetMs: 5000, cooldownMs: 60_000 } });
  });

  it("docs/autoscale.md's quick start", () => {
    const quickStart = /```yaml\n(# taskframe\.yaml\n[\s\S]*?)```/.exec(fs.readFileSync(path.join(docs, 'autoscale.md'), 'utf8'))![1]!;
    const c = load(quickStart);
    expect(autoscaleConfig(c.values, c.file).groups[0]).toMatchObject({ name: 'emails', provider: { type: 'local', stopTimeoutMs: 45_000 }, policy: { maxWorkers: 20 } });
  });
});
