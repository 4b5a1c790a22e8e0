// What an idle worker asks the store each time it runs out of work: the next run-at of its
// queues, with a backlog of delayed tasks (reminders, retries with long backoff). The store's
// statement reads the claim index one priority at a time; the baseline in the same run is the
// plain min(run_at) over the queue's claimable tasks, which reads every delayed task's entry.
// `npm run bench -- idle` runs it alone (IDLE_N delayed tasks, default 200,000; 20,000 with --quick).
import { Taskframe } from '../dist/index.js';
import { fmt, tempDb } from './lib.mjs';

const PG_URL = process.env.TASKFRAME_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const PLAIN = `SELECT min(run_at) AS t FROM tasks WHERE queue = 'default' AND state IN ('pending', 'scheduled', 'retrying')`;

async function store(driver) {
  if (driver === 'sqlite') {
    const db = tempDb('tf-bench-idle-');
    const Database = (await import('better-sqlite3')).default;
    return {
      url: db.url,
      plain: () => {
        const d = new Database(db.file, { readonly: true });
        const st = d.prepare(PLAIN);
        return { run: async () => st.get().t, close: async () => d.close() };
      },
      cleanup: async () => db.cleanup(),
    };
  }
  const pg = (await import('pg')).default;
  const schema = `tf_bench_idle_${Date.now().toString(36)}`;
  const u = new URL(PG_URL);
  u.searchParams.set('schema', schema);
  const client = async (options) => {
    const c = new pg.Client({ connectionString: PG_URL, ...(options ? { options } : {}) });
    await c.connect();
    return c;
  };
  return {
    url: u.toString(),
    plain: async () => {
      const c = await client(`-c search_path=${schema}`);
      return { run: async () => Number((await c.query({ name: 'plain', text: PLAIN })).rows[0].t), close: () => c.end() };
    },
    cleanup: async () => {
      const c = await client();
      await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await c.end();
    },
  };
}

async function timeCalls(fn, calls) {
  await fn();
  const t0 = performance.now();
  let last;
  for (let i = 0; i < calls; i++) last = await fn();
  return { ms: (performance.now() - t0) / calls, last };
}

async function measure(driver, n) {
  const s = await store(driver);
  const tf = await Taskframe.open({ db: s.url });
  try {
    const now = Date.now();
    for (let i = 0; i < n; i += 5000) {
      await tf.enqueueMany(Array.from({ length: Math.min(5000, n - i) }, (_, k) => ({ name: 'later', runAt: now + 3_600_000 + (((i + k) * 7919) % 86_400_000), priority: (i + k) % 3 })));
    }
    const plain = await s.plain();
    try {
      const calls = driver === 'sqlite' ? 200 : 50;
      const mine = await timeCalls(() => tf.engine.nextRunAt(['default']), calls);
      const base = await timeCalls(plain.run, calls);
      if (mine.last !== base.last) throw new Error(`next run-at ${mine.last} differs from min(run_at) ${base.last}`);
      return { mine: mine.ms, base: base.ms };
    } finally {
      await plain.close();
    }
  } finally {
    await tf.close();
    await s.cleanup();
  }
}

export async function run({ quick = false } = {}) {
  const n = Number(process.env.IDLE_N ?? (quick ? 20_000 : 200_000));
  const lines = [
    `${n.toLocaleString()} delayed tasks over 3 priorities in one queue; mean time of one call (after a first one), the store's next run-at`,
    'against the plain `min(run_at)` over the same claimable tasks in the same run (on a connection of its own).',
    '',
    '| store | next run-at ms | plain min(run_at) ms | plain ÷ next run-at |',
    '|---|---|---|---|',
  ];
  for (const driver of (process.env.IDLE_STORES ?? 'sqlite,postgres').split(',').filter(Boolean)) {
    process.stderr.write(`idle bench: ${driver} …\n`);
    const r = await measure(driver, n);
    lines.push(`| ${driver} | ${fmt(r.mine, 3)} | ${fmt(r.base, 3)} | ${fmt(r.base / r.mine, 0)}× |`);
  }
  return { title: 'Idle workers: the next run-at with a backlog of delayed tasks', markdown: lines.join('\n') };
}
