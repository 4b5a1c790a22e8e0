#!/usr/bin/env node
/**
 * The layering check of `npm run lint`: dependency-cruiser with the rules of
 * .dependency-cruiser.cjs over src/, then one rule dependency-cruiser cannot state: no cycle
 * between the top-level parts of src/ (each folder, and each file directly in src/, is one
 * part; a driver folder belongs to store/). Its folder-scoped rules see every sub-folder as a
 * part of its own, so server/ -> worker/runners/exec/ -> server/ would slip through them.
 *
 * Run from the repository root (the test runs it in a copy of the tree). Prints every violation
 * as `error RULE: FROM → TO` and exits 1 if there is any.
 */
import { cruise, format } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const options = await extractDepcruiseOptions('./.dependency-cruiser.cjs');
const tsConfig = extractTSConfig(options.tsConfig?.fileName ?? 'tsconfig.json');
const reported = await cruise(['src'], options, {}, { tsConfig });
const result = reported.output;

const { output: moduleReport } = await format(result, { outputType: 'err' });
const folderCycles = findFolderCycles(result.modules);

process.stdout.write(moduleReport);
for (const cycle of folderCycles) {
  process.stdout.write(`  error no-folder-cycle: ${cycle.path.join(' → ')}\n`);
  for (const edge of cycle.edges) process.stdout.write(`      ${edge}\n`);
  if (cycle.others.length > 0) process.stdout.write(`      (caught in the same knot: ${cycle.others.join(', ')})\n`);
}
if (folderCycles.length > 0) {
  process.stdout.write(`\n✘ ${folderCycles.length} folder cycle(s): two parts of src/ that import each other are one part in two places.\n`);
}
process.exitCode = result.summary.error > 0 || folderCycles.length > 0 ? 1 : 0;

/** src/engine/x.ts → src/engine; src/store/sqlite/x.ts → src/store; src/index.ts → itself. */
function partOf(path) {
  const m = /^src\/([^/]+)(\/)?/.exec(path);
  if (!m) return null;
  return m[2] ? `src/${m[1]}` : path;
}

/** Strongly connected parts (Tarjan): each knot of parts that reach each other, with one cycle through it. */
function findFolderCycles(modules) {
  const edges = new Map(); // part -> Map(part -> first "from → to" seen)
  for (const mod of modules) {
    const from = partOf(mod.source);
    if (!from) continue;
    for (const dep of mod.dependencies) {
      const to = partOf(dep.resolved);
      if (!to || to === from) continue;
      if (!edges.has(from)) edges.set(from, new Map());
      const out = edges.get(from);
      if (!out.has(to)) out.set(to, `${mod.source} → ${dep.resolved}`);
    }
  }
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const sccs = [];
  const visit = (v) => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const scc = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) sccs.push(scc.sort());
    }
  };
  for (const v of [...edges.keys()].sort()) if (!idx.has(v)) visit(v);
  return sccs.map((parts) => {
    // One shortest real cycle through the first part (breadth-first inside the knot), shown with
    // the import behind each step; the knot's other parts are named after it.
    const inside = new Set(parts);
    const start = parts[0];
    const cameFrom = new Map();
    const queue = [start];
    let last = null;
    while (queue.length > 0 && last === null) {
      const a = queue.shift();
      for (const b of edges.get(a)?.keys() ?? []) {
        if (!inside.has(b)) continue;
        if (b === start) {
          last = a;
          break;
        }
        if (!cameFrom.has(b)) {
          cameFrom.set(b, a);
          queue.push(b);
        }
      }
    }
    const path = [start];
    for (let p = last; p !== start; p = cameFrom.get(p)) path.splice(1, 0, p);
    path.push(start);
    const shown = path.slice(0, -1).map((a, i) => `${a} → ${path[i + 1]}: ${edges.get(a).get(path[i + 1])}`);
    return { path, edges: shown, others: parts.filter((p) => !path.includes(p)) };
  });
}
