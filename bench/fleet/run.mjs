#!/usr/bin/env node
// bench:fleet — the 1B-a-day run (issue 13, item 5). A PostgreSQL of its own, workers in two or
// more processes (each on a host of its own — a network namespace — where namespaces can be
// made), a producer offering a fixed rate in batches and singles, retention on, a worker
// killed with SIGKILL every few minutes and restarted at once. Every minute: tasks/s done,
// enqueue-to-start p50/p99, backlog, RSS of each process, database and live-table size; at the
// end the tasks lost (acknowledged to the producer, never finished) and the CPU per task of
// PostgreSQL, the workers and the producer, read from /proc.
//
//   npm run bench:fleet -- [--minutes 30] [--rate 12000] [--kill-every 5] [--workers 2]
//                          [--concurrency 500] [--batch 100] [--singles 0.1] [--retention 60]
//                          [--failover-at 0] [--no-netns] [--statements] [--out bench/RESULTS-fleet.md]
//
// --statements loads pg_stat_statements into the bench's PostgreSQL and adds to the report where
// its time went over the measured minutes, statement by statement (not for a run of record: the
// extension costs a little on every statement).
//
// --failover-at M adds a synchronous streaming standby on a host of its own, every process given
// both (postgres://primary,standby/...?target_session_attrs=read-write); at minute M the
// primary's processes are SIGKILLed and the standby promoted. The report then has the
// replication lag per minute and how long the work took to come back.
//
// Writes a markdown table and an SVG chart (bench/RESULTS-fleet.md, bench/RESULTS-fleet.svg).
import { spawn } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { merge, quantile } from './hist.mjs';
import { makeHosts } from './hosts.mjs';
import { STATEMENT_SETTINGS, startPostgres } from './postgres.mjs';
import { cpuSeconds, postgresUsage, rssBytes } from './procfs.mjs';
import { msf, writeReport } from './report.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const CLI = path.join(ROOT, 'dist/cli/main.js');
const SCHEMA = 'fleet';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- flags ----
const FLAGS = {
  minutes: { def: 30, doc: 'how long the producer offers work' },
  rate: { def: 12_000, doc: 'tasks/s offered (12,000/s is 1B a day)' },
  'kill-every': { def: 5, doc: 'minutes between SIGKILLs of a worker (0: never)' },
  workers: { def: 2, doc: 'worker processes' },
  concurrency: { def: 500, doc: 'handlers per worker process' },
  batch: { def: 100, doc: 'tasks per enqueueMany call' },
  singles: { def: 0.1, doc: 'share of tasks enqueued one by one' },
  retention: { def: 60, doc: 'seconds finished tasks are kept' },
  'failover-at': { def: 0, doc: 'minute at which the primary is SIGKILLed and a synchronous standby promoted (0: no standby)' },
};
function parseFlags(argv) {
  const o = Object.fromEntries(Object.entries(FLAGS).map(([k, v]) => [k, v.def]));
  o.netns = true;
  o.statements = false;
  o.out = path.join(ROOT, 'bench/RESULTS-fleet.md');
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--no-netns') o.netns = false;
    else if (a === '--statements') o.statements = true;
    else if (a === '--out') o.out = path.resolve(argv[++i]);
    else if (a === '--help') {
      console.log(`npm run bench:fleet -- [flags]\n${Object.entries(FLAGS).map(([k, v]) => `  --${k} N   ${v.doc} (default ${v.def})`).join('\n')}\n  --no-netns   all processes on this host\n  --statements   report where PostgreSQL's time went, statement by statement (pg_stat_statements)\n  --out FILE   report file (default bench/RESULTS-fleet.md)`);
      process.exit(0);
    } else if (a.startsWith('--') && FLAGS[a.slice(2)]) {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v < 0) usage(`${a} needs a non-negative number, got "${argv[i]}"`);
      o[a.slice(2)] = v;
    } else usage(`unknown argument "${a}"`);
  }
  if (!(o.minutes > 0) || !(o.rate > 0) || !(o.workers >= 2) || !(o.concurrency >= 1) || !(o.batch >= 1) || o.singles > 1) usage('need --minutes > 0, --rate > 0, --workers >= 2, --concurrency >= 1, --batch >= 1, --singles <= 1');
  return o;
}
function usage(msg) {
  console.error(`bench:fleet: ${msg} (see --help)`);
  process.exit(2);
}

