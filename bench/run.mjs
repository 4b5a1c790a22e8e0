#!/usr/bin/env node
// Runs every bench/*.bench.mjs (or those named on the command line) and writes bench/RESULTS.md.
// Each bench exports `run({ quick })` returning { title, markdown }.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.filter((a) => !a.startsWith('--'));
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

const cpus = os.cpus();
const header = [
  '# Benchmark results',
  '',
  `- date (UTC): ${new Date().toISOString()}`,
  `- machine: ${os.type()} ${os.release()}, ${cpus.length} x ${cpus[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
  `- node: ${process.version}`,
  `- command: npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`,
  '',
  'This machine is noisy: compare only figures from the same run (ratios are computed within a run).',
  '',
];
const sections = [];
for (const f of files) {
  process.stderr.write(`bench: ${f} …\n`);
  const mod = await import(pathToFileURL(path.join(dir, f)).href);
  const t0 = Date.now();
  const r = await mod.run({ quick });
  sections.push(`## ${r.title}\n\n${r.markdown.trim()}\n\n_(${f}, ${((Date.now() - t0) / 1000).toFixed(0)} s)_\n`);
  process.stderr.write(`bench: ${f} done\n`);
}
const out = path.join(dir, only.length ? `RESULTS-${only.join('-')}.md` : 'RESULTS.md');
fs.writeFileSync(out, `${header.join('\n')}\n${sections.join('\n')}`);
process.stdout.write(`${header.join('\n')}\n${sections.join('\n')}`);
process.stderr.write(`bench: wrote ${out}\n`);
