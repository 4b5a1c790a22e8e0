// A worker process of bench:fleet (not a bench itself): no-op handlers that note how long after
// its enqueue each task started, maintenance with retention (leader-elected among the workers),
// and every second one JSON line: tasks finished and a latency histogram since the last line.
//   node bench/fleet/worker.mjs DB_URL ID CONCURRENCY RETENTION_MS
import { Taskframe } from '../../dist/index.js';
import { bucketOf } from './hist.mjs';

const [db, id, concurrency, retentionMs] = process.argv.slice(2);
const tf = await Taskframe.open({ db });
let done = 0;
let hist = {};
const note = (p) => {
  const b = bucketOf(Date.now() - p.t);
  hist[b] = (hist[b] ?? 0) + 1;
  return null;
};
const worker = tf.worker({
  workerId: id,
  handlers: { noop: note },
  concurrency: Number(concurrency),
  leaseMs: 10_000,
  maintenance: { holderId: id, intervalMs: 1000, leaderTtlMs: 10_000, retentionMs: Number(retentionMs) },
});
worker.on('task:end', (_t, outcome) => {
  if (outcome === 'succeeded') done++;
});
worker.start();
const say = (o) => process.stdout.write(`${JSON.stringify({ ...o, at: Date.now() })}\n`);
const tick = setInterval(() => {
  const m = process.memoryUsage();
  say({ done, hist, mem: { heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers } });
  done = 0;
  hist = {};
}, 1000);
say({ ready: true });
process.once('SIGTERM', async () => {
  clearInterval(tick);
  await tf.close();
  say({ done, hist, closed: true });
  process.exit(0);
});
