/** The README's main job: the quick-start demo runs end to end and shows what it promises. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { ROOT } from '../helpers/processes.js';
import { tempDir } from '../helpers/stores.js';

it('npm run demo: enqueues, runs, retries, times out, and shows states, results and an audit trail', async () => {
  const dir = tempDir();
  const db = path.join(dir, 'demo.db');
  const { stdout } = await promisify(execFile)(process.execPath, ['examples/quickstart/run.mjs', db], { cwd: ROOT });
  expect(stdout).toMatch(/enqueued 9 tasks/);
  expect(stdout).toMatch(/fetch-rates\s+#\d+ attempt 1: retrying \(upstream answered 503\)/);
  expect(stdout).toMatch(/slow-report\s+failed\s+2\/2\s+error: task \d+ timed out after 300 ms/);
  expect(stdout).toMatch(/send-invoice\s+failed\s+1\/1\s+error: no handler registered/);
  expect(stdout).toMatch(/created\s+attempt 0[\s\S]*claimed\s+attempt 1[\s\S]*retry_scheduled\s+attempt 1[\s\S]*succeeded\s+attempt 2/);
  const store = await openStore(`sqlite:${db}`);
  const tasks = await store.taskList({ limit: 100 });
  expect(tasks.filter((t) => t.state === 'succeeded')).toHaveLength(7);
  expect(tasks.filter((t) => t.name === 'thumbnail').map((t) => (t.result as { thumbnail: string }).thumbnail)).toContain('cat-320w.webp');
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
