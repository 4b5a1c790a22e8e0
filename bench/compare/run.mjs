#!/usr/bin/env node
// `npm run bench:compare [-- --quick] [-- --only=tf-sqlite,bullmq] [-- --skip=flows,soak]`
//
// taskframe side by side with BullMQ (Redis), Graphile Worker and pg-boss (PostgreSQL) on this
// machine, in one run, same no-op work, each peer set up as its docs recommend (systems/*.mjs
// list every setting with its source). Writes bench/RESULTS-compare.md, the chart
// bench/compare-throughput.svg and, in a full run, the "Compared with others" block of README.md.
// --quick is for development: smaller counts, one repetition, outputs named *-quick, README untouched.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { monoMs } from './clock.mjs';
import { PG_URL, REDIS } from './env.mjs';
import { flowRepetition } from './phases/flows.mjs';
import { queueRepetition } from './phases/queue.mjs';
import { soak } from './phases/soak.mjs';
import { aggregate, flowsSection, nameOf, queueSection, settingsSection, soakSection } from './report/markdown.mjs';
import { updateReadme } from './report/readme.mjs';
import { throughputSvg } from './report/svg.mjs';
import { pgPool } from './systems/pg.mjs';
import { SYSTEMS } from './systems/index.mjs';
import { ROOT } from './systems/taskframe.mjs';

const args = process.argv.slice(2);
const flag = (name) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]?.split(',').filter(Boolean) ?? [];
const quick = args.includes('--quick');
const only = flag('only');
const skip = new Set(flag('skip'));
const unknown = args.filter((a) => !/^--(quick|only=.*|skip=.*)$/.test(a));
if (unknown.length) {
  process.stderr.write(`bench:compare: unknown argument(s) ${unknown.join(' ')}; use --quick, --only=IDS, --skip=queue,flows,soak,exec\n`);
  process.exit(2);
}

const P = quick
  ? { n: 5_000, reps: 1, pacedRate: 1000, pacedSeconds: 2, fanIn: 2_000, chain: 200, flowReps: 1, soakTotal: 100_000, soakStep: 20_000 }
  : { n: 20_000, reps: 3, pacedRate: 1000, pacedSeconds: 3, fanIn: 10_000, chain: 1_000, flowReps: 3, soakTotal: 1_000_000, soakStep: 100_000 };
const t0 = monoMs();
const log = (m) => process.stderr.write(`[${((monoMs() - t0) / 1000).toFixed(0).padStart(4)} s] ${m}\n`);

// ---- which systems can run here ----
const systems = [];
const skipped = [];
for (const s of SYSTEMS) {
  if (only.length && !only.includes(s.id)) continue;
  const why = await s.unavailable();
  if (why) {
    skipped.push({ s, why });
    log(`skipping ${nameOf(s)}: ${why}`);
  } else {
    systems.push(s);
  }
}
for (const s of systems) s.version = readVersion(s.package);

// ---- queue phases: repetitions interleaved across systems, so drift on this noisy box hits all ----
// A repetition that fails (a timeout, a crashed worker) is recorded and left out of the figures;
// the run goes on, and the report lists it.
const failures = [];
async function attempt(what, s, fn) {
  try {
    return await fn();
  } catch (err) {
    log(`FAILED ${what} for ${nameOf(s)}: ${err.message}`);
    failures.push({ what, system: nameOf(s), message: err.message.split('\n')[0] });
    return null;
  }
}

const queue = {};
if (!skip.has('queue')) {
  for (let rep = 0; rep < P.reps; rep++) {
    for (const s of systems) {
      const r = await attempt(`queue repetition ${rep + 1}`, s, () => queueRepetition(s, rep, { ...P, log }));
      if (r) (queue[s.id] ??= []).push(r);
    }
  }
}
const agg = Object.fromEntries(Object.entries(queue).map(([id, reps]) => [id, aggregate(reps)]));

// ---- flows ----
const flows = [];
const flowSystems = systems.filter((s) => s.supportsFlows);
if (!skip.has('flows')) {
  for (let rep = 0; rep < P.flowReps; rep++) {
    for (const s of flowSystems) {
      for (const [kind, n] of [['fanIn', P.fanIn], ['chain', P.chain]]) {
        const r = await attempt(`${kind} repetition ${rep + 1}`, s, () => flowRepetition(s, rep, kind, n, log));
        if (r) flows.push(r);
      }
    }
  }
}