async function freePort() {
  const s = net.createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const port = s.address().port;
  await new Promise((r) => s.close(r));
  return port;
}

// ---- processes ----
/** Every role process started, so an interrupted run can take them down with it. */
const children = new Set();

/** A node script on a host (its namespace) or here; JSON lines on stdout go to onLine. */
function startRole(name, host, script, args, onLine) {
  const argv = [script, ...args];
  const child = host ? spawn('ip', ['netns', 'exec', host.ns, process.execPath, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] }) : spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const p = { name, child, pid: child.pid, exited: new Promise((r) => child.once('exit', (code, sig) => r(code ?? sig))), stderr: '' };
  let buf = '';
  child.stdout.on('data', (d) => {
    buf += d.toString();
    const lines = buf.split('\n');
    buf = lines.pop();
    for (const l of lines) if (l.startsWith('{')) onLine(JSON.parse(l));
  });
  child.stderr.on('data', (d) => {
    p.stderr = (p.stderr + d.toString()).slice(-4000);
  });
  return p;
}

async function main() {
  const o = parseFlags(process.argv.slice(2));
  const names = Array.from({ length: o.workers }, (_, i) => `w${i + 1}`);
  const failover = o['failover-at'] > 0;
  const made = o.netns ? makeHosts(['db', ...(failover ? ['db2'] : []), ...names, 'producer']) : { hosts: null, why: '--no-netns' };
  const hosts = made.hosts;
  console.error(`bench:fleet: ${hosts ? `hosts in network namespaces (${Object.keys(hosts).join(', ')})` : `one host (${made.why})`}; ${o.minutes} min at ${o.rate} tasks/s offered, ${o.workers} workers x ${o.concurrency}, ${o['kill-every'] > 0 ? `SIGKILL every ${o['kill-every']} min` : 'no kills'}`);
  const settings = o.statements ? STATEMENT_SETTINGS : {};
  const pg = await startPostgres({ ...(hosts ? { host: hosts.db.address, port: 5432, netns: hosts.db.ns } : { port: await freePort() }), settings });
  let standby = null;
  const cleanup = async () => {
    await pg.stop();
    await standby?.stop();
    made.destroy?.();
  };
  // Ctrl-C or a kill mid-run: the workers, the producer, the PostgreSQL and the namespaces this
  // run made go with it (they would otherwise outlive it, holding the port and the addresses).
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.once(sig, () => {
      console.error(`bench:fleet: ${sig}, stopping what this run started`);
      for (const c of children) c.kill('SIGKILL');
      cleanup().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
    });
  }
  try {
    if (failover) standby = await pg.standby({ name: 'db2', ...(hosts ? { host: hosts.db2.address, port: 5432, netns: hosts.db2.ns } : { port: await freePort() }) });
    await run(o, names, hosts, pg, standby);
  } finally {
    await cleanup();
  }
}

