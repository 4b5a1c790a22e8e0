// HTTP API throughput against the library path, measured in the same run on the same machine:
// bulk enqueue (POST /v1/tasks/batch vs engine.enqueueMany) and claim/complete (remote workers
// over HTTP with batched claim and report vs an in-process Worker). Target: remote workers reach
// at least 50% of the library path's throughput.
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RemoteWorker, Taskframe, TaskframeClient } from '../dist/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TOKEN = randomBytes(24).toString('hex');
const BATCH = 1000;

function tmpDb(name) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-bench-server-'));
  return { url: `sqlite:${path.join(dir, `${name}.db`)}`, dir };
}

async function startServer(db) {
  const proc = spawn(process.execPath, [path.join(ROOT, 'dist/cli/main.js'), '--db', db, 'server', '--port', '0'], {
    env: { ...process.env, TASKFRAME_TOKENS: `bench:admin:${TOKEN}`, TASKFRAME_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    proc.once('exit', (c) => reject(new Error(`server exited ${c}`)));
  });
  return { url, stop: () => new Promise((r) => (proc.once('exit', r), proc.kill('SIGTERM'))) };
}

const specs = (n, queue) => Array.from({ length: n }, (_, i) => ({ name: 'noop', queue, payload: { i } }));

async function libraryPath(n) {
  const { url, dir } = tmpDb('lib');
  const tf = await Taskframe.open({ db: url });
  let t0 = performance.now();
  for (let i = 0; i < n; i += BATCH) await tf.enqueueMany(specs(Math.min(BATCH, n - i), 'bench'));
  const enqueueRate = n / ((performance.now() - t0) / 1000);
  t0 = performance.now();
  const w = tf.worker({ queues: ['bench'], concurrency: 200, drain: true, maintenance: false, handlers: { noop: (p) => p.i } }).start();
  await w.drained;
  const runRate = n / ((performance.now() - t0) / 1000);
  await tf.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return { enqueueRate, runRate };
}

async function httpPath(n, workers) {
  const { url: db, dir } = tmpDb('http');
  const server = await startServer(db);
  const client = new TaskframeClient({ url: server.url, token: TOKEN, timeoutMs: 120_000 });
  let t0 = performance.now();
  // Two requests in flight: a producer service would pipeline like this.
  const chunks = [];
  for (let i = 0; i < n; i += BATCH) chunks.push(specs(Math.min(BATCH, n - i), 'bench'));
  for (let i = 0; i < chunks.length; i += 2) await Promise.all(chunks.slice(i, i + 2).map((c) => client.enqueueMany(c)));
  const enqueueRate = n / ((performance.now() - t0) / 1000);
  let done = 0;
  let lost = 0;
  let resolveAll;
  const all = new Promise((r) => (resolveAll = r));
  t0 = performance.now();
  const ws = Array.from({ length: workers }, (_, k) =>
    new RemoteWorker({ url: server.url, token: TOKEN, queues: ['bench'], concurrency: 200, batchSize: 200, waitMs: 200, workerId: `bench-${k}`, handlers: { noop: (p) => p.i } })
      .on('task:end', (_id, outcome) => {
        if (outcome === 'lost') lost++;
        if (++done === n) resolveAll();
      })
      .start(),
  );
  await all;
  const runRate = n / ((performance.now() - t0) / 1000);
  await Promise.all(ws.map((w) => w.stop()));
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  return { enqueueRate, runRate, lost };
}

export async function run({ quick }) {
  const n = quick ? 5_000 : 20_000;
  const rounds = quick ? 1 : 3;
  // Warm up both paths once (JIT, SQLite page cache) so neither pays for it in the figures.
  await libraryPath(1000);
  await httpPath(1000, 1);
  // Rounds interleave the paths so load from elsewhere on the machine hits them alike; the
  // table shows each figure's median over the rounds.
  const r = { lib: [], http1: [], http2: [] };
  for (let i = 0; i < rounds; i++) {
    r.lib.push(await libraryPath(n));
    r.http1.push(await httpPath(n, 1));
    r.http2.push(await httpPath(n, 2));
  }
  const median = (xs, k) => xs.map((x) => x[k]).sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const pick = (xs) => ({ enqueueRate: median(xs, 'enqueueRate'), runRate: median(xs, 'runRate'), lost: xs.reduce((a, x) => a + (x.lost ?? 0), 0) });
  const lib = pick(r.lib);
  const http1 = pick(r.http1);
  const http2 = pick(r.http2);
  const pct = (a, b) => `${Math.round((100 * a) / b)}%`;
  const f = (x) => Math.round(x).toLocaleString('en-US');
  const markdown = `
${n.toLocaleString('en-US')} no-op tasks on SQLite; HTTP runs against a \`taskframe server\` process on the same machine.
Enqueue in batches of ${BATCH}; remote workers claim and report up to 200 tasks per request. Median of ${rounds} interleaved round(s).

| path | enqueue (tasks/s) | vs library | claim + complete (tasks/s) | vs library |
|---|---:|---:|---:|---:|
| library (engine.enqueueMany, in-process Worker, concurrency 200) | ${f(lib.enqueueRate)} | 100% | ${f(lib.runRate)} | 100% |
| HTTP, 1 remote worker (TypeScript RemoteWorker) | ${f(http1.enqueueRate)} | ${pct(http1.enqueueRate, lib.enqueueRate)} | ${f(http1.runRate)} | ${pct(http1.runRate, lib.runRate)} |
| HTTP, 2 remote workers | ${f(http2.enqueueRate)} | ${pct(http2.enqueueRate, lib.enqueueRate)} | ${f(http2.runRate)} | ${pct(http2.runRate, lib.runRate)} |

Target: remote claim/complete at least 50% of the library path — ${http1.runRate >= lib.runRate / 2 || http2.runRate >= lib.runRate / 2 ? '**met**' : '**not met**'}.
Reports refused for a lost lease: ${http1.lost + http2.lost} (expected 0).
`;
  return { title: 'Server: HTTP API vs library path', markdown };
}
