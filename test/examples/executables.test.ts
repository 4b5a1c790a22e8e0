/**
 * The executables example runs end to end: a Python task, a shell task spawning subtasks, a C
 * program built by set-up, a Python runner; and, where bubblewrap is installed (always in CI),
 * a jailed task reporting what it can see. Without bubblewrap it says the jailed unit did not
 * run and why, and runs the rest.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { findBwrap } from '../../src/worker/runners/exec/jail.js';
import { tempDir } from '../helpers/stores.js';

const hasBwrap = findBwrap() !== null;
if (!hasBwrap && process.env.CI === 'true') throw new Error('bubblewrap (bwrap) is required in CI: apt-get install -y bubblewrap');

it(`examples/executables/run.mjs runs every unit and shows outcomes and a log (${hasBwrap ? 'with' : 'without'} bubblewrap)`, async () => {
  const dir = tempDir();
  const { stdout } = await promisify(execFile)(process.execPath, ['examples/executables/run.mjs', path.join(dir, 'ex.db')], { encoding: 'utf8' });
  expect(stdout).toMatch(/^units: checksum, fan-out, greeter, word-count/m);
  expect(stdout).toMatch(/word-count +#1 +succeeded .*"top":\[\["the",3\],\["fox",2\]/);
  expect(stdout).toMatch(/checksum +#\d+ +succeeded .*"fnv1a":"4b943c8d"/);
  expect(stdout).toMatch(/greeter +#\d+ +succeeded .*hello, ada/);
  expect(stdout).toMatch(/greeter +#\d+ +failed +attempt 1\/5 +error: NonRetryable: payload.name is required/);
  expect(stdout.match(/word-count +#\d+ +succeeded attempt 1\/3 parent #2/g)).toHaveLength(2);
  expect(stdout).toMatch(/stdout +task 1 attempt 1: 12 words/);
  if (hasBwrap) {
    expect(stdout).toMatch(/; jailed: peek$/m);
    const uid = process.getuid?.() === 0 ? 2000000000 : process.getuid!();
    expect(stdout).toMatch(new RegExp(`peek +#\\d+ +succeeded .*result: \\{"uid":${uid},"etcShadow":"No such file or directory","network":"lo"\\}`));
  } else {
    expect(stdout).toMatch(/^jailed unit not run: .*peek\.service:\d+:\d+: Service\.Jail: Jail=yes needs bubblewrap .*install the Debian package "bubblewrap"$/m);
    expect(stdout).not.toMatch(/peek +#/);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});