async function run(o, names, hosts, pg, standby) {
  const params = `schema=${SCHEMA}&poolSize=4`;
  const url = standby ? `postgres://postgres@${pg.host}:${pg.port},${standby.host}:${standby.port}/postgres?target_session_attrs=read-write&${params}` : pg.url('postgres', params);
  // The server that is primary now (the standby once promoted): the bench's own reads go there.
  let db = pg;
  const migrate = startRole('migrate', null, CLI, ['--db', url, 'migrate'], () => undefined);
  if ((await migrate.exited) !== 0) throw new Error(`migrate failed: ${migrate.stderr}`);
  // Tasks that reach history, counted by a statement-level trigger (one row update per batch,
  // spread over 16 slots): retention deletes the tasks themselves within a minute.
  await db.sql(`
    CREATE TABLE ${SCHEMA}.bench_finished (slot int, state text, n bigint NOT NULL, PRIMARY KEY (slot, state));
    CREATE FUNCTION ${SCHEMA}.bench_count() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO ${SCHEMA}.bench_finished (slot, state, n) SELECT pg_backend_pid() % 16, state, count(*) FROM new_rows GROUP BY state
      ON CONFLICT (slot, state) DO UPDATE SET n = bench_finished.n + excluded.n;
      RETURN NULL;
    END $$;
    CREATE TRIGGER bench_count AFTER INSERT ON ${SCHEMA}.tasks_done REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${SCHEMA}.bench_count();`);
  const finished = async () => {
    const rows = (await db.sql(`SELECT state || ' ' || sum(n) FROM ${SCHEMA}.bench_finished GROUP BY state`)).split('\n').filter(Boolean);
    return Object.fromEntries(rows.map((r) => [r.split(' ')[0], Number(r.split(' ')[1])]));
  };

  // Per minute, from the processes' lines.
  let minute = { done: 0, hist: {}, offered: 0, acked: 0, failed: 0, behind: 0 };
  const cpu = { workersDead: 0, producerDead: 0 };
  /** [time, tasks finished in the second before it] from every worker's lines: the failover's shape. */
  const seconds = [];
  const enqueueFailures = [];
  const workers = new Map();
  const startWorker = (id) => {
    const w = startRole(id, hosts?.[id], path.join(HERE, 'worker.mjs'), [url, id, String(o.concurrency), String(o.retention * 1000)], (m) => {
      if (m.ready) w.ready = true;
      if (m.mem) w.mem = m.mem;
      if (m.hist) {
        minute.done += m.done;
        merge(minute.hist, m.hist);
        seconds.push([m.at, m.done]);
      }
    });
    workers.set(id, w);
    return w;
  };
  for (const id of names) startWorker(id);
  let totals = null;
  const producer = startRole('producer', hosts?.producer, path.join(HERE, 'producer.mjs'), [url, String(o.rate), String(o.batch), String(o.singles)], (m) => {
    if (m.totals) totals = m.totals;
    else if (m.offered !== undefined) {
      for (const k of ['offered', 'acked', 'failed', 'behind']) minute[k] += m[k];
      if (m.failed > 0) enqueueFailures.push([m.at, m.failed]);
    }
  });

  const pg0 = postgresUsage(pg.pid);
  const sb0 = standby ? postgresUsage(standby.pid) : null;
  // PostgreSQL's CPU over the run: the primary's (read last just before it was killed) and the
  // standby's (its replay before, its work after).
  let primaryCpuAtKill = null;
  const pgCpu = () => (primaryCpuAtKill ?? postgresUsage(pg.pid).cpu - pg0.cpu) + (sb0 ? postgresUsage(standby.pid).cpu - sb0.cpu : 0);
  let failover = null;
  if (o.statements) await db.sql('CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset()');
  const t0 = Date.now();
  const rows = [];
  const kills = [];
  let lastFinished = 0;
  let nextKill = o['kill-every'] > 0 ? o['kill-every'] : Infinity;
  let killed = 0;
  /** [process, bytes resident now]: each worker and the producer, and PostgreSQL's summed PSS. */
  const rssNow = () => [...[...workers.values()].map((w) => [w.name, rssBytes(w.pid)]), ['producer', rssBytes(producer.pid)], ['postgres', postgresUsage(db.pid).rss]];
  for (let m = 1; m <= o.minutes; m++) {
    const minuteEnds = t0 + m * 60_000;
    let killedThisMinute = null;
    // Each process's RSS, sampled every second: a minute's figure is its highest, the memory the
    // process needed that minute. One sample a minute falls anywhere on V8's heap sawtooth (a
    // worker's RSS moves by 20 MB within seconds); the peaks catch every transient high instead
    // (bench/RESULTS-fleet.md: neither reading is the flatter).
    const peak = {};
    const samplePeaks = () => {
      for (const [k, v] of rssNow()) if (v !== null && !(peak[k] >= v)) peak[k] = v;
    };
    while (Date.now() < minuteEnds) {
      await sleep(Math.min(1000, minuteEnds - Date.now()));
      samplePeaks();
      // The kill falls inside this minute (its first second), so the minute shows what it costs.
      if (killedThisMinute === null && m - 1 >= nextKill - 1e-9 && Date.now() >= t0 + nextKill * 60_000) {
        const id = names[killed++ % names.length];
        const w = workers.get(id);
        cpu.workersDead += cpuSeconds(w.pid) ?? 0;
        w.child.kill('SIGKILL');
        await w.exited;
        startWorker(id);
        killedThisMinute = id;
        kills.push({ minute: m, worker: id, at: Date.now() - t0 });
        nextKill += o['kill-every'];
      }
      // Like a kill, in the first second of the minute after --failover-at.
      if (standby && failover === null && m - 1 >= o['failover-at'] && Date.now() >= t0 + o['failover-at'] * 60_000) {
        primaryCpuAtKill = postgresUsage(pg.pid).cpu - pg0.cpu;
        pg.kill();
        const killedAt = Date.now();
        await standby.promote();
        db = standby;
        failover = { minute: m, killedAt, promotedAt: Date.now() };
        console.error(`bench:fleet: primary SIGKILLed, standby promoted in ${failover.promotedAt - killedAt} ms`);
      }
    }
    const f = await finished();
    const doneTotal = f.succeeded ?? 0;
    const sizes = (await db.sql(`SELECT pg_database_size('postgres') || ' ' || pg_total_relation_size('${SCHEMA}.tasks') || ' ' || (SELECT count(*) FILTER (WHERE state = 'pending') || ' ' || count(*) FILTER (WHERE state = 'running') FROM ${SCHEMA}.tasks)`)).split(' ').map(Number);
    // How far behind the standby replays, by the primary's account (pg_stat_replication).
    const lagMs = standby && failover === null ? Number(await db.sql(`SELECT coalesce(round(max(extract(epoch FROM replay_lag)) * 1000), 0) FROM pg_stat_replication`)) : null;
    // What the live table's size is made of: the heap and each index.
    const parts = await db.sql(`SELECT string_agg(c.relname || ' ' || round(pg_relation_size(c.oid) / 1048576.0, 1), ', ' ORDER BY c.relname) FROM pg_class c
      WHERE c.oid = '${SCHEMA}.tasks'::regclass OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = '${SCHEMA}.tasks'::regclass)`);
    const row = {
      minute: m,
      donePerSec: (doneTotal - lastFinished) / 60,
      offeredPerSec: minute.offered / 60,
      ackedPerSec: minute.acked / 60,
      behind: minute.behind,
      failedEnqueues: minute.failed,
      p50: quantile(minute.hist, 0.5),
      p99: quantile(minute.hist, 0.99),
      pending: sizes[2],
      running: sizes[3],
      dbBytes: sizes[0],
      liveBytes: sizes[1],
      rss: peak,
      rssAtEnd: Object.fromEntries(rssNow()),
      kill: killedThisMinute,
      lagMs,
      failover: failover?.minute === m,
    };
    rows.push(row);
    lastFinished = doneTotal;
    minute = { done: 0, hist: {}, offered: 0, acked: 0, failed: 0, behind: 0 };
    console.error(
      `minute ${m}: ${Math.round(row.donePerSec)} done/s (offered ${Math.round(row.offeredPerSec)}, behind ${row.behind}), p50 ${msf(row.p50)} ms p99 ${msf(row.p99)} ms, backlog ${row.pending}, live table ${(row.liveBytes / 2 ** 20).toFixed(1)} MB, db ${(row.dbBytes / 2 ** 20).toFixed(0)} MB${row.kill ? `, killed ${row.kill}` : ''}\n  live table MB: ${parts}\n  RSS MB (peak/at the end): ${Object.keys(row.rss).map((k) => `${k} ${(row.rss[k] / 2 ** 20).toFixed(0)}/${((row.rssAtEnd[k] ?? NaN) / 2 ** 20).toFixed(0)}`).join(', ')}\n  worker heap MB (used/total/external): ${[...workers.values()].map((w) => `${w.name} ${w.mem ? [w.mem.heapUsed, w.mem.heapTotal, w.mem.external].map((b) => (b / 2 ** 20).toFixed(0)).join('/') : '?'}`).join(', ')}`,
    );
  }

  // Stop offering, let the backlog drain, stop everyone, count.
  const statements = o.statements ? await topStatements(db) : null;
  const cpuAtEnd = {
    postgres: pgCpu(),
    workers: cpu.workersDead + [...workers.values()].reduce((s, w) => s + (cpuSeconds(w.pid) ?? 0), 0),
    producer: cpuSeconds(producer.pid) ?? 0,
  };
  const measuredSeconds = (Date.now() - t0) / 1000;
  // History kept per finished task (row in tasks_done, its events, their indexes), over what
  // retention holds right now: what a day of retention costs per task.
  const [historyBytes, historyTasks] = (
    await db.sql(
      `SELECT (SELECT sum(pg_total_relation_size(relid)) FROM pg_partition_tree('${SCHEMA}.tasks_done'))
            + (SELECT sum(pg_total_relation_size(relid)) FROM pg_partition_tree('${SCHEMA}.events'))
       || ' ' || (SELECT count(*) FROM ${SCHEMA}.tasks_done)`,
    )
  )
    .split(' ')
    .map(Number);
  const doneInRun = (await finished()).succeeded ?? 0;
  producer.child.kill('SIGTERM');
  await producer.exited;
  const drainStart = Date.now();
  while (Date.now() - drainStart < 300_000) {
    const live = Number(await db.sql(`SELECT count(*) FROM ${SCHEMA}.tasks`));
    if (live === 0) break;
    await sleep(500);
  }
  for (const w of workers.values()) w.child.kill('SIGTERM');
  await Promise.all([...workers.values()].map((w) => w.exited));
  const f = await finished();
  const live = Number(await db.sql(`SELECT count(*) FROM ${SCHEMA}.tasks`));
  const acked = totals?.acked ?? NaN;
  const result = {
    flags: o,
    hosts: hosts ? Object.fromEntries(Object.entries(hosts).map(([k, v]) => [k, v.address])) : null,
    rows,
    kills,
    measuredSeconds,
    doneInRun,
    cpu: cpuAtEnd,
    totals,
    finished: f,
    live,
    lost: acked - (f.succeeded ?? 0) - (f.failed ?? 0) - live,
    history: { bytes: historyBytes, tasks: historyTasks },
    statements,
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memGiB: os.totalmem() / 2 ** 30, kernel: os.release(), node: process.version, loadEnd: os.loadavg()[0] },
    date: new Date().toISOString(),
    command: `npm run bench:fleet -- ${process.argv.slice(2).join(' ')}`.trim(),
    failover: failover && failoverShape(failover, seconds, enqueueFailures, o.rate),
  };
  writeReport(result, o.out);
  console.error(`bench:fleet: ${result.lost} lost of ${acked} acknowledged; wrote ${o.out}`);
}

