// Flow control (issue 18; docs/flow-control.md), on each store:
// - fairness: a noisy tenant with 100,000 pending tasks (concurrency per tenant) does not delay a
//   quiet tenant's task: enqueue-to-start of the quiet tasks, p50/p99;
// - a rate limit of 1,000/s held for a while (60 s in a full run): achieved rate against target;
// - throughput with concurrency keys (1,000 keys, a payload field or a tag) against the same drain
//   with no rule.
// Stores: FLOW_STORES=sqlite,postgres (default both; PostgreSQL at TASKFRAME_TEST_PG).
// FLOW_PHASES=drain runs only the drains (for A/B runs of the claim; default fairness,rate,drain);
// FLOW_PHASES=anatomy adds a keyed drain taken apart (no rule / the key index alone / the rule);
// FLOW_PHASES=sparse adds the drain of a few tenants' due work with and without 10,000 tenants
// whose only task is scheduled for later;
// FLOW_PAIRS=N runs N pairs of drains (default 5, 1 with --quick) and reports medians.
// `npm run bench:flow` runs this alone; `--quick` shortens every phase.
import { Taskframe } from '../dist/index.js';
import { fmt, median, sleep, summarize, tempDb } from './lib.mjs';

const PG_URL = process.env.TASKFRAME_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const nowMs = () => performance.timeOrigin + performance.now();

async function pgSchema() {
  const pg = (await import('pg')).default;
  const schema = `tf_bench_flow_${Date.now().toString(36)}`;
  const u = new URL(PG_URL);
  u.searchParams.set('schema', schema);
  return {
    url: u.toString(),
    cleanup: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await c.end();
    },
  };
}

async function withTf(driver, fn) {
  const db = driver === 'sqlite' ? tempDb('tf-bench-flow-') : await pgSchema();
  const tf = await Taskframe.open({ db: db.url });
  try {
    return await fn(tf, db);
  } finally {
    await tf.close();
    await db.cleanup();
  }
}

async function enqueueAll(tf, specs) {
  for (let i = 0; i < specs.length; i += 1000) await tf.enqueueMany(specs.slice(i, i + 1000));
}

/** Quiet tenants' tasks enqueued one at a time while a noisy tenant has `backlog` pending. */
async function fairness(driver, { backlog, samples }) {
  return withTf(driver, async (tf) => {
    // A task name used once first, so the queue is known before its tasks arrive.
    await tf.enqueue('noisy', { tenant: 'noisy' });
    await tf.engine.flow.setLimit({ queue: 'default', key: 'payload.tenant', concurrency: 20 });
    await enqueueAll(tf, Array.from({ length: backlog }, (_, i) => ({ name: 'noisy', payload: { tenant: 'noisy', i } })));
    const lat = [];
    let noisyDone = 0;
    let quietDone = 0;
    const w = tf.worker({
      concurrency: 100,
      maintenance: false,
      handlers: {
        noisy: async () => {
          await sleep(5);
          noisyDone++;
        },
        quiet: (p) => {
          lat.push(nowMs() - p.t);
          quietDone++;
        },
      },
    }).start();
    await sleep(500);
    for (let i = 0; i < samples; i++) {
      await tf.enqueue('quiet', { tenant: `quiet-${i % 10}`, t: nowMs() });
      await sleep(20);
    }
    while (quietDone < samples) await sleep(5);
    await w.stop();
    return { ...summarize(lat), noisyDone, noisyLeft: backlog + 1 - noisyDone };
  });
}

/** A rate limit of `rate`/s on one task name, held for `seconds`: completions counted per second after a warm-up. */
async function rateHeld(driver, { rate, seconds }) {
  return withTf(driver, async (tf) => {
    const total = rate * (seconds + 3);
    await tf.enqueue('r', { warm: true });
    await tf.engine.flow.setLimit({ name: 'r', rate: `${rate}/1s` });
    await enqueueAll(tf, Array.from({ length: total }, (_, i) => ({ name: 'r', payload: { i } })));
    const starts = [];
    const w = tf.worker({ concurrency: 100, maintenance: false, handlers: { r: () => void starts.push(Date.now()) } }).start();
    await sleep(1500);
    const from = Date.now();
    const n0 = starts.length;
    await sleep(seconds * 1000);
    const achieved = ((starts.length - n0) / (Date.now() - from)) * 1000;
    // The most claims any one-second window got (the limit itself).
    const perSecond = new Map();
    for (const t of starts) perSecond.set(Math.floor(t / 1000), (perSecond.get(Math.floor(t / 1000)) ?? 0) + 1);
    await w.stop();
    return { achieved, target: rate, maxPerSecond: Math.max(...perSecond.values()) };
  });
}

