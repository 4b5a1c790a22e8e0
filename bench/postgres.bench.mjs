// PostgreSQL driver benchmark: steady-state throughput with the producer and workers in
// 2 processes at once, enqueue-to-start latency at an offered 1,000 tasks/s, the cost of an
// idle worker, and the bloat check (live table size and the claim query's plan before and
// after every task has gone through). `quick` runs fewer tasks.
//
// Needs PostgreSQL at TASKFRAME_TEST_PG (default postgres://postgres@127.0.0.1:5432/test);
// each part uses its own schema, dropped afterwards.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Taskframe } from '../dist/index.js';
import { SQL } from '../dist/store/postgres/statements.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PG_URL = process.env.TASKFRAME_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function withAdmin(fn) {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function freshSchema(tag) {
  const schema = `tf_bench_${tag}_${Date.now().toString(36)}`;
  const u = new URL(PG_URL);
  u.searchParams.set('schema', schema);
  return { schema, url: u.toString(), drop: () => withAdmin((c) => c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)) };
}

/** A worker process (bench/postgres-worker.mjs); `done` follows its finished-task count. */
function workerProcess(url, concurrency, mode = '') {
  const child = spawn(process.execPath, [path.join(HERE, 'postgres-worker.mjs'), url, String(concurrency), mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  const w = { child, done: 0, queries: 0, last: null, ready: null, exited: new Promise((r) => child.once('exit', r)) };
  let buf = '';
  w.ready = new Promise((resolve) => {
    child.stdout.on('data', (d) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop();
      for (const l of lines) {
        if (!l.startsWith('{')) continue;
        const o = JSON.parse(l);
        if (o.ready) resolve();
        if (o.done !== undefined) (w.done = o.done), (w.queries = o.queries), (w.last = o);
      }
    });
  });
  w.stop = async () => {
    child.kill('SIGTERM');
    await w.exited;
  };
  return w;
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const fmt = (n) => Math.round(n).toLocaleString('en-US');

// ---- baseline: the database's own batch rate on one connection (same run, same machine) ----
async function rawInsertRate(url, schema) {
  return withAdmin(async (c) => {
    await c.query(`CREATE TABLE "${schema}".raw_bench (id bigserial PRIMARY KEY, name text, payload jsonb, created_at bigint)`);
    const rows = 1000;
    const rounds = 30;
    const t0 = performance.now();
    for (let i = 0; i < rounds; i++) {
      await c.query(
        `INSERT INTO "${schema}".raw_bench (name, payload, created_at) SELECT 'noop', NULL, $1 FROM generate_series(1, ${rows})`,
        [Date.now()],
      );
    }
    return (rows * rounds) / ((performance.now() - t0) / 1000);
  });
}

// ---- bloat: the live table and the claim plan ----
async function liveTableShape(schema) {
  return withAdmin(async (c) => {
    const size = await c.query(
      `SELECT pg_relation_size($1::regclass) AS heap, pg_relation_size($2::regclass) AS claim_index,
              pg_total_relation_size($1::regclass) AS total,
              (SELECT n_live_tup FROM pg_stat_user_tables WHERE relid = $1::regclass) AS live,
              (SELECT n_dead_tup FROM pg_stat_user_tables WHERE relid = $1::regclass) AS dead`,
      [`"${schema}".tasks`, `"${schema}".tasks_claim`],
    );
    // The claim as workers run it, on 1,000 fresh pending tasks, inside a transaction rolled back.
    await c.query('BEGIN');
    await c.query(`SET LOCAL search_path TO "${schema}"`);
    const now = Date.now();
    await c.query(
      `INSERT INTO tasks (name, queue, state, priority, run_at, max_attempts, backoff, created_at, updated_at)
       SELECT 'noop', 'default', 'pending', 0, $1, 3, '{}'::jsonb, $1, $1 FROM generate_series(1, 1000)`,
      [now],
    );
    await c.query(`PREPARE bench_claim(text[], bigint, int, bigint, text) AS ${SQL.claim}`);
    const plan = await c.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF) EXECUTE bench_claim('{default}', ${now}, 100, 30000, 'bench')`);
    await c.query('ROLLBACK');
    await c.query('DEALLOCATE ALL').catch(() => undefined);
    const r = size.rows[0];
    return {
      heap: Number(r.heap),
      claimIndex: Number(r.claim_index),
      total: Number(r.total),
      live: Number(r.live),
      dead: Number(r.dead),
      plan: plan.rows.map((x) => x['QUERY PLAN']).join('\n'),
    };
  });
}

// ---- throughput: producer here, workers in 2 processes, all at once ----
async function throughput({ tasks, concurrency }) {
  const s = await freshSchema('tp');
  const tf = await Taskframe.open({ db: s.url });
  const before = await liveTableShape(s.schema);
  const raw = await rawInsertRate(s.url, s.schema);
  const workers = [workerProcess(s.url, concurrency), workerProcess(s.url, concurrency)];
  await Promise.all(workers.map((w) => w.ready));
  const done = () => workers[0].done + workers[1].done;
  const samples = [];
  let warm = null;
  const t0 = performance.now();
  let produced = 0;
  // Bounded backlog: the producer stays at most 20,000 tasks ahead of the workers.
  const producer = (async () => {
    while (produced < tasks) {
      if (produced - done() > 20_000) {
        await sleep(2);
        continue;
      }
      const n = Math.min(1000, tasks - produced);
      await tf.enqueueMany(Array.from({ length: n }, () => ({ name: 'noop' })));
      produced += n;
    }
  })();
  while (done() < tasks) {
    await sleep(250);
    samples.push({ t: performance.now() - t0, done: done() });
    // The live table once the run has settled (10% through): what it should stay like.
    if (!warm && done() >= tasks * 0.1) warm = await liveTableShape(s.schema);
  }
  await producer;
  const elapsed = (performance.now() - t0) / 1000;
  await Promise.all(workers.map((w) => w.stop()));
  // Steady state: the middle 60% of the run by tasks done.
  const a = samples.find((x) => x.done >= tasks * 0.2);
  const b = samples.find((x) => x.done >= tasks * 0.8);
  const steady = a && b && b.t > a.t ? (b.done - a.done) / ((b.t - a.t) / 1000) : tasks / elapsed;
  // Give autovacuum its ordinary chance, as in production, then look at the live table again.
  await sleep(5000);
  const after = await liveTableShape(s.schema);
  await tf.close();
  await s.drop();
  return { tasks, elapsed, overall: tasks / elapsed, steady, raw, before, warm, after, concurrency };
}

// ---- latency at an offered 1,000 tasks/s ----
async function latency({ seconds }) {
  const s = await freshSchema('lat');
  const tf = await Taskframe.open({ db: s.url });
  const workers = [workerProcess(s.url, 50), workerProcess(s.url, 50)];
  await Promise.all(workers.map((w) => w.ready));
  const total = seconds * 1000;
  const t0 = performance.now();
  const pending = [];
  for (let i = 0; i < total; i++) {
    // Paced on the wall clock: task i is offered at t0 + i ms.
    const wait = t0 + i - performance.now();
    if (wait > 1) await sleep(wait);
    pending.push(tf.enqueue('lat', { t: Date.now() }));
  }
  await Promise.all(pending);
  while (workers[0].done + workers[1].done < total) await sleep(50);
  const lat = await withAdmin((c) => c.query(`SELECT (result->>'lat')::int AS lat FROM "${s.schema}".tasks_done`));
  const sorted = lat.rows.map((r) => r.lat).sort((x, y) => x - y);
  await Promise.all(workers.map((w) => w.stop()));
  await tf.close();
  await s.drop();
  return { offered: total / seconds, n: sorted.length, p50: pct(sorted, 50), p90: pct(sorted, 90), p99: pct(sorted, 99), max: sorted[sorted.length - 1] };
}

// ---- idle cost ----
async function idle({ seconds }) {
  const s = await freshSchema('idle');
  const tf = await Taskframe.open({ db: s.url });
  const w = workerProcess(s.url, 10, 'count');
  await w.ready;
  await sleep(1000); // start-up settles (LISTEN, first claim, partitions)
  const q0 = w.queries;
  const t0 = Date.now();
  await sleep(seconds * 1000);
  const q1 = w.queries;
  const perSecond = (q1 - q0) / ((Date.now() - t0) / 1000);
  // And it still wakes at once when work arrives.
  const t = await tf.enqueue('noop');
  while (w.done < 1) await sleep(10);
  const ev = await tf.events(t.id);
  const wakeMs = ev.find((e) => e.type === 'claimed').at - ev.find((e) => e.type === 'created').at;
  await w.stop();
  await tf.close();
  await s.drop();
  return { seconds, queries: q1 - q0, perSecond, wakeMs };
}

/** The claim's plan, without the parts that say nothing about the table (sorts, the paused-queue filter). */
function claimScanLines(plan) {
  const lines = plan.split('\n');
  const at = lines.findIndex((l) => l.includes('tasks_claim') || l.includes('Seq Scan on tasks'));
  const out = [];
  for (let i = at; i >= 0 && i < lines.length; i++) {
    out.push(lines[i].trim());
    if (lines[i].includes('Buffers')) break;
  }
  out.push(...lines.filter((l) => l.startsWith('Execution Time')));
  return out.map((l) => l.replace(/'\d{10,}'::bigint/, 'now')).join('\n');
}

export async function run({ quick }) {
  const load0 = os.loadavg()[0];
  const tp = await throughput({ tasks: quick ? 60_000 : 1_000_000, concurrency: 500 });
  const lat = await latency({ seconds: quick ? 5 : 15 });
  const idl = await idle({ seconds: quick ? 10 : 30 });
  const kb = (n) => `${(n / 1024).toFixed(0)} kB`;
  const load1 = os.loadavg()[0];
  const markdown = `
PostgreSQL 15 on this machine, default durable settings (synchronous_commit on). Workers are
separate processes (bench/postgres-worker.mjs) running the public API; the producer is the
bench process. ${quick ? '**Quick mode** (fewer tasks).' : ''} Load average (1 min) at start ${load0.toFixed(1)}, at end
${load1.toFixed(1)} on ${os.cpus().length} cores: other work on the machine shares the CPUs with PostgreSQL and the
workers, and every figure below moves with it.

### Steady-state throughput (no-op tasks, producer and 2 worker processes at once)

| measure | value |
|---|---|
| tasks through (enqueued, claimed, completed, moved to history, 3 events each) | ${fmt(tp.tasks)} |
| end-to-end, whole run | **${fmt(tp.overall)} tasks/s** (${tp.elapsed.toFixed(1)} s) |
| end-to-end, steady state (middle 60% of the run) | **${fmt(tp.steady)} tasks/s** |
| baseline in the same run: raw 1,000-row INSERT, one connection | ${fmt(tp.raw)} rows/s |
| steady state / raw INSERT rate | ${(tp.steady / tp.raw).toFixed(2)} |
| target | 20,000 tasks/s |

Worker concurrency ${tp.concurrency} per process; producer enqueues 1,000 per transaction, at most 20,000 ahead.

### Enqueue-to-start latency at an offered ${fmt(lat.offered)} tasks/s

Time from the producer's \`enqueue()\` call to the handler starting in another process
(Date.now() on both sides, 1 ms resolution), ${fmt(lat.n)} tasks, 2 worker processes:

| p50 | p90 | p99 | max | target |
|---|---|---|---|---|
| **${lat.p50} ms** | ${lat.p90} ms | **${lat.p99} ms** | ${lat.max} ms | p50 < 5 ms, p99 < 20 ms |

### Idle worker cost

One idle worker process (LISTEN/NOTIFY wake-ups, 5 s fallback poll), statements counted at its
pool for ${idl.seconds} s: **${idl.queries} statements = ${idl.perSecond.toFixed(2)} per second** (target < 1).
A task enqueued afterwards was claimed ${idl.wakeMs} ms after it was created (woken by NOTIFY).

### Bloat check: the live table before, during and after ${fmt(tp.tasks)} tasks

The live table holds only unfinished tasks; finished ones move to day-partitioned history.
Its size follows the backlog (here at most 20,000 ahead) and the dead row versions between
vacuum passes (the store vacuums it every 50,000 row changes; autovacuum besides), not the
number of tasks that went through.

| | before (empty) | settled (10% through) | after ${fmt(tp.tasks)} tasks (+5 s) |
|---|---|---|---|
| tasks heap | ${kb(tp.before.heap)} | ${kb(tp.warm.heap)} | ${kb(tp.after.heap)} |
| claim index (partial) | ${kb(tp.before.claimIndex)} | ${kb(tp.warm.claimIndex)} | ${kb(tp.after.claimIndex)} |
| tasks, total with indexes | ${kb(tp.before.total)} | ${kb(tp.warm.total)} | ${kb(tp.after.total)} |
| live / dead tuples (pg_stat) | ${tp.before.live} / ${tp.before.dead} | ${tp.warm.live} / ${tp.warm.dead} | ${tp.after.live} / ${tp.after.dead} |

The claim query (\`EXPLAIN (ANALYZE, BUFFERS)\` of the statement workers run, taking 100 of
1,000 fresh pending tasks, rolled back), the lines that show how it reaches the table:

before:
\`\`\`
${claimScanLines(tp.before.plan)}
\`\`\`

settled:
\`\`\`
${claimScanLines(tp.warm.plan)}
\`\`\`

after:
\`\`\`
${claimScanLines(tp.after.plan)}
\`\`\`

<details><summary>full plan after the run</summary>

\`\`\`
${tp.after.plan}
\`\`\`
</details>
`;
  return { title: 'PostgreSQL driver: throughput, latency, idle cost, bloat', markdown };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await run({ quick: process.argv.includes('--quick') });
  console.log(r.markdown);
}
