/**
 * The layering check of `npm run lint` (scripts/lint-deps.mjs with .dependency-cruiser.cjs):
 * the real tree passes, and each kind of wrong import fails it, named by its rule and files.
 * The wrong imports are written into a copy of src/ in a temporary folder, never into the tree.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SCRIPT = join(ROOT, 'scripts/lint-deps.mjs');

function lintDeps(cwd: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [SCRIPT], { cwd, encoding: 'utf8', timeout: 50_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

it('the real tree breaks no rule and has no folder cycle', () => {
  const { status, out } = lintDeps(ROOT);
  expect(out).toContain('no dependency violations found');
  expect(out).not.toContain('no-folder-cycle');
  expect(status).toBe(0);
});

/** A copy of src/ (and what the check reads) with `files` added; removed after the suite. */
function probeTree(files: Record<string, string>): string {
  const tree = mkdtempSync(join(tmpdir(), 'taskframe-lint-'));
  cpSync(join(ROOT, 'src'), join(tree, 'src'), { recursive: true });
  for (const f of ['tsconfig.json', '.dependency-cruiser.cjs', 'package.json']) cpSync(join(ROOT, f), join(tree, f));
  symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'), 'dir');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(tree, path)), { recursive: true });
    writeFileSync(join(tree, path), text);
  }
  return tree;
}

const trees: string[] = [];
afterAll(() => {
  for (const t of trees) rmSync(t, { recursive: true, force: true });
});

describe('a wrong import across layers fails the check, naming the rule and both files', () => {
  let result: { status: number | null; out: string };
  beforeAll(() => {
    const tree = probeTree({
      // A surface reaching into a driver folder.
      'src/server/lint-probe.ts': "export { SqliteStore } from '../store/sqlite/driver.js';\n",
      // A surface naming the store's types (type-only imports count).
      'src/cli/lint-probe.ts': "import type { Store } from '../store/store.js';\nexport type S = Store;\n",
      // model/ reaching up into the engine.
      'src/model/lint-probe.ts': "export { Engine } from '../engine/engine.js';\n",
      // The store reaching up into a surface.
      'src/store/lint-probe.ts': "export { buildApp } from '../server/app.js';\n",
      // The engine reaching out to a surface.
      'src/engine/lint-probe.ts': "export { Worker } from '../worker/worker.js';\n",
      // One driver borrowing from the other.
      'src/store/sqlite/lint-probe.ts': "export { PostgresStore } from '../postgres/driver.js';\n",
      // TypeBox straight from the package, past the bundled vendor module.
      'src/config/lint-probe.ts': "export { Type } from '@sinclair/typebox';\n",
      // Code of ours in vendor/ (the build would bundle it with the library).
      'src/vendor/lint-probe.ts': "export { Engine } from '../engine/engine.js';\n",
    });
    trees.push(tree);
    result = lintDeps(tree);
  }, 60_000);

  it('exits non-zero', () => {
    expect(result.status, result.out).toBe(1);
  });

  it.each([
    ['no-driver-outside-store', 'src/server/lint-probe.ts → src/store/sqlite/driver.ts'],
    ['surfaces-not-store', 'src/server/lint-probe.ts → src/store/sqlite/driver.ts'],
    ['surfaces-not-store', 'src/cli/lint-probe.ts → src/store/store.ts'],
    ['model-imports-nothing-of-ours', 'src/model/lint-probe.ts → src/engine/engine.ts'],
    ['store-imports-only-model', 'src/store/lint-probe.ts → src/server/app.ts'],
    ['engine-imports-model-and-store', 'src/engine/lint-probe.ts → src/worker/worker.ts'],
    ['driver-not-other-driver', 'src/store/sqlite/lint-probe.ts → src/store/postgres/driver.ts'],
    ['vendor-imports-nothing-of-ours', 'src/vendor/lint-probe.ts → src/engine/engine.ts'],
  ])('%s: %s', (rule, edge) => {
    expect(result.out).toContain(`error ${rule}: ${edge}`);
  });

  it('typebox-through-vendor: src/config/lint-probe.ts → the package', () => {
    // The package resolves through the copy's node_modules link, to wherever it really is.
    expect(result.out).toMatch(/error typebox-through-vendor: src\/config\/lint-probe\.ts → \S*node_modules\/@sinclair\/typebox\//);
  });

  it('an upward import also closes a folder cycle (the layer below is imported by the one above)', () => {
    expect(result.out).toMatch(/error no-folder-cycle: src\/\S+ → src\//);
  });

  it('flags only the probes: every violation of a module rule names a probe file', () => {
    const lines = result.out.split('\n').filter((l) => /^\s*error [a-z-]+: src\//.test(l) && !l.includes('no-folder-cycle'));
    expect(lines.length).toBe(9);
    for (const l of lines) expect(l).toMatch(/lint-probe/);
  });
});

describe('cycles fail the check', () => {
  let result: { status: number | null; out: string };
  beforeAll(() => {
    const tree = probeTree({
      // Two files of one folder importing each other.
      'src/bus/lint-probe-a.ts': "import { b } from './lint-probe-b.js';\nexport const a = (): number => b() + 1;\n",
      'src/bus/lint-probe-b.ts': "import { a } from './lint-probe-a.js';\nexport const b = (): number => a() - 1;\n",
      // Two files closed into a cycle by a type-only import: no load order at stake, allowed.
      'src/bus/lint-probe-typed-c.ts': "import { d } from './lint-probe-typed-d.js';\nexport type C = { n: number };\nexport const c = (): number => d({ n: 1 });\n",
      'src/bus/lint-probe-typed-d.ts': "import type { C } from './lint-probe-typed-c.js';\nexport const d = (x: C): number => x.n;\n",
      // Two folders importing each other with no cycle of files, one side through a sub-folder:
      // units/ → autoscale/providers/, autoscale/ → units/. Allowed by every layering rule.
      'src/autoscale/providers/lint-probe-leaf.ts': 'export const leaf = 1;\n',
      'src/units/lint-probe-up.ts': "export { leaf } from '../autoscale/providers/lint-probe-leaf.js';\n",
      'src/units/lint-probe-leaf.ts': 'export const unitLeaf = 2;\n',
      'src/autoscale/lint-probe-down.ts': "export { unitLeaf } from '../units/lint-probe-leaf.js';\n",
    });
    trees.push(tree);
    result = lintDeps(tree);
  }, 60_000);

  it('exits non-zero', () => {
    expect(result.status, result.out).toBe(1);
  });

  it('no-circular names the files of a file cycle', () => {
    expect(result.out).toMatch(/error no-circular: src\/bus\/lint-probe-[ab]\.ts → src\/bus\/lint-probe-[ab]\.ts/);
  });

  it('a file cycle closed by a type-only import is not one', () => {
    expect(result.out).not.toMatch(/lint-probe-typed/);
  });

  it('no-folder-cycle names the folders and the import behind each step', () => {
    expect(result.out).toContain('error no-folder-cycle: src/autoscale → src/units → src/autoscale');
    expect(result.out).toContain('src/autoscale → src/units: src/autoscale/lint-probe-down.ts → src/units/lint-probe-leaf.ts');
    expect(result.out).toContain('src/units → src/autoscale: src/units/lint-probe-up.ts → src/autoscale/providers/lint-probe-leaf.ts');
  });
});
