// A/B drain on PostgreSQL: N no-op tasks enqueued first, then drained by one worker process;
// prints tasks/s per run. Variants alternate, so a shared machine's noise falls on all of them.
//   node bench/pg-drain-ab.mjs [--tasks=50000] [--reps=3] [--history=full|none] [--poll=1] [--past-days=N]
//     --variant=NAME:depth=2,concurrency=100,prefetch=100 [--variant=…]
// A variant sets the worker's concurrency and prefetch, and the store's pipeline depth.
// --past-days=N gives the schema N day partitions of history and events before today, as a
// deployment N days old keeps them (retention longer than that, or none).
// Run `npm run build` first (it imports dist/). AB_PROF=DIR writes a CPU profile of each worker process there.
import { spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Taskframe, openStore } from '../dist/index.js';
import { DAY_MS } from '../dist/store/postgres/days.js';
import { ensureDayPartitions } from '../dist/store/postgres/partitions.js';

const PG = process.env.COMPARE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SELF = fileURLToPath(import.meta.url);

if (process.argv[2] === '--child') await child(...process.argv.slice(3));
else await main();

async function child(url, history, concurrency, prefetch, depth) {
  const store = await openStore(url, { history, pipelineDepth: Number(depth) });
  const tf = await Taskframe.open({ store });
  let done = 0;
  const worker = tf.worker({ handlers: { noop: () => null }, concurrency: Number(concurrency), prefetch: Number(prefetch), maintenance: false });
  worker.on('task:end', () => done++);
  const t0 = process.cpuUsage();
  worker.start();
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
  const tick = setInterval(() => process.stdout.write(`${JSON.stringify({ done })}\n`), 20);
  process.once('SIGTERM', async () => {
    clearInterval(tick);
    const cpu = process.cpuUsage(t0);
    await tf.close();
    process.stdout.write(`${JSON.stringify({ closed: true, cpuUs: cpu.user + cpu.system, stats: tf.engine.writeStats })}\n`);
    process.exit(0);
  });
}

function parseArgs() {
  const a = { tasks: 50_000, reps: 3, history: 'full', poll: 0, 'past-days': 0, variants: [] };
  for (const arg of process.argv.slice(2)) {
    const [k, v] = arg.replace(/^--/, '').split('=');
    if (k === 'variant') {
      const [name, spec] = arg.slice('--variant='.length).split(':');
      const o = { name, depth: 1, concurrency: 100, prefetch: 100 };
      for (const kv of (spec ?? '').split(',').filter(Boolean)) {
        const [kk, vv] = kv.split('=');
        o[kk] = Number(vv);
      }
      a.variants.push(o);
    } else if (k === 'history') a.history = v;
    else a[k] = Number(v);
  }
  if (a.variants.length === 0) a.variants.push({ name: 'default', depth: 1, concurrency: 100, prefetch: 100 });
  return a;
}

async function runOnce(a, v, rep) {
  const schema = `ab_${process.pid}_${rep}_${v.name.replace(/\W/g, '_')}`.toLowerCase();
  const url = `${PG}?schema=${schema}`;
  const tf = await Taskframe.open({ db: url, history: a.history });
  if (a['past-days'] > 0) {
    const today = Math.floor(Date.now() / DAY_MS);
    const admin = await openStore(url);
    await ensureDayPartitions(admin.pool, schema, Array.from({ length: a['past-days'] }, (_, i) => today - 1 - i));
    await admin.close();
  }
  for (let i = 0; i < a.tasks; i += 1000) {
    await tf.enqueueMany(Array.from({ length: Math.min(1000, a.tasks - i) }, (_, j) => ({ name: 'noop', payload: { i: i + j } })));
  }
  const proc = spawn(process.execPath, [...(process.env.AB_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.AB_PROF}`] : []), SELF, '--child', url, a.history, String(v.concurrency), String(v.prefetch), String(v.depth)], { stdio: ['ignore', 'pipe', 'inherit'] });
  // --poll: count what is left every 2 ms meanwhile, as bench:compare's drain does.
  let polling = a.poll > 0;
  const poller = (async () => {
    while (polling) {
      await tf.engine.countLive(['default']);
      await new Promise((r) => setTimeout(r, 2));
    }
  })();
  let buf = '';
  let start = 0;
  let end = 0;
  let closed = null;
  await new Promise((resolve) => {
    proc.stdout.on('data', (d) => {
      buf += d;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const m = JSON.parse(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
        if (m.ready) start = performance.now();
        else if (m.closed) (closed = m), resolve();
        else if (m.done >= a.tasks && !end) (end = performance.now()), proc.kill('SIGTERM');
      }
    });
  });
  polling = false;
  await poller;
  await tf.close();
  const admin = await openStore(PG);
  await admin.pool.query(`DROP SCHEMA ${schema} CASCADE`);
  await admin.close();
  const s = (end - start) / 1000;
  return { rate: a.tasks / s, cpuPerTaskUs: closed.cpuUs / a.tasks, stats: closed.stats };
}

async function main() {
  const a = parseArgs();
  const results = Object.fromEntries(a.variants.map((v) => [v.name, []]));
  for (let rep = 0; rep < a.reps; rep++) {
    for (const v of rep % 2 ? [...a.variants].reverse() : a.variants) {
      const r = await runOnce(a, v, rep);
      results[v.name].push(r.rate);
      const st = r.stats ? ` tx=${r.stats.transactions} ops/tx=${(r.stats.operations / r.stats.transactions).toFixed(0)}` : '';
      console.log(`${v.name} rep ${rep + 1}: ${Math.round(r.rate)} tasks/s, worker cpu ${r.cpuPerTaskUs.toFixed(1)} µs/task${st}, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    }
  }
  for (const [name, rates] of Object.entries(results)) {
    const sorted = [...rates].sort((x, y) => x - y);
    console.log(`${name}: median ${Math.round(sorted[Math.floor(sorted.length / 2)])} (${sorted.map(Math.round).join(', ')}) tasks/s`);
  }
}
