// Rewrites the "Compared with others" block of README.md (between its markers) from a full run,
// so the README's figures always come from `npm run bench:compare` and say when they were taken.
import fs from 'node:fs';
import { fmt } from '../../lib.mjs';
import { nameOf } from './markdown.mjs';

const BEGIN = '<!-- compare:begin (written by npm run bench:compare; do not edit by hand) -->';
const END = '<!-- compare:end -->';

export function readmeBlock({ systems, agg, meta, chartFile }) {
  const measured = systems.filter((s) => agg[s.id]);
  const tfs = measured.filter((s) => s.package === 'taskframe');
  const peers = measured.filter((s) => s.package !== 'taskframe');
  const L = [
    BEGIN,
    '## Compared with others',
    '',
    `Measured on ${meta.date.slice(0, 10)} on one 2-core machine (${meta.host}; load average ${meta.load} at the end of the run), every system in the same run with no-op tasks and its worker in its own process, each peer set up as its documentation recommends. Full tables, every setting with its source, flows, the 1M-task soak: [bench/RESULTS-compare.md](bench/RESULTS-compare.md). Re-run with \`npm run bench:compare\`.`,
    '',
    `![No-op tasks/s per system](bench/${chartFile})`,
    '',
  ];
  for (const t of tfs) {
    const a = agg[t.id];
    const vs = peers.map((p) => `${(a.steady.median / agg[p.id].steady.median).toFixed(2)}× ${nameOf(p)}`).join(', ');
    L.push(`- **taskframe on ${t.backend}${t.variant ? ` (${t.variant})` : ''}**, steady state (producer and worker at once): ${fmt(a.steady.median)} tasks/s — ${vs}.`);
  }
  const lat = measured.map((s) => `${s.package === 'taskframe' ? `taskframe (${s.backend}${s.variant ? `, ${s.variant}` : ''})` : s.label} ${fmt(agg[s.id].pacedP50.median, 1)} / ${fmt(agg[s.id].pacedP99.median, 1)}`).join('; ');
  L.push(`- Enqueue-to-start latency at ${meta.pacedRate.toLocaleString()} tasks/s offered, p50 / p99 ms: ${lat}.`);
  L.push('', 'Figures from a small, shared machine: compare them with each other, not with numbers taken elsewhere.', END);
  return L.join('\n');
}

/** Replaces the marked block; returns false (and changes nothing) when the README has no markers. */
export function updateReadme(file, data) {
  const text = fs.readFileSync(file, 'utf8');
  const a = text.indexOf(BEGIN);
  const b = text.indexOf(END);
  if (a < 0 || b < a) return false;
  fs.writeFileSync(file, text.slice(0, a) + readmeBlock(data) + text.slice(b + END.length));
  return true;
}
