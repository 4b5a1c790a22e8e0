/**
 * What a `taskframe` command loads before it does anything. TypeBox comes from the one bundled
 * module the build writes (dist/vendor/typebox.js, scripts/bundle-vendor.mjs), never from the
 * package's own 270 files, which took 145 ms of every start. A module loader hook records every
 * module the command resolves.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/processes.js';

const dir = mkdtempSync(join(tmpdir(), 'taskframe-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The modules a CLI run resolves (file URLs), in order. */
function modulesLoadedBy(args: string[]): { status: number | null; modules: string[]; stderr: string } {
  const out = join(dir, `resolved-${args.join('_').replace(/\W/g, '')}.txt`);
  const hooks = join(dir, 'hooks.mjs');
  writeFileSync(hooks, `import { appendFileSync } from 'node:fs';\nexport async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(${JSON.stringify(out)}, r.url + '\\n'); return r; }\n`);
  const register = join(dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  writeFileSync(out, '');
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, CLI, ...args], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, modules: readFileSync(out, 'utf8').split('\n').filter(Boolean), stderr: r.stderr };
}

describe('taskframe start-up', () => {
  it.each([[['--version']], [['ls', '--db', `sqlite:${join(dir, 'a.db')}`]]])('%j loads TypeBox as one bundled module', (args) => {
    const r = modulesLoadedBy(args);
    expect(r.status, r.stderr).toBe(0);
    expect(r.modules.filter((m) => m.includes('/node_modules/@sinclair/typebox/'))).toEqual([]);
    expect(r.modules.some((m) => m.endsWith('/dist/vendor/typebox.js'))).toBe(true);
    // The command did load what it needs (its configuration schema is written in TypeBox).
    expect(r.modules.some((m) => m.endsWith('/dist/config/schema.js'))).toBe(true);
  });

  it('a command loads its own module, not every command', () => {
    const r = modulesLoadedBy(['--db', `sqlite:${join(dir, 'b.db')}`, 'ls']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.modules.some((m) => m.endsWith('/dist/cli/commands/inspect.js'))).toBe(true);
    for (const other of ['worker', 'autoscale', 'bridge', 'server', 'run', 'schedule']) expect(r.modules.filter((m) => m.endsWith(`/dist/cli/commands/${other}.js`))).toEqual([]);
    // Nor what only those need: the worker's runners, the autoscaler, the bus bridges.
    expect(r.modules.filter((m) => /\/dist\/(autoscale|bus|units)\//.test(m))).toEqual([]);
  });

  it('help still lists every command', () => {
    const r = spawnSync(process.execPath, [CLI, '--help'], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    expect(r.status, r.stderr).toBe(0);
    for (const name of ['enqueue', 'worker', 'ls', 'audit', 'cancel', 'limit', 'migrate', 'run', 'submit', 'runs', 'schedule', 'server', 'bridge', 'autoscale', 'config']) expect(r.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
  });
});