/** The statements PostgreSQL spent most time on since the measured minutes began (--statements). */
async function topStatements(db) {
  const out = await db.sql(`SELECT coalesce(json_agg(s), '[]') FROM (
      SELECT round(total_exec_time) AS "execMs", round(total_plan_time) AS "planMs", calls, rows, wal_bytes AS "walBytes", regexp_replace(query, '\\s+', ' ', 'g') AS query
      FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
      ORDER BY total_exec_time + total_plan_time DESC LIMIT 12) s`);
  return JSON.parse(out).map((x) => ({ ...x, execMs: Number(x.execMs), planMs: Number(x.planMs), calls: Number(x.calls), rows: Number(x.rows), walBytes: Number(x.walBytes) }));
}

/**
 * How the work came back after the primary died: from the workers' per-second counts, the first
 * second with a task finished, and the first 5-second window finishing at least 90% of the
 * offered rate (the backlog built meanwhile lets it run above); the enqueues that failed.
 */
function failoverShape(f, seconds, enqueueFailures, rate) {
  // A line at `at` counts the second before it: only lines whose whole second is after the kill.
  const after = seconds.filter(([at]) => at - 1000 >= f.killedAt).sort((a, b) => a[0] - b[0]);
  const firstDone = after.find(([, n]) => n > 0);
  let recovered = null;
  for (let i = 0; i < after.length && recovered === null; i++) {
    const end = after[i][0] + 5000;
    const n = after.filter(([at]) => at >= after[i][0] && at < end).reduce((s, [, k]) => s + k, 0);
    if (n >= 0.9 * rate * 5 && after[after.length - 1][0] >= end) recovered = after[i][0];
  }
  // Tasks finished per second from 5 s before the kill to 30 s after (second 0 ends 1 s after it).
  const around = new Map();
  for (const [at, n] of seconds) {
    const k = Math.ceil((at - f.killedAt) / 1000);
    if (k >= -5 && k <= 30) around.set(k, (around.get(k) ?? 0) + n);
  }
  return {
    minute: f.minute,
    perSecond: Array.from({ length: 36 }, (_, i) => [i - 5, around.get(i - 5) ?? 0]),
    promoteMs: f.promotedAt - f.killedAt,
    firstDoneMs: firstDone ? firstDone[0] - f.killedAt : null,
    recoveredMs: recovered === null ? null : recovered - f.killedAt,
    enqueueFailures: enqueueFailures.filter(([at]) => at > f.killedAt - 1000).reduce((s, [, n]) => s + n, 0),
  };
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
