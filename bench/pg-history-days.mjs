// Reads that a PostgreSQL store makes all the time, timed on stores that keep N days of history
// (a day partition of tasks_done and of events per day, as a store without retention has after N
// days): an idle poll of the event feed, a task by id (live and finished), a task's audit (live
// and finished), labels for events, an enqueue depending on a finished task, newest-first lists,
// the feed's end.
//   node bench/pg-history-days.mjs [--days=0,90,365] [--reps=30]
// Run `npm run build` first (it imports dist/). Prints one line per number of days, ms per call.
import { Taskframe, openStore } from '../dist/index.js';
import { DAY_MS } from '../dist/store/postgres/days.js';
import { ensureDayPartitions } from '../dist/store/postgres/partitions.js';

const PG = process.env.COMPARE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const DAYS = (args.days ?? '0,90,365').split(',').map(Number);
const REPS = Number(args.reps ?? 30);

async function settle(store) {
  for (;;) {
    const c = await store.taskCountLive({});
    if ((c.pending ?? 0) + (c.running ?? 0) === 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function time(f) {
  for (let i = 0; i < 3; i++) await f(i); // each pooled connection prepares what it prepares once
  const t0 = performance.now();
  for (let i = 0; i < REPS; i++) await f(i + 3);
  return (performance.now() - t0) / REPS;
}

for (const days of DAYS) {
  const schema = `history_days_${process.pid}_${days}`;
  const url = `${PG}?schema=${schema}`;
  const tf = await Taskframe.open({ db: url });
  const store = await openStore(url);
  try {
    const today = Math.floor(Date.now() / DAY_MS);
    if (days > 0) await ensureDayPartitions(store.pool, schema, Array.from({ length: days }, (_, i) => today - 1 - i));
    // Today's mark of how far task ids have gone, as the maintenance leader leaves it each day
    // (history-floor.ts); a build without marks has no historyDayTurn.
    await store.historyDayTurn?.({ now: Date.now() });
    const n = REPS + 3;
    await tf.enqueueMany(Array.from({ length: n }, (_, i) => ({ name: 'noop', payload: { i } })));
    const worker = tf.worker({ handlers: { noop: () => null }, concurrency: 50, maintenance: false });
    worker.start();
    await settle(store);
    await worker.stop();
    const finished = (await store.taskList({ limit: n })).map((t) => t.id);
    const live = await tf.enqueueMany(Array.from({ length: n }, (_, i) => ({ name: 'waits', payload: { i } })));
    const liveIds = live.map((t) => t.id);
    const end = await store.eventFeedEnd();
    const row = {
      days,
      'idle feed poll': await time(() => store.eventFeed({ after: end, limit: 100 })),
      'live task by id': await time((i) => store.taskGet({ id: liveIds[i % n] })),
      'finished task by id': await time((i) => store.taskGet({ id: finished[i % n] })),
      'audit of a live task': await time((i) => tf.engine.events([liveIds[i % n]])),
      'audit of a finished task': await time((i) => tf.engine.events([finished[i % n]])),
      'labels of 20 finished tasks': await time((i) => tf.engine.inspect.labels(finished.slice(i % 10, (i % 10) + 20), Date.now() - 2 * DAY_MS)),
      'enqueue depending on a finished task': await time((i) => tf.enqueue('later', null, { dependsOn: [finished[i % n]] })),
      'newest 50 tasks': await time(() => store.taskList({ limit: 50 })),
      'newest 50 failed (none)': await time(() => store.taskList({ limit: 50, states: ['failed'] })),
      "the feed's end": await time(() => store.eventFeedEnd()),
    };
    console.log(Object.entries(row).map(([k, v]) => `${k} ${typeof v === 'number' && k !== 'days' ? v.toFixed(2) + ' ms' : v}`).join(', '));
  } finally {
    await store.pool.query(`DROP SCHEMA ${schema} CASCADE`);
    await store.close();
    await tf.close();
  }
}