// ---- soak: taskframe only ----
const soaks = [];
if (!skip.has('soak')) {
  for (const s of systems.filter((x) => x.package === 'taskframe')) {
    const r = await attempt('soak', s, () => soak(s, { total: P.soakTotal, step: P.soakStep, log }));
    if (r) soaks.push(r);
  }
}

// ---- executables: the exec benchmark, when that work is on this branch ----
let exec = null;
const execBench = path.join(ROOT, 'bench/exec.bench.mjs');
if (!skip.has('exec') && fs.existsSync(execBench)) {
  // Its quick mode keeps the whole comparison inside its time budget (the full exec bench alone
  // takes ~6 minutes here); `npm run bench -- exec` runs it at full size.
  log('executables: running bench/exec.bench.mjs (its quick mode)');
  exec = await (await import(pathToFileURL(execBench).href)).run({ quick: true }).catch((err) => {
    failures.push({ what: 'executables', system: 'taskframe', message: err.message });
    return null;
  });
}

// ---- write ----
const meta = { ...P, date: new Date().toISOString(), elapsedS: (monoMs() - t0) / 1000, ...(await environment()) };
const suffix = quick ? '-quick' : '';
const chartFile = `compare-throughput${suffix}.svg`;
const chartRows = systems.filter((s) => agg[s.id]).map((s) => ({ name: s.label, backend: s.variant ? `${s.backend}, ${s.variant}` : s.backend, steady: agg[s.id].steady, drain: agg[s.id].drain }));
if (chartRows.length) {
  fs.writeFileSync(path.join(ROOT, 'bench', chartFile), throughputSvg(chartRows, { title: `No-op tasks/s on one 2-core machine, ${meta.date.slice(0, 10)}`, subtitle: `${P.n.toLocaleString()} tasks per phase, ${P.reps} repetition(s); worker in its own process; npm run bench:compare` }));
}
const md = render();
const out = path.join(ROOT, 'bench', `RESULTS-compare${suffix}.md`);
fs.writeFileSync(out, md);
fs.writeFileSync(path.join(ROOT, 'bench', `RESULTS-compare${suffix}.json`), `${JSON.stringify({ meta, skipped: skipped.map(({ s, why }) => ({ id: s.id, why })), failures, queue, flows, soaks, exec }, null, 1)}\n`);
if (!quick && chartRows.length && !skip.has('queue')) {
  const changed = updateReadme(path.join(ROOT, 'README.md'), { systems, agg, meta, chartFile });
  log(changed ? 'README.md: "Compared with others" updated from this run' : 'README.md: no compare markers found; left alone');
}
log(`wrote ${path.relative(ROOT, out)} and bench/${chartFile} in ${meta.elapsedS.toFixed(0)} s`);

function readVersion(pkg) {
  const file = pkg === 'taskframe' ? path.join(ROOT, 'package.json') : path.join(ROOT, 'bench/compare/node_modules', pkg, 'package.json');
  return JSON.parse(fs.readFileSync(file, 'utf8')).version;
}

async function environment() {
  const cpus = os.cpus();
  const env = { host: `${os.type()} ${os.release()}, ${cpus.length} x ${cpus[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM`, node: process.version, load: os.loadavg().map((x) => x.toFixed(1)).join(' ') };
  try {
    const pool = await pgPool(1);
    const q = async (sql) => Object.values((await pool.query(sql)).rows[0])[0];
    env.postgres = `${await q('SHOW server_version')} (fsync ${await q('SHOW fsync')}, synchronous_commit ${await q('SHOW synchronous_commit')}, shared_buffers ${await q('SHOW shared_buffers')})`;
    await pool.end();
  } catch (err) {
    env.postgres = `unreachable (${err.message})`;
  }
  try {
    const { default: Redis } = await import('ioredis');
    const r = new Redis({ ...REDIS, lazyConnect: true, maxRetriesPerRequest: 0 });
    await r.connect();
    const info = await r.info('server');
    const persistence = await r.config('GET', 'appendonly');
    env.redis = `${info.match(/redis_version:(\S+)/)?.[1]} (appendonly ${persistence[1]})`;
    r.disconnect();
  } catch (err) {
    env.redis = `unreachable (${err.message})`;
  }
  return env;
}

