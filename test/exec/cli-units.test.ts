/**
 * `taskframe worker --units DIR` through the built CLI: it serves the units, and a bad units
 * directory (unknown key, Requires cycle, missing command) is refused with file and line,
 * exit code 2, before the store is touched.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/stores.js';

const run = promisify(execFile);
const CLI = path.resolve('dist/cli/main.js');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

let tmp = '';
function unitsDir(files: Record<string, string>): { dir: string; db: string } {
  const dir = tempDir('taskframe-units-cli-');
  dirs.push(dir);
  tmp = dir; // set-up folders and jails go under TMPDIR: keep them inside the test's directory
  fs.mkdirSync(path.join(dir, 'units'));
  for (const [n, t] of Object.entries(files)) fs.writeFileSync(path.join(dir, 'units', n), t);
  return { dir: path.join(dir, 'units'), db: `sqlite:${path.join(dir, 'tf.db')}` };
}

async function cli(db: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [CLI, '--db', db, ...args], { encoding: 'utf8', env: { ...process.env, TMPDIR: tmp } });
    return { code: 0, ...r };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('taskframe worker --units', () => {
  it('serves a directory of units in both formats, Requires first', async () => {
    const { dir, db } = unitsDir({
      'prepare.service': `[Command]\ncommand="sh -c 'echo prepared >> \\"$TASKFRAME_UNIT_DIR/order.log\\"'"\n`,
      'report.yaml': `requires: [prepare.service]\ncommand: [sh, -c, 'echo reported >> "$TASKFRAME_UNIT_DIR/order.log"; echo "{\\"result\\": 1}" >&3']\n`,
    });
    const enq = await cli(db, ['enqueue', 'report', '--payload', '{"x":1}', '--json']);
    expect(enq.code).toBe(0);
    const id = JSON.parse(enq.stdout).id as string;
    const w = await cli(db, ['worker', '--units', dir, '--drain', '--concurrency', '2']);
    expect(w.stderr).toContain('1 succeeded');
    expect(fs.readFileSync(path.join(dir, 'order.log'), 'utf8')).toBe('prepared\nreported\n');
    const status = await cli(db, ['status', id, '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ state: 'succeeded', result: 1 });
    const logs = await cli(db, ['logs', 'report']);
    expect(logs.stdout).toContain('sys| running required unit prepare');
  });

  it('refuses an unknown key with file and line, exit 2, and creates no store', async () => {
    const { dir, db } = unitsDir({ 'a.service': `[Command]\ncommand=true\n[Service]\nMemLimit=1G\n` });
    const r = await cli(db, ['worker', '--units', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${path.join(dir, 'a.service')}:4:1: unknown key "MemLimit" in [Service]`);
    expect(fs.existsSync(db.slice('sqlite:'.length))).toBe(false);
  });

  it('refuses a Requires cycle, naming it', async () => {
    const { dir, db } = unitsDir({
      'a.service': `[Dependencies]\nRequires=b.service\n[Command]\ncommand=true\n`,
      'b.yaml': `requires: [a]\ncommand: true\n`,
    });
    const r = await cli(db, ['worker', '--units', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/dependency cycle: (a -> b -> a|b -> a -> b)/);
  });

  it('refuses a unit whose User= does not exist on this machine', async () => {
    const { dir, db } = unitsDir({ 'who.service': `[Service]\nUser=no-such-user-here\n[Command]\ncommand=true\n` });
    const r = await cli(db, ['worker', '--units', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/who.service:2:1: Service.User: no such user "no-such-user-here"/);
    expect(fs.existsSync(db.slice('sqlite:'.length))).toBe(false);
  });

  it('refuses a unit without a command', async () => {
    const { dir, db } = unitsDir({ 'empty.service': `[Service]\nMaxTime=1s\n` });
    const r = await cli(db, ['worker', '--units', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/empty.service: missing command/);
  });
});