/**
 * Drain `n` no-op tasks of `keys` tenants: no rule (null), or a concurrency rule per tenant keyed
 * by a payload field ('payload') or by a tag ('tag'; only then do the tasks carry the tag, so the
 * no-rule drain it is compared with stores less).
 */
async function drain(driver, { n, keys, rule, cpu = false }) {
  return withTf(driver, async (tf, db) => {
    await tf.enqueue('k', { tenant: 'warm' });
    if (rule) await tf.engine.flow.setLimit({ queue: 'default', key: rule === 'tag' ? 'tag:tenant:' : 'payload.tenant', concurrency: 5 });
    // 'index': the payload rule's key index stays, the rule goes (behind the API's back, which
    // would drop the index with it): plain claims that keep the index up to date.
    if (rule === 'index') await sqlOn(driver, db, 'DELETE FROM flow_limits');
    const tags = (i) => (rule === 'tag' ? { tags: [`tenant:t${i % keys}`] } : {});
    await enqueueAll(tf, Array.from({ length: n }, (_, i) => ({ name: 'k', payload: { tenant: `t${i % keys}` }, ...tags(i) })));
    let done = 0;
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const w = tf.worker({ concurrency: 100, maintenance: false, handlers: { k: () => void done++ } }).start();
    while (done < n + 1) await sleep(5);
    const rate = ((n + 1) / (performance.now() - t0)) * 1000;
    const c = process.cpuUsage(c0);
    await w.stop();
    return cpu ? { rate, cpuUs: (c.user + c.system) / (n + 1) } : rate;
  });
}

