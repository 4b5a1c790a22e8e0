// A worker process for bench/postgres.bench.mjs (not a bench itself): serves `noop` (returns
// nothing) and `lat` (returns how long after its enqueue the handler started), reports how
// many tasks it finished every 250 ms as a JSON line, and on SIGTERM closes cleanly.
//   node bench/postgres-worker.mjs DB_URL CONCURRENCY [countQueries]
import { Taskframe, openStore } from '../dist/index.js';

const [db, concurrency, countQueries] = process.argv.slice(2);
// The store is opened here (not by Taskframe) so its pool can be instrumented.
const store = await openStore(db);
const tf = await Taskframe.open({ store });
let queries = 0;
if (countQueries === 'count') {
  // Every statement this process sends, through the pool or a checked-out client.
  const pool = store.pool;
  const q = pool.query.bind(pool);
  pool.query = (...a) => (queries++, q(...a));
  pool.on('acquire', (client) => {
    if (client.__counted) return;
    client.__counted = true;
    const cq = client.query.bind(client);
    client.query = (...a) => (queries++, cq(...a));
  });
}
let done = 0;
const worker = tf.worker({
  handlers: {
    noop: () => null,
    lat: (p) => ({ lat: Date.now() - p.t }),
  },
  concurrency: Number(concurrency),
  maintenance: false,
  leaseMs: 30_000,
});
worker.on('task:end', () => done++);
worker.start();
const tick = setInterval(() => process.stdout.write(`${JSON.stringify({ done, queries, t: Date.now() })}\n`), 250);
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
process.once('SIGTERM', async () => {
  clearInterval(tick);
  await tf.close();
  process.stdout.write(`${JSON.stringify({ done, queries, t: Date.now(), stats: tf.engine.writeStats, closed: true })}\n`);
  process.exit(0);
});
