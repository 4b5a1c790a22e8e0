// Core benchmark on the embedded SQLite store (WAL, synchronous=NORMAL, every state change and
// its event written), no-op handlers, one process:
//   raw baseline  — better-sqlite3 inserting 1,000-row transactions on this machine, same run
//   bulk enqueue  — enqueueMany in calls of 1,000, no worker running
//   drain         — a worker drains the backlog
//   steady        — producer (bulk calls of 100) and worker at once; enqueue-to-start latency
//   paced 1,000/s — single enqueues at an offered 1,000 tasks/s; enqueue-to-start latency
//   RSS           — resident memory every 100k tasks while 1M flow through (retention on)
import Database from 'better-sqlite3';
import { Taskframe } from '../dist/index.js';
import { fmt, mb, median, sleep, summarize, tempDb } from './lib.mjs';

const nowMs = () => performance.timeOrigin + performance.now();

function rawInsertBaseline(n) {
  const db = tempDb();
  const sql = new Database(db.file);
  sql.pragma('journal_mode = WAL');
  sql.pragma('synchronous = NORMAL');
  sql.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, queue TEXT, name TEXT, payload TEXT, state TEXT, priority INT, run_at INT, created_at INT)');
  const ins = sql.prepare('INSERT INTO t (queue, name, payload, state, priority, run_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const t0 = performance.now();
  for (let i = 0; i < n; i += 1000) {
    sql.transaction(() => {
      for (let j = 0; j < 1000; j++) ins.run('default', 'noop', JSON.stringify({ i: i + j }), 'pending', 0, Date.now(), Date.now());
    }).immediate();
  }
  const rate = (n / (performance.now() - t0)) * 1000;
  sql.close();
  db.cleanup();
  return rate;
}

async function withTf(fn) {
  const db = tempDb();
  const tf = await Taskframe.open({ db: db.url });
  try {
    return await fn(tf);
  } finally {
    await tf.close();
    db.cleanup();
  }
}

function counter(n) {
  let done = 0;
  let resolve;
  const all = new Promise((r) => (resolve = r));
  return { hit: () => ++done === n && resolve(), all, get done() { return done; } };
}

async function bulkAndDrain(n) {
  return withTf(async (tf) => {
    const specs = Array.from({ length: n }, (_, i) => ({ name: 'noop', payload: { i } }));
    const t0 = performance.now();
    for (let i = 0; i < n; i += 1000) await tf.enqueueMany(specs.slice(i, i + 1000));
    const enqueue = (n / (performance.now() - t0)) * 1000;
    const c = counter(n);
    const t1 = performance.now();
    tf.worker({ concurrency: 100, maintenance: false, handlers: { noop: () => c.hit() } }).start();
    await c.all;
    await tf.engine.flush();
    return { enqueue, drain: (n / (performance.now() - t1)) * 1000 };
  });
}

async function steady(n) {
  return withTf(async (tf) => {
    const lat = [];
    const c = counter(n);
    tf.worker({ concurrency: 100, maintenance: false, handlers: { noop: (p) => { lat.push(nowMs() - p.t); c.hit(); } } }).start();
    const t0 = performance.now();
    for (let i = 0; i < n; i += 100) {
      const t = nowMs();
      const specs = [];
      for (let j = 0; j < 100; j++) specs.push({ name: 'noop', payload: { t } });
      await tf.enqueueMany(specs);
    }
    const produced = (n / (performance.now() - t0)) * 1000;
    await c.all;
    const rate = (n / (performance.now() - t0)) * 1000;
    await tf.engine.flush();
    return { rate, produced, ...summarize(lat) };
  });
}

async function paced(rate, seconds) {
  return withTf(async (tf) => {
    const n = rate * seconds;
    const lat = [];
    const call = [];
    const c = counter(n);
    tf.worker({ concurrency: 100, maintenance: false, handlers: { noop: (p) => { lat.push(nowMs() - p.t); c.hit(); } } }).start();
    const start = performance.now();
    const pending = [];
    for (let i = 0; i < n; i++) {
      const due = start + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      const t = nowMs();
      pending.push(tf.enqueue('noop', { t }).then(() => call.push(nowMs() - t)));
    }
    await Promise.all(pending);
    await c.all;
    return { offered: rate, ...summarize(lat), call: summarize(call) };
  });
}

