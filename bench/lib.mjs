// Shared helpers for benchmarks: percentiles, RSS, temp stores, formatting.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function tempDb(prefix = 'tf-bench-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { url: `sqlite:${path.join(dir, 'bench.db')}`, file: path.join(dir, 'bench.db'), dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function summarize(values) {
  const s = Float64Array.from(values).sort();
  return { n: s.length, p50: percentile(s, 50), p90: percentile(s, 90), p99: percentile(s, 99), max: s[s.length - 1] };
}

export const fmt = (n, d = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : 'n/a');
export const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
