/**
 * ConfigReloader: live settings change, the rest are reported as needing a restart, a bad file
 * is refused and the settings stay; a change of the file and SIGHUP both reload.
 */
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { ConfigReloader, type ReloadReport } from '../../src/config/reload.js';
import { tempDir } from '../helpers/stores.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** Replaces the file the way deploy tools do: write aside, rename over. */
function replace(file: string, text: string): void {
  fs.writeFileSync(`${file}.new`, text);
  fs.renameSync(`${file}.new`, file);
}

function setup(yaml: string, options: { watch?: boolean } = {}) {
  const dir = tempDir('taskframe-reload-');
  const file = path.join(dir, 'taskframe.yaml');
  fs.writeFileSync(file, yaml);
  const load = () => loadConfig({ cwd: dir, env: {} });
  const reloader = new ConfigReloader(load, load(), { watch: options.watch ?? false, settleMs: 10 });
  cleanups.push(() => {
    reloader.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { file, reloader };
}

describe('ConfigReloader', () => {
  it('applies live settings, keeps the others and reports them as needing a restart', () => {
    const { file, reloader } = setup('worker:\n  concurrency: 2\n  lease: 30s\n');
    replace(file, 'worker:\n  concurrency: 5\n  lease: 1m\n  queues: [a, b]\nlog:\n  level: debug\n');
    const report = reloader.reload()!;
    expect(report.applied.map((c) => [c.key, c.from, c.to])).toEqual([
      ['log.level', undefined, 'debug'],
      ['worker.concurrency', 2, 5],
      ['worker.queues', ['default'], ['a', 'b']],
    ]);
    expect(report.needsRestart.map((c) => [c.key, c.from, c.to])).toEqual([['worker.lease', 30_000, 60_000]]);
    expect(reloader.current.values.worker).toMatchObject({ concurrency: 5, queues: ['a', 'b'], lease: 30_000 });
    expect(reloader.current.sources.get('worker.concurrency')).toMatchObject({ kind: 'file', line: 2 });
    // Still not applied on the next reload: it is reported again.
    expect(reloader.reload()!.needsRestart.map((c) => c.key)).toEqual(['worker.lease']);
  });

  it('a refused configuration changes nothing and says why', () => {
    const { file, reloader } = setup('worker:\n  concurrency: 2\n');
    const errors: Error[] = [];
    reloader.on('error', (e) => errors.push(e));
    replace(file, 'worker:\n  concurrency: 2000000\n');
    expect(reloader.reload()).toBeNull();
    expect(errors[0]!.message).toMatch(/taskframe\.yaml:2:16: worker\.concurrency: must be an integer from 1 to 100000, got 2000000/);
    expect(reloader.current.values.worker.concurrency).toBe(2);
  });

  it('reloads when the file is replaced', async () => {
    const { file, reloader } = setup('worker:\n  concurrency: 2\n', { watch: true });
    reloader.start();
    const reloaded = once(reloader, 'reloaded') as Promise<[ReloadReport]>;
    replace(file, 'worker:\n  concurrency: 3\n');
    const [report] = await reloaded;
    expect(report.trigger).toBe('file');
    expect(report.applied.map((c) => [c.key, c.to])).toEqual([['worker.concurrency', 3]]);
  });

  it('reloads on SIGHUP (and a process that follows its config is not ended by one)', async () => {
    const { file, reloader } = setup('worker:\n  concurrency: 2\n');
    reloader.start();
    replace(file, 'worker:\n  concurrency: 4\n');
    const reloaded = once(reloader, 'reloaded') as Promise<[ReloadReport]>;
    process.kill(process.pid, 'SIGHUP');
    const [report] = await reloaded;
    expect(report.trigger).toBe('SIGHUP');
    expect(reloader.current.values.worker.concurrency).toBe(4);
  });
});

describe('ConfigReloader and the autoscale section', () => {
  const AUTOSCALE = `autoscale:
  provider: { type: keda }
  groups:
    - name: emails
      concurrency: 4
      provider: { type: command, command: [./scale.sh] }
      policy:
        maxWorkers: 10
        scaleDown: { cooldown: 1m }
`;

  it("applies a group's policy and the history live, field by field; its concurrency and provider need a restart", () => {
    const { file, reloader } = setup(AUTOSCALE);
    replace(
      file,
      AUTOSCALE.replace('maxWorkers: 10', 'maxWorkers: 25').replace('cooldown: 1m', 'cooldown: 2m').replace('concurrency: 4', 'concurrency: 8').replace('[./scale.sh]', '[./scale-v2.sh]').replace('  provider: { type: keda }', '  history: 50\n  provider: { type: keda }'),
    );
    const report = reloader.reload()!;
    expect(report.applied.map((c) => [c.key, c.from, c.to])).toEqual([
      ['autoscale.history', 20, 50],
      ['autoscale.groups[0].policy.maxWorkers', 10, 25],
      ['autoscale.groups[0].policy.scaleDown.cooldown', 60_000, 120_000],
    ]);
    expect(report.needsRestart.map((c) => [c.key, c.from, c.to])).toEqual([
      ['autoscale.groups[0].concurrency', 4, 8],
      ['autoscale.groups[0].provider.command', ['./scale.sh'], ['./scale-v2.sh']],
    ]);
    const g = reloader.current.values.autoscale!.groups![0]!;
    expect(g).toMatchObject({ concurrency: 4, provider: { command: ['./scale.sh'] }, policy: { maxWorkers: 25, scaleDown: { cooldown: 120_000 } } });
    expect(reloader.current.sources.get('autoscale.groups[0].policy.maxWorkers')).toMatchObject({ kind: 'file', line: 9, column: 21 });
  });

  it('a group added, removed or renamed changes the list as a whole: a restart, and nothing in it applies', () => {
    const { file, reloader } = setup(AUTOSCALE);
    replace(file, `${AUTOSCALE.replace('maxWorkers: 10', 'maxWorkers: 25')}    - name: reports\n`);
    const report = reloader.reload()!;
    expect(report.applied).toEqual([]);
    expect(report.needsRestart.map((c) => c.key)).toEqual(['autoscale.groups']);
    expect(reloader.current.values.autoscale!.groups!.map((g) => [g.name, g.policy.maxWorkers])).toEqual([['emails', 10]]);
  });

  it('a section the process did not start with is not half applied: its live fields need a restart too', () => {
    const { file, reloader } = setup('worker:\n  concurrency: 2\n');
    replace(file, `worker:\n  concurrency: 2\n${AUTOSCALE.replace('  provider: { type: keda }', '  history: 50\n  provider: { type: keda }')}`);
    const report = reloader.reload()!;
    expect(report.applied).toEqual([]);
    expect(report.needsRestart.map((c) => c.key)).toEqual(['autoscale.interval', 'autoscale.history', 'autoscale.provider', 'autoscale.groups']);
    expect(reloader.current.values.autoscale).toBeUndefined();
  });

  it('a refused rule between fields (min above max) changes nothing', () => {
    const { file, reloader } = setup(AUTOSCALE);
    const errors: Error[] = [];
    reloader.on('error', (e) => errors.push(e));
    replace(file, AUTOSCALE.replace('maxWorkers: 10', 'maxWorkers: 10\n        minWorkers: 12'));
    expect(reloader.reload()).toBeNull();
    expect(errors[0]!.message).toMatch(/taskframe\.yaml:9:21: autoscale\.groups\[0\]\.policy\.minWorkers: must be at most maxWorkers \(10\), got 12$/);
    expect(reloader.current.values.autoscale!.groups![0]!.policy).toMatchObject({ minWorkers: 0, maxWorkers: 10 });
  });
});