async function rssSoak(n, step) {
  return withTf(async (tf) => {
    const samples = [];
    const c = counter(n);
    tf.worker({ concurrency: 100, handlers: { noop: () => c.hit() }, maintenance: { retentionMs: 1000, intervalMs: 1000 } }).start();
    const t0 = performance.now();
    let last = t0;
    for (let i = 0; i < n; i += 1000) {
      await tf.enqueueMany(Array.from({ length: 1000 }, () => ({ name: 'noop', payload: null })));
      // Keep the backlog bounded so this measures flow, not a growing queue.
      while (i - c.done > 20_000) await sleep(5);
      if ((i + 1000) % step === 0) {
        while (c.done < i + 1000 - 1000) await sleep(5);
        const t = performance.now();
        samples.push({ at: i + 1000, rss: process.memoryUsage().rss, rate: (step / (t - last)) * 1000 });
        last = t;
      }
    }
    await c.all;
    return samples;
  });
}

export async function run({ quick = false } = {}) {
  const N = quick ? 20_000 : 100_000;
  const reps = quick ? 1 : 3;
  const raw = [];
  const bd = [];
  const st = [];
  for (let r = 0; r < reps; r++) {
    raw.push(rawInsertBaseline(N));
    bd.push(await bulkAndDrain(N));
    st.push(await steady(N));
  }
  const p = await paced(1000, quick ? 3 : 10);
  const soak = await rssSoak(quick ? 200_000 : 1_000_000, 100_000);

  const mm = (xs) => `${fmt(median(xs))} (${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))})`;
  const rawMed = median(raw);
  const lines = [
    `SQLite (WAL, synchronous=NORMAL), no-op handlers, one process, worker concurrency 100, ${N.toLocaleString()} tasks per phase, ${reps} repetition(s): median (min–max).`,
    '',
    '| measurement | tasks/s | ÷ raw 1,000-row INSERT baseline |',
    '|---|---|---|',
    `| raw better-sqlite3 INSERT, 1,000 rows/txn (baseline, same run) | ${mm(raw)} | 1.00 |`,
    `| bulk enqueue (enqueueMany, 1,000 per call) | ${mm(bd.map((x) => x.enqueue))} | ${(median(bd.map((x) => x.enqueue)) / rawMed).toFixed(2)} |`,
    `| drain (worker only) | ${mm(bd.map((x) => x.drain))} | ${(median(bd.map((x) => x.drain)) / rawMed).toFixed(2)} |`,
    `| steady state (producer + worker, one process) | ${mm(st.map((x) => x.rate))} | ${(median(st.map((x) => x.rate)) / rawMed).toFixed(2)} |`,
    '',
    'Enqueue-to-start latency (handler start − enqueue call), ms:',
    '',
    '| load | p50 | p90 | p99 | max |',
    '|---|---|---|---|---|',
    `| steady (all tasks pushed as fast as possible: mostly backlog wait) | ${fmt(median(st.map((x) => x.p50)), 2)} | ${fmt(median(st.map((x) => x.p90)), 2)} | ${fmt(median(st.map((x) => x.p99)), 2)} | ${fmt(median(st.map((x) => x.max)), 2)} |`,
    `| paced: single enqueues at ${p.offered}/s offered | ${fmt(p.p50, 2)} | ${fmt(p.p90, 2)} | ${fmt(p.p99, 2)} | ${fmt(p.max, 2)} |`,
    `| paced: the enqueue call itself | ${fmt(p.call.p50, 2)} | ${fmt(p.call.p90, 2)} | ${fmt(p.call.p99, 2)} | ${fmt(p.call.max, 2)} |`,
    '',
    `RSS while ${soak.at(-1).at.toLocaleString()} tasks flow through (retention 1 s, backlog ≤ 20k):`,
    '',
    '| tasks processed | RSS | rate over the last 100k (tasks/s) |',
    '|---|---|---|',
    ...soak.map((s) => `| ${s.at.toLocaleString()} | ${mb(s.rss)} | ${fmt(s.rate)} |`),
    '',
    `RSS change from ${soak[0].at.toLocaleString()} to ${soak.at(-1).at.toLocaleString()}: ${(((soak.at(-1).rss - soak[0].rss) / soak[0].rss) * 100).toFixed(1)}%.`,
  ];
  return { title: 'Core: SQLite throughput, latency and memory', markdown: lines.join('\n') };
}