function render() {
  const all = [...systems, ...skipped.map((x) => x.s)];
  const L = [
    '# taskframe compared with BullMQ, Graphile Worker and pg-boss',
    '',
    `- date (UTC): ${meta.date}${quick ? ' — **quick (development) mode: small counts, one repetition; not for citing**' : ''}`,
    `- machine: ${meta.host}; load average at the end ${meta.load}`,
    `- node ${meta.node}; PostgreSQL ${meta.postgres} at ${PG_URL}; Redis ${meta.redis} at ${REDIS.host}:${REDIS.port}`,
    `- versions: ${systems.map((s) => `${s.package} ${s.version}`).filter((v, i, a) => a.indexOf(v) === i).join(', ')}`,
    `- command: npm run bench:compare${args.length ? ` -- ${args.join(' ')}` : ''} (${meta.elapsedS.toFixed(0)} s)`,
    '',
    'Every figure below was measured in this one run, on this machine: ratios only compare systems measured side by side. Each repetition of each system uses fresh database objects (a new schema, key prefix or SQLite file) and a worker in its own process, forked by the producer; repetitions are interleaved across systems. Jobs are no-ops: the handler records the time it started and returns. Times come from the system-wide monotonic clock, so the producer’s and the worker’s timestamps can be subtracted.',
    '',
    ...(skipped.length ? ['Not measured in this run:', '', ...skipped.map(({ s, why }) => `- ${nameOf(s)}: ${why}`), ''] : []),
    ...(failures.length ? ['**Failed during this run (left out of the figures):**', '', ...failures.map((f) => `- ${f.system}, ${f.what}: ${f.message}`), ''] : []),
    '![tasks/s per system](' + chartFile + ')',
    '',
    '## Queues: bulk enqueue, drain, steady state, latency',
    '',
    skip.has('queue') ? '_Skipped (--skip=queue)._' : queueSection(systems, agg, meta),
    '',
    '## Flows',
    '',
    skip.has('flows') ? '_Skipped (--skip=flows)._' : flowsSection(flows, systems, meta),
    '',
    `Not run: ${systems.filter((s) => !flowSystems.includes(s)).map((s) => `${nameOf(s)} (${s.settings.find((x) => x.name === 'flows')?.why ?? 'no flows'})`).join('; ') || 'none'}.`,
    '',
    '## Soak',
    '',
    skip.has('soak') ? '_Skipped (--skip=soak)._' : soakSection(soaks, systems),
    '',
    '## Executables',
    '',
    exec ? `From \`bench/exec.bench.mjs\` in its quick mode, run inside this comparison to keep it within its time budget (\`npm run bench -- exec\` runs it at full size).\n\n### ${exec.title}\n\n${exec.markdown.trim().replace(/^## /gm, '#### ')}` : skip.has('exec') ? '_Skipped (--skip=exec)._' : '_Pending: the executables work (a process per task and long-lived runners) is not on this branch yet. Once `bench/exec.bench.mjs` is present, this run includes it: a process per task and a long-lived Python runner against the raw spawn rate measured in the same run._',
    '',
    '## How each system was set up',
    '',
    'Each peer runs the configuration its own documentation recommends for throughput (the same as in the peer measurements this comparison was calibrated on). A reader can check every setting against its source:',
    '',
    settingsSection(all),
    '',
    'Phases: **bulk enqueue** — all tasks through the bulk API in calls of 1,000, no worker running. **drain** — a worker process, already forked and connected, is started; the timer runs from its start until every task has run and the backend reports none unfinished (so start-up such as Graphile Worker’s `run()` is included). **steady** — the idle worker listens while the producer pushes all tasks in bulk calls of 100 as fast as it can; rate = tasks ÷ (first call → backend reports none unfinished); latency = handler start − start of the call that enqueued the task. **paced** — single-task enqueues, open loop, at the offered rate; latency includes the enqueue call.',
    '',
  ];
  return L.join('\n');
}