/** One statement on the bench's store, on a connection of its own. */
async function sqlOn(driver, db, sql) {
  if (driver === 'sqlite') {
    const Database = (await import('better-sqlite3')).default;
    const d = new Database(db.file);
    try {
      d.exec(sql);
    } finally {
      d.close();
    }
    return;
  }
  const pg = (await import('pg')).default;
  const u = new URL(db.url);
  const c = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${u.searchParams.get('schema')}` });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/**
 * `due` tasks of `dueKeys` tenants (2 ms handlers, at most 5 running per tenant) drained with
 * `idle` more tenants in the key index whose only task is scheduled an hour on: the claims must
 * find the few keys with work among many without any.
 */
async function sparseDrain(driver, { idle, due, dueKeys }) {
  return withTf(driver, async (tf) => {
    await tf.enqueue('k', { tenant: 'warm' });
    await tf.engine.flow.setLimit({ queue: 'default', key: 'payload.tenant', concurrency: 5 });
    await enqueueAll(tf, Array.from({ length: idle }, (_, i) => ({ name: 'k', payload: { tenant: `idle${i}` }, delay: '1h' })));
    await enqueueAll(tf, Array.from({ length: due }, (_, i) => ({ name: 'k', payload: { tenant: `t${i % dueKeys}` } })));
    let done = 0;
    const t0 = performance.now();
    const w = tf.worker({ concurrency: 100, maintenance: false, handlers: { k: async () => { await sleep(2); done++; } } }).start();
    while (done < due + 1) await sleep(5);
    const rate = ((due + 1) / (performance.now() - t0)) * 1000;
    await w.stop();
    return rate;
  });
}

/** The sparse drains, each with and without the idle tenants, in turn. */
async function sparse(driver, { pairs }) {
  const rows = [];
  for (const [due, dueKeys] of [[2000, 1], [5000, 50]]) {
    const alone = [];
    const among = [];
    for (let i = 0; i < pairs; i++) {
      alone.push(await sparseDrain(driver, { idle: 0, due, dueKeys }));
      among.push(await sparseDrain(driver, { idle: 10_000, due, dueKeys }));
      process.stderr.write(`flow bench: ${driver} sparse ${dueKeys} key(s): alone ${fmt(alone.at(-1))}/s, among 10,000 idle ${fmt(among.at(-1))}/s\n`);
    }
    const ratios = among.map((x, i) => x / alone[i]);
    rows.push(`| ${driver} | ${due.toLocaleString()} over ${dueKeys} | ${fmt(median(alone))} | ${fmt(median(among))} | ${median(ratios).toFixed(2)} (${ratios.map((x) => x.toFixed(2)).join(', ')}) |`);
  }
  return rows;
}

/**
 * The keyed drain taken apart: no rule, the rule's key index alone, the rule. On SQLite a claim
 * removes each claimed task from the key index, and a round-robin claim takes one task from each
 * of ~200 keys, so it rewrites a page of the index for every few tasks; the index-only drain
 * prices that alone, apart from the flow-aware claim's own work.
 */
async function keyedAnatomy(driver, { n, pairs }) {
  const kinds = [null, 'index', 'payload'];
  const got = new Map(kinds.map((k) => [k, []]));
  for (let i = 0; i < pairs; i++) {
    for (let j = 0; j < kinds.length; j++) {
      const rule = kinds[(i + j) % kinds.length];
      got.get(rule).push(await drain(driver, { n, keys: 1000, rule, cpu: true }));
    }
    const [none, index, keyed] = kinds.map((k) => got.get(k)[i]);
    process.stderr.write(`flow bench: ${driver} anatomy ${i + 1}: none ${fmt(none.rate)}/s, index only ${fmt(index.rate)}/s, keyed ${fmt(keyed.rate)}/s\n`);
  }
  const rate = (k) => median(got.get(k).map((x) => x.rate));
  const cpu = (k) => fmt(median(got.get(k).map((x) => x.cpuUs)), 1);
  const ratios = (k) => got.get(k).map((x, i) => x.rate / got.get(null)[i].rate);
  const cell = (k) => `${median(ratios(k)).toFixed(2)} (${ratios(k).map((x) => x.toFixed(2)).join(', ')})`;
  return `| ${driver} | ${fmt(rate(null))} | ${fmt(rate('index'))} | ${fmt(rate('payload'))} | ${cell('index')} | ${cell('payload')} | ${cpu(null)} / ${cpu('index')} / ${cpu('payload')} |`;
}

export async function run({ quick = false } = {}) {
  const stores = (process.env.FLOW_STORES ?? 'sqlite,postgres').split(',').filter(Boolean);
  const backlog = quick ? 20_000 : 100_000;
  const samples = quick ? 50 : 200;
  const seconds = Number(process.env.FLOW_RATE_SECONDS ?? (quick ? 5 : 60));
  const n = Number(process.env.FLOW_N ?? (quick ? 10_000 : 50_000));
  // A drain of 50,000 no-op tasks lasts 1–3 s on this box, and one drain moves by a third with
  // the machine's other work: the ratio is the median over rounds of drains run back to back,
  // their order rotating.
  const pairs = Number(process.env.FLOW_PAIRS ?? (quick ? 1 : 5));
  const lines = [
    `Worker concurrency 100, one process. Fairness: ${backlog.toLocaleString()} pending tasks of one tenant (5 ms handlers, concurrency 20 per tenant),`,
    `${samples} quiet-tenant tasks enqueued one at a time every 20 ms; latency = handler start − enqueue call.`,
    `Rate: one task name limited to 1,000/s, held ${seconds} s after a 1.5 s warm-up. Keys: ${n.toLocaleString()} no-op tasks over 1,000 tenants,`,
    `concurrency 5 per tenant keyed by a payload field, and keyed by a tag (\`tag:tenant:\`, the tasks carrying it), against the same drain with no rule:`,
    `${pairs} round(s) of the three back to back, medians (keys ÷ none per round in brackets).`,
    '',
    '| store | quiet p50 ms | quiet p99 ms | quiet max ms | noisy still pending | rate achieved /s (target 1,000) | max in one second | drain no rule /s | drain 1,000 keys /s | keys ÷ none | drain 1,000 tag keys /s | tag keys ÷ none |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  const phases = (process.env.FLOW_PHASES ?? 'fairness,rate,drain').split(',');
  const anatomy = [];
  const sparseRows = [];
  const skipped = { p50: NaN, p99: NaN, max: NaN, noisyLeft: NaN, achieved: NaN, maxPerSecond: NaN };
  for (const driver of stores) {
    process.stderr.write(`flow bench: ${driver} fairness …\n`);
    const f = phases.includes('fairness') ? await fairness(driver, { backlog, samples }) : skipped;
    process.stderr.write(`flow bench: ${driver} rate (${seconds} s) …\n`);
    const r = phases.includes('rate') ? await rateHeld(driver, { rate: 1000, seconds }) : skipped;
    process.stderr.write(`flow bench: ${driver} drains …\n`);
    const nones = [];
    const keyeds = [];
    const ratios = [];
    const tagged = [];
    const tagRatios = [];
    // The three drains of a pair in a rotating order, so no kind always runs first.
    const kinds = [null, 'payload', 'tag'];
    for (let i = 0; i < (phases.includes('drain') ? pairs : 0); i++) {
      const got = new Map();
      for (let j = 0; j < kinds.length; j++) {
        const rule = kinds[(i + j) % kinds.length];
        got.set(rule, await drain(driver, { n, keys: 1000, rule }));
      }
      const [none, keyed, tag] = kinds.map((k) => got.get(k));
      nones.push(none);
      keyeds.push(keyed);
      ratios.push(keyed / none);
      tagged.push(tag);
      tagRatios.push(tag / none);
      process.stderr.write(`flow bench: ${driver} pair ${i + 1}: none ${fmt(none)}/s, keys ${fmt(keyed)}/s (${(keyed / none).toFixed(2)}), tag keys ${fmt(tag)}/s (${(tag / none).toFixed(2)})\n`);
    }
    const each = (xs) => xs.map((x) => x.toFixed(2)).join(', ');
    const ratio = (xs) => (xs.length ? `${median(xs).toFixed(2)} (${each(xs)})` : 'n/a');
    lines.push(
      `| ${driver} | ${fmt(f.p50, 2)} | ${fmt(f.p99, 2)} | ${fmt(f.max, 2)} | ${f.noisyLeft.toLocaleString()} | ${fmt(r.achieved, 1)} (${fmt(((r.achieved - 1000) / 1000) * 100, 1)}%) | ${r.maxPerSecond} | ${fmt(median(nones))} | ${fmt(median(keyeds))} | ${ratio(ratios)} | ${fmt(median(tagged))} | ${ratio(tagRatios)} |`,
    );
    if (phases.includes('anatomy')) anatomy.push(await keyedAnatomy(driver, { n, pairs }));
    if (phases.includes('sparse')) sparseRows.push(...(await sparse(driver, { pairs })));
  }
  if (sparseRows.length) {
    lines.push(
      '',
      `Few tenants with work among many without (\`FLOW_PHASES=sparse\`): the drain of their tasks (2 ms handlers, at most 5 running per`,
      `tenant, worker concurrency 100) alone, and with 10,000 more tenants whose only task is scheduled an hour on; ${pairs} pair(s), medians.`,
      '',
      '| store | due tasks over tenants | alone /s | among 10,000 idle tenants /s | among ÷ alone (each pair) |',
      '|---|---|---|---|---|',
      ...sparseRows,
    );
  }
  if (anatomy.length) {
    lines.push(
      '',
      `Where a keyed drain's time goes (\`FLOW_PHASES=anatomy\`): the same ${n.toLocaleString()}-task drain with no rule, with only the payload rule's`,
      'key index (the rule removed behind the API, so claims are plain ones that keep the index up to date), and with the rule;',
      `${pairs} round(s), order rotating, medians; CPU is this process's (on PostgreSQL the database's is not in it).`,
      '',
      '| store | none /s | index only /s | keyed /s | index only ÷ none | keyed ÷ none | CPU µs/task: none / index only / keyed |',
      '|---|---|---|---|---|---|---|',
      ...anatomy,
    );
  }
  return { title: 'Flow control', markdown: lines.join('\n') };
}
