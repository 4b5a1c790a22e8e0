/**
 * Flow control from the CLI and the configuration file: `limit set|ls|rm`, `pause|resume`, `flow
 * audit`; declared queues are known; a bad rule in the file is named by file:line before anything
 * starts; a worker sets the file's rules when it starts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { killAll, runCli, spawnCli, waitFor } from '../helpers/processes.js';
import { tempDir } from '../helpers/stores.js';

let dirs: string[] = [];
afterEach(() => {
  killAll();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  dirs = [];
});

function setup(yaml: string) {
  const dir = tempDir();
  dirs.push(dir);
  const config = path.join(dir, 'taskframe.yaml');
  fs.writeFileSync(config, yaml);
  return { dir, config, db: `sqlite:${path.join(dir, 't.db')}` };
}

it('limit set/ls/rm, pause/resume and the audit; a declared queue is known; bad input exits 2 naming the field', async () => {
  const { config, db } = setup('flow:\n  queues: [mail]\n');
  const cli = (...args: string[]) => runCli(['--config', config, '--db', db, ...args]);
  const set = await cli('limit', 'set', '--queue', 'mail', '--key', 'payload.tenant', '--rate', '100/1s', '--concurrency', '3', '--json');
  expect(set.code, set.stderr).toBe(0);
  expect(JSON.parse(set.stdout)).toMatchObject({ id: 'queue=mail/key=payload.tenant', rate: '100/1s', concurrency: 3 });
  const bad = await cli('limit', 'set', '--queue', 'nobody', '--concurrency', '1');
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/queue: unknown queue "nobody"/);
  const badRate = await cli('limit', 'set', '--queue', 'mail', '--rate', 'lots');
  expect(badRate.code).toBe(2);
  expect(badRate.stderr).toMatch(/rate: malformed rate "lots"/);
  expect((await cli('limit', 'set', '--queue', 'mail', '--concurrency', 'x')).stderr).toMatch(/--concurrency: must be a whole number/);
  expect(JSON.parse((await cli('limit', 'ls', '--json')).stdout).limits).toHaveLength(1);
  expect((await cli('pause', '--name', 'send')).stdout).toMatch(/name send paused/);
  expect((await cli('pause', '--name', 'send', '--run', 'r')).code).toBe(2);
  expect(JSON.parse((await cli('flow', 'paused', '--json')).stdout)).toEqual({ queues: [], names: ['send'], runs: [], schedules: [] });
  expect((await cli('resume', '--name', 'send')).stdout).toMatch(/name send resumed/);
  expect((await cli('limit', 'rm', 'queue=mail/key=payload.tenant')).code).toBe(0);
  expect((await cli('limit', 'rm', 'queue=mail/key=payload.tenant')).code).toBe(2);
  const audit = JSON.parse((await cli('flow', 'audit', '--json')).stdout).entries.map((e: { action: string; actor: string }) => `${e.action} ${e.actor}`);
  expect(audit).toEqual(['limit_removed cli', 'resumed cli', 'paused cli', 'limit_set cli']);
});

it('a bad rule in the configuration file is named by file:line; a worker sets the file\'s rules when it starts', async () => {
  const bad = setup('flow:\n  queues: [mail]\n  limits:\n    - queue: mail\n      rate: fast\n');
  const r = await runCli(['--config', bad.config, '--db', bad.db, 'limit', 'ls']);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/taskframe\.yaml:5:\d+: flow\.limits\[0\]\.rate: malformed rate "fast"/);

  const good = setup('flow:\n  queues: [mail]\n  limits:\n    - queue: mail\n      key: payload.tenant\n      concurrency: 2\n      id: per-tenant\n');
  const worker = spawnCli(['--config', good.config, '--db', good.db, 'worker', '--queue', 'mail']);
  const listed = await waitFor(async () => {
    const ls = await runCli(['--config', good.config, '--db', good.db, 'limit', 'ls', '--json']);
    const limits = ls.code === 0 ? (JSON.parse(ls.stdout).limits as Array<{ id: string; concurrency: number }>) : [];
    return limits.length ? limits : null;
  }, 'the worker to set the configured limit', 20_000, 200);
  expect(listed).toEqual([expect.objectContaining({ id: 'per-tenant', queue: 'mail', key: 'payload.tenant', concurrency: 2 })]);
  worker.child.kill('SIGTERM');
  await worker.exited;
});
