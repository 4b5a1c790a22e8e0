/**
 * A running `taskframe autoscale` follows its taskframe.yaml: a group's policy changed in the file
 * (or on SIGHUP) is used from the next decision, a change that needs a restart (a group's
 * concurrency) is logged as such and not applied, and a refused file changes nothing. Observed
 * from outside: the decisions the autoscaler records in the store, and its stderr.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AutoscaleAccess } from '../../src/autoscale/engine-access.js';
import { Engine } from '../../src/engine/engine.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { killAll, spawnCli, waitFor } from '../helpers/processes.js';
import { tempDir } from '../helpers/stores.js';

let dir: string;
let db: string;
let store: Store;
let engine: Engine;
let access: AutoscaleAccess;

beforeEach(async () => {
  dir = tempDir('tf-autoscale-reload-');
  db = `sqlite:${path.join(dir, 'tf.db')}`;
  store = await openStore(db);
  engine = new Engine({ store });
  access = new AutoscaleAccess(engine);
});
afterEach(async () => {
  killAll();
  await engine.flush();
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A keda group: decisions are recorded, nothing is started. */
const config = (policy: string, concurrency = 10, watch = true) => `store:
  url: ${db}
reload:
  watch: ${watch}
autoscale:
  interval: 200ms
  provider: { type: keda }
  groups:
    - name: mail
      concurrency: ${concurrency}
      policy: { ${policy} }
`;

/** Written aside and renamed over, as deploy tools do. */
function writeConfig(text: string): string {
  const file = path.join(dir, 'taskframe.yaml');
  fs.writeFileSync(`${file}.new`, text);
  fs.renameSync(`${file}.new`, file);
  return file;
}

const lastDesired = async () => (await access.read()).record?.groups.mail?.last.desired ?? null;

describe('taskframe autoscale follows its configuration', () => {
  it("a group's policy changed in the file is used from the next decision; a restart-only change is logged, not applied", async () => {
    // 200 tasks of (assumed) 1 s to start within 5 s: 40 slots, 4 workers of 10; capped at 2.
    await engine.enqueueMany(Array.from({ length: 200 }, () => ({ name: 'send', queue: 'mail' })));
    const file = writeConfig(config('maxWorkers: 2, latencyTarget: 5s'));
    const scaler = spawnCli(['autoscale', '--config', file], { TASKFRAME_LOG_LEVEL: 'warn' });
    await waitFor(async () => (await lastDesired()) === 2, 'the first decisions, capped at maxWorkers 2');

    writeConfig(config('maxWorkers: 3, latencyTarget: 5s', 20));
    await waitFor(async () => /config reloaded \(file\): autoscale\.groups\[0\]\.policy\.maxWorkers 2 -> 3/.test(scaler.stderr()), 'the reload line');
    await waitFor(async () => (await lastDesired()) === 3, 'a decision with the new bound');
    // Concurrency 20 would halve the need (2 workers); it is kept at 10 until a restart.
    expect(scaler.stderr()).toMatch(/autoscale\.groups\[0\]\.concurrency changed \(10 -> 20\): it takes effect after a restart/);
    expect((await access.read()).record!.groups.mail!.last).toMatchObject({ desired: 3, rule: 'max' });

    // A refused file changes nothing and says why.
    writeConfig(config('maxWorkers: 3, minWorkers: 5'));
    await waitFor(async () => /config reload refused/.test(scaler.stderr()), 'the refusal');
    expect(scaler.stderr()).toMatch(/autoscale\.groups\[0\]\.policy\.minWorkers: must be at most maxWorkers \(3\), got 5/);
    scaler.child.kill('SIGTERM');
    expect(await scaler.exited).toBe(0);
    expect(await lastDesired()).toBe(3);
  });

  it('on SIGHUP, with file watching off', async () => {
    await engine.enqueueMany(Array.from({ length: 200 }, () => ({ name: 'send', queue: 'mail' })));
    const file = writeConfig(config('maxWorkers: 2', 10, false));
    const scaler = spawnCli(['autoscale', '--config', file], { TASKFRAME_LOG_LEVEL: 'warn' });
    await waitFor(async () => (await lastDesired()) === 2, 'the first decisions, capped at maxWorkers 2');
    writeConfig(config('maxWorkers: 1', 10, false));
    scaler.child.kill('SIGHUP');
    await waitFor(async () => (await lastDesired()) === 1, 'a decision with the new bound');
    expect(scaler.stderr()).toMatch(/config reloaded \(SIGHUP\): autoscale\.groups\[0\]\.policy\.maxWorkers 2 -> 1/);
    scaler.child.kill('SIGTERM');
    expect(await scaler.exited).toBe(0);
  });
});
