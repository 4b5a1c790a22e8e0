/** The executables example runs end to end: a Python task, a shell task spawning subtasks, a C program built by set-up and jailed, a Python runner. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { findBwrap } from '../../src/worker/runners/exec/jail.js';
import { tempDir } from '../helpers/stores.js';

it.skipIf(!findBwrap() && process.env.CI !== 'true')('examples/executables/run.mjs runs every unit and shows outcomes and a log', async () => {
  const dir = tempDir();
  const { stdout } = await promisify(execFile)(process.execPath, ['examples/executables/run.mjs', path.join(dir, 'ex.db')], { encoding: 'utf8' });
  expect(stdout).toContain('units: checksum, fan-out, greeter, word-count');
  expect(stdout).toMatch(/word-count +#1 +succeeded .*"top":\[\["the",3\],\["fox",2\]/);
  expect(stdout).toMatch(/checksum +#\d+ +succeeded .*"fnv1a":"4b943c8d"/);
  expect(stdout).toMatch(/greeter +#\d+ +succeeded .*hello, ada/);
  expect(stdout).toMatch(/greeter +#\d+ +failed +attempt 1\/5 +error: NonRetryable: payload.name is required/);
  expect(stdout.match(/word-count +#\d+ +succeeded attempt 1\/3 parent #2/g)).toHaveLength(2);
  expect(stdout).toMatch(/stdout +task 1 attempt 1: 12 words/);
  fs.rmSync(dir, { recursive: true, force: true });
});
