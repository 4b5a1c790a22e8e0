// A backlog of delayed tasks (reminders, retries with long backoff) beside the work that is due:
// - the next run-at, what an idle worker asks each time it runs out of work: the store's statement
//   (the claim index read a priority at a time) against the plain min(run_at) over the queue's
//   claimable tasks in the same run, which reads every delayed task's entry;
// - a drain of due tasks with the delayed backlog at a higher priority, against the same drain
//   without it (a claim over the whole queue stepped over every delayed task first);
// - the same under a per-key concurrency rule (flow control), the delayed tasks in the same keys;
// - keyed claims where most keys hold only delayed tasks (an empty claim; a claim of few due keys).
// `npm run bench -- delayed` runs it alone (DELAYED_N delayed tasks, default 200,000 for the
// run-at and 100,000 for the drain; a tenth with --quick; DELAYED_STORES=sqlite,postgres).
import { Taskframe } from '../dist/index.js';
import { fmt, tempDb } from './lib.mjs';

const PG_URL = process.env.TASKFRAME_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const PLAIN = `SELECT min(run_at) AS t FROM tasks WHERE queue = 'default' AND state IN ('pending', 'scheduled', 'retrying')`;

async function store(driver) {
  if (driver === 'sqlite') {
    const db = tempDb('tf-bench-delayed-');
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
  const schema = `tf_bench_delayed_${Date.now().toString(36)}`;
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

/**
 * Drains `due` tasks at priority 0 with `delayed` tasks an hour ahead at priority 5 in the same
 * queue; tasks/s. `keys`: every task carries one of that many tenants and a rule allows 5 running
 * per tenant.
 */
async function drainBeside(driver, { due, delayed, keys = 0 }) {
  const s = await store(driver);
  const tf = await Taskframe.open({ db: s.url });
  const tenant = (i) => (keys ? { tenant: `t${i % keys}` } : null);
  try {
    const now = Date.now();
    for (let i = 0; i < delayed; i += 5000) {
      await tf.enqueueMany(Array.from({ length: Math.min(5000, delayed - i) }, (_, k) => ({ name: 'later', runAt: now + 3_600_000 + i + k, priority: 5, payload: tenant(i + k) })));
    }
    for (let i = 0; i < due; i += 1000) await tf.enqueueMany(Array.from({ length: Math.min(1000, due - i) }, (_, k) => ({ name: 'now', payload: tenant(i + k) })));
    if (keys) await tf.engine.flow.setLimit({ queue: 'default', key: 'payload.tenant', concurrency: 5 });
    let done = 0;
    const t0 = performance.now();
    const w = tf.worker({ concurrency: 100, maintenance: false, handlers: { now: () => void done++, later: () => undefined } }).start();
    while (done < due) await new Promise((r) => setTimeout(r, 5));
    const rate = (due / (performance.now() - t0)) * 1000;
    await w.stop();
    return rate;
  } finally {
    await tf.close();
    await s.cleanup();
  }
}

/**
 * Keyed claims where most keys hold only delayed tasks: `keys` tenants with two tasks an hour
 * ahead each, under a per-tenant concurrency rule. Mean ms of an empty claim (nothing due), then
 * with 10 more tenants holding due work (keyed after the others), of a claim of 100 (the rule
 * allows plenty, so every claim takes 100).
 */
async function sparseKeys(driver, keys) {
  const s = await store(driver);
  const tf = await Taskframe.open({ db: s.url });
  try {
    const now = Date.now();
    for (let i = 0; i < keys * 2; i += 5000) {
      await tf.enqueueMany(Array.from({ length: Math.min(5000, keys * 2 - i) }, (_, k) => ({ name: 'later', runAt: now + 3_600_000, payload: { tenant: `t${(i + k) % keys}` } })));
    }
    await tf.engine.flow.setLimit({ queue: 'default', key: 'payload.tenant', concurrency: 100_000 });
    const claim = () => tf.engine.claim({ queues: ['default'], workerId: 'bench', limit: 100, leaseMs: 600_000 });
    const empty = await timeCalls(claim, 20);
    if (empty.last.length !== 0) throw new Error(`an empty claim took ${empty.last.length}`);
    for (let i = 0; i < 3000; i += 1000) await tf.enqueueMany(Array.from({ length: 1000 }, (_, k) => ({ name: 'now', payload: { tenant: `z${(i + k) % 10}` } })));
    const sparse = await timeCalls(claim, 20);
    if (sparse.last.length !== 100) throw new Error(`a claim beside the sparse keys took ${sparse.last.length}, not 100`);
    return { empty: empty.ms, sparse: sparse.ms };
  } finally {
    await tf.close();
    await s.cleanup();
  }
}

export async function run({ quick = false } = {}) {
  const n = Number(process.env.DELAYED_N ?? (quick ? 20_000 : 200_000));
  const drainDelayed = Math.round(n / 2);
  const due = quick ? 5_000 : 20_000;
  const stores = (process.env.DELAYED_STORES ?? 'sqlite,postgres').split(',').filter(Boolean);
  const lines = [
    `**The next run-at.** ${n.toLocaleString()} delayed tasks over 3 priorities in one queue; mean time of one call (after a first one), the store's`,
    'next run-at against the plain `min(run_at)` over the same claimable tasks in the same run (on a connection of its own).',
    '',
    '| store | next run-at ms | plain min(run_at) ms | plain ÷ next run-at |',
    '|---|---|---|---|',
  ];
  for (const driver of stores) {
    process.stderr.write(`delayed bench: ${driver} next run-at …\n`);
    const r = await measure(driver, n);
    lines.push(`| ${driver} | ${fmt(r.mine, 3)} | ${fmt(r.base, 3)} | ${fmt(r.base / r.mine, 0)}× |`);
  }
  lines.push(
    '',
    `**Claims beside the backlog.** A drain of ${due.toLocaleString()} due no-op tasks (priority 0, one worker of concurrency 100) with`,
    `${drainDelayed.toLocaleString()} tasks delayed by an hour at priority 5 in the same queue, against the same drain without them, back to back.`,
    '',
    '| store | drain alone /s | drain beside the delayed /s | beside ÷ alone |',
    '|---|---|---|---|',
  );
  for (const driver of stores) {
    process.stderr.write(`delayed bench: ${driver} drains …\n`);
    const alone = await drainBeside(driver, { due, delayed: 0 });
    const beside = await drainBeside(driver, { due, delayed: drainDelayed });
    lines.push(`| ${driver} | ${fmt(alone)} | ${fmt(beside)} | ${(beside / alone).toFixed(2)} |`);
  }
  const keys = 200;
  const keyedDelayed = Math.round(drainDelayed / 5);
  lines.push(
    '',
    `**Keyed claims beside the backlog.** The same drain under a flow rule of at most 5 running per tenant, ${keys} tenants, with`,
    `${keyedDelayed.toLocaleString()} tasks delayed by an hour at priority 5 in the same tenants, against the same keyed drain without them.`,
    '',
    '| store | keyed drain alone /s | keyed drain beside the delayed /s | beside ÷ alone |',
    '|---|---|---|---|',
  );
  for (const driver of stores) {
    process.stderr.write(`delayed bench: ${driver} keyed drains …\n`);
    const alone = await drainBeside(driver, { due, delayed: 0, keys });
    const beside = await drainBeside(driver, { due, delayed: keyedDelayed, keys });
    lines.push(`| ${driver} | ${fmt(alone)} | ${fmt(beside)} | ${(beside / alone).toFixed(2)} |`);
  }
  const sparse = quick ? 1000 : 10_000;
  lines.push(
    '',
    `**Keys with nothing due.** ${sparse.toLocaleString()} tenants holding only tasks delayed by an hour, under a per-tenant concurrency rule:`,
    `mean time of an empty claim (nothing due anywhere), and of a claim of 100 once 10 more tenants hold due work (keyed after the others, so each claim looks at every key).`,
    '',
    '| store | empty claim ms | claim of 100 ms |',
    '|---|---|---|',
  );
  for (const driver of stores) {
    process.stderr.write(`delayed bench: ${driver} sparse keys …\n`);
    const r = await sparseKeys(driver, sparse);
    lines.push(`| ${driver} | ${fmt(r.empty, 2)} | ${fmt(r.sparse, 1)} |`);
  }
  return { title: 'A backlog of delayed tasks: the next run-at, and claims beside it', markdown: lines.join('\n') };
}
