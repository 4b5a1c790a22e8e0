/**
 * `taskframe autoscale` from the built CLI, configured by the `autoscale:` section of a
 * taskframe.yaml given with the global --config: a bad configuration is refused at start, naming
 * the key, before the store is opened (nothing is created); `simulate` writes the chart and prints
 * the table; `status` before any autoscaler ran.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { killAll, runCli } from '../helpers/processes.js';
import { tempDir } from '../helpers/stores.js';

let dir: string;
beforeEach(() => {
  dir = tempDir('tf-autoscale-cli-');
});
afterEach(() => {
  killAll();
  fs.rmSync(dir, { recursive: true, force: true });
});

const file = (name: string, text: string) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
};
const GOOD = `autoscale:
  interval: 5s
  groups:
    - name: default
      concurrency: 10
      provider: { type: keda }
      policy:
        minWorkers: 1
        maxWorkers: 60
        latencyTarget: 5s
`;

describe('taskframe autoscale', () => {
  it.each([
    ['an unknown key', GOOD.replace('maxWorkers', 'maxWorker'), /taskframe\.yaml:9:9: autoscale\.groups\[0\]\.policy\.maxWorker: unknown setting; did you mean "maxWorkers"\?/],
    ['a policy field outside the policy', GOOD.replace('      concurrency: 10', '      minWorkers: 1'), /taskframe\.yaml:5:7: autoscale\.groups\[0\]\.minWorkers: unknown setting; did you mean "policy\.minWorkers"\?/],
    ['min above max', GOOD.replace('minWorkers: 1', 'minWorkers: 80'), /taskframe\.yaml:8:21: autoscale\.groups\[0\]\.policy\.minWorkers: must be at most maxWorkers \(60\), got 80/],
    ['a negative target', GOOD.replace('latencyTarget: 5s', 'latencyTarget: -5'), /taskframe\.yaml:10:24: autoscale\.groups\[0\]\.policy\.latencyTarget: must be a duration .* from 1ms to 24d, got -5/],
    ['an unknown provider', GOOD.replace('type: keda', 'type: kubernetes'), /taskframe\.yaml:6:25: autoscale\.groups\[0\]\.provider\.type: unknown provider "kubernetes" \(one of local, command, keda\)/],
    ["the autoscaler's old store key", GOOD.replace('  interval: 5s', '  db: sqlite:./other.db'), /taskframe\.yaml:2:3: autoscale\.db: unknown setting; did you mean "store\.url"\?/],
    ['an autoscaler file of the old format', GOOD.replace(/^autoscale:\n/, '').replace(/^  /gm, ''), /taskframe\.yaml:1:1: interval: unknown setting; did you mean "autoscale\.interval"\?/],
    ['malformed YAML', 'autoscale:\n  groups: [\n  { name: a', /taskframe\.yaml:\d+:\d+: not valid YAML/],
  ])('refuses %s at start, naming the key, and opens nothing', async (_what, text, message) => {
    const db = path.join(dir, 'never.db');
    const r = await runCli(['--db', `sqlite:${db}`, 'autoscale', '--config', file('taskframe.yaml', text)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error \[VALIDATION\]: /);
    expect(r.stderr).toMatch(message);
    expect(fs.existsSync(db)).toBe(false);
  });

  it('refuses a configuration without groups to scale, and an unreadable file', async () => {
    const db = path.join(dir, 'x.db');
    const none = await runCli(['--db', `sqlite:${db}`, 'autoscale', '--config', file('empty.yaml', 'worker:\n  concurrency: 2\n')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/autoscale\.groups: no groups to scale: .*empty\.yaml has no autoscale\.groups; see docs\/autoscale\.md/);
    expect(fs.existsSync(db)).toBe(false);
    const missing = await runCli(['autoscale', 'check', '--config', path.join(dir, 'nope.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.yaml: cannot read the config file \(--config\): ENOENT/);
  });

  it('a store URL of the configuration is the one the autoscaler uses, from store.url like every command', async () => {
    const db = path.join(dir, 'from-file.db');
    const cfg = file('taskframe.yaml', `store:\n  url: sqlite:${db}\n${GOOD.replace('minWorkers: 1', 'minWorkers: 0')}`);
    const shown = JSON.parse((await runCli(['--config', cfg, 'config', '--json'])).stdout);
    expect(shown.settings['store.url'].value).toBe(`sqlite:${db}`);
    expect(shown.settings['autoscale.groups[0].policy.maxWorkers']).toMatchObject({ value: 60, source: { kind: 'file', line: 11 }, reload: 'live' });
    expect(shown.settings['autoscale.groups[0].provider.type']).toMatchObject({ value: 'keda', reload: 'restart' });
    expect((await runCli(['--config', cfg, 'autoscale', 'status'])).stdout).toContain('No autoscaler has recorded a decision');
    expect(fs.existsSync(db)).toBe(true);
  });

  it('check prints the configuration with its defaults', async () => {
    const r = await runCli(['autoscale', 'check', '--config', file('taskframe.yaml', GOOD)]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ intervalMs: 5000, groups: [{ name: 'default', queues: ['default'], policy: { cooldownMs: 60_000, utilization: 0.8 }, provider: { type: 'keda' } }] });
  });

  it('status before any autoscaler ran says so', async () => {
    const db = `sqlite:${path.join(dir, 's.db')}`;
    expect((await runCli(['--db', db, 'autoscale', 'status'])).stdout).toContain('No autoscaler has recorded a decision');
    expect(JSON.parse((await runCli(['--db', db, 'autoscale', 'status', '--json'])).stdout)).toEqual({ leader: null, updatedAt: null, intervalMs: null, stale: null, groups: [] });
  });

  it('simulate replays a curve file against the policy: the table, and the SVG chart', async () => {
    const curve = file('curve.yaml', `duration: 2h\npoints: [[0s, 200], [40m, 2000], [80m, 2000], [2h, 200]]\nbursts: [{ at: 50m, tasks: 100000, over: 30s }]\n`);
    const out = path.join(dir, 'chart.svg');
    const r = await runCli(['autoscale', 'simulate', '--config', file('taskframe.yaml', GOOD), '--curve', curve, '--service-rate', '100', '--startup', '20s', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^curve .*curve\.yaml, group default: 100 tasks\/s per worker, start-up 20s, decisions every 5s, target 5s/);
    expect(r.stdout).toMatch(/worker-hours +[\d.,]+ +[\d.,]+/);
    expect(r.stdout).toMatch(/p99 wait outside bursts +0 ms/);
    expect(r.stdout).toMatch(/burst at 00:50 \(100,000 tasks\)/);
    expect(r.stdout).toMatch(/reaction \(first scale-up decision\) +\d+ (ms|s)/);
    const svg = fs.readFileSync(out, 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    for (const label of ['arrivals', 'desired (policy)', 'backlog', 'p99 wait', 'target 5s', 'fixed fleet sized for the peak (25)', 'the burst close up']) expect(svg).toContain(label);

    const json = await runCli(['autoscale', 'simulate', '--config', file('taskframe.yaml', GOOD), '--curve', curve, '--service-rate', '100', '--json']);
    const res = JSON.parse(json.stdout);
    expect(res.policy.workerHours).toBeLessThan(res.fixed.workerHours);
    expect(res.policy.outside.worstWindowP99Ms).toBeLessThanOrEqual(5000);
  });

  it('simulate refuses an unknown curve, a bad curve file, and a bad service rate', async () => {
    const cfg = file('taskframe.yaml', GOOD);
    const unknown = await runCli(['autoscale', 'simulate', '--config', cfg, '--curve', 'weekly-7b', '--service-rate', '1']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--curve: "weekly-7b" is neither a built-in curve \(diurnal-1b\) nor a readable file/);
    const bad = await runCli(['autoscale', 'simulate', '--config', cfg, '--curve', file('c.yaml', 'duration: 1h\npoints: [[0s, 1], [30m, -4]]\n'), '--service-rate', '1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/c\.yaml:2:25: points\[1\]\[1\]: must be a number of at least 0, got -4/);
    const rate = await runCli(['autoscale', 'simulate', '--config', cfg, '--service-rate', 'fast']);
    expect(rate.code).toBe(2);
    expect(rate.stderr).toContain('--service-rate: must be a positive number');
  });
});
