// bench/RESULTS-fleet.md and its chart (bench/RESULTS-fleet.svg) from one bench:fleet run.
// Every figure comes from that run; the verdicts compare it with issue 13's targets.
import fs from 'node:fs';
import path from 'node:path';

const f0 = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
const mbs = (b) => (Number.isFinite(b) ? `${(b / 2 ** 20).toFixed(b < 10 * 2 ** 20 ? 1 : 0)}` : 'n/a');
/** Milliseconds of a latency quantile; past the histogram's last bucket (10 s) it is a bound. */
export const msf = (v) => (v === Infinity ? '≥10,000' : f0(v));
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** Largest over smallest of a series, as a growth figure ("within 20%": ≤ 1.2). */
const spreadOf = (xs) => {
  const v = xs.filter((x) => Number.isFinite(x) && x > 0);
  return v.length ? Math.max(...v) / Math.min(...v) : NaN;
};

/** --statements: PostgreSQL's busiest statements over the measured minutes (pg_stat_statements). */
function statementLines(lines, statements, us) {
  const total = statements.reduce((n, x) => n + x.execMs + x.planMs, 0);
  lines.push("## Where PostgreSQL's time went (`--statements`)", '');
  lines.push(
    'The twelve statements with the most time (executing and planning) from the first measured minute on, from `pg_stat_statements` loaded for this run. Times are wall time inside the server, waits included, so on a busy machine they add up to more than its CPU; shares are of these twelve.',
    '',
  );
  lines.push('| statement | calls | rows | executing s | planning s | µs per task done | share | WAL MB |', '|---|---|---|---|---|---|---|---|');
  for (const x of statements) {
    const text = x.query.length > 110 ? `${x.query.slice(0, 110)}…` : x.query;
    lines.push(
      `| \`${text.replace(/\|/g, '\\|').replace(/`/g, "'")}\` | ${f0(x.calls)} | ${f0(x.rows)} | ${(x.execMs / 1000).toFixed(1)} | ${(x.planMs / 1000).toFixed(1)} | ${us((x.execMs + x.planMs) / 1000).toFixed(1)} | ${(((x.execMs + x.planMs) / total) * 100).toFixed(0)}% | ${(x.walBytes / 1e6).toFixed(0)} |`,
    );
  }
  lines.push('');
}

export function writeReport(r, out) {
  const o = r.flags;
  // Minute 1 is the ramp-up (processes starting, pools filling); the checks start at minute 2.
  const steady = r.rows.filter((x) => x.minute >= 2);
  const calm = steady.filter((x) => !x.kill);
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const doneMedian = steady.length ? median(steady.map((x) => x.donePerSec)) : NaN;
  const worstP99 = calm.length ? Math.max(...calm.map((x) => x.p99)) : NaN;
  const backlogStart = steady[0]?.pending;
  const backlogEnd = steady[steady.length - 1]?.pending;
  const procs = Object.keys(r.rows[0]?.rss ?? {});
  const rssSpread = Object.fromEntries(procs.map((p) => [p, spreadOf(steady.map((x) => x.rss[p]))]));
  // One sample at each minute's end, beside the peaks the verdict reads (run.mjs): where on the
  // heap's sawtooth a lone sample falls is chance, so its spread is shown, not judged.
  const endSpread = Object.fromEntries(procs.map((p) => [p, spreadOf(steady.map((x) => x.rssAtEnd?.[p]))]));
  const liveSpread = spreadOf(steady.map((x) => x.liveBytes));
  // A SIGKILLed worker is replaced by a new process, which starts small: its RSS is compared
  // within each process's life, from its first whole minute (the minute after the restart).
  const lifeSpread = Object.fromEntries(
    procs.map((p) => {
      const lives = [[]];
      for (const x of steady) {
        // A promoted standby is another PostgreSQL: its life starts there.
        if (x.kill === p || (p === 'postgres' && x.failover)) lives.push([]);
        else lives[lives.length - 1].push(x.rss[p]);
      }
      return [p, Math.max(...lives.filter((l) => l.length > 0).map(spreadOf))];
    }),
  );
  const tasks = r.doneInRun;
  const us = (sec) => (tasks > 0 ? (sec * 1e6) / tasks : NaN);
  const cpuTotal = r.cpu.postgres + r.cpu.workers + r.cpu.producer;
  const verdict = (ok) => (ok ? 'met' : '**not met**');

  const lag = r.rows.some((x) => x.lagMs !== null && x.lagMs !== undefined);
  const lines = [];
  lines.push('# bench:fleet — the 1B-a-day run', '');
  lines.push(`- date (UTC): ${r.date}`);
  lines.push(`- command: \`${r.command}\``);
  lines.push(`- machine: ${r.machine.cpus} x ${r.machine.model}, ${r.machine.memGiB.toFixed(1)} GiB, Linux ${r.machine.kernel}, node ${r.machine.node}; load average at the end ${r.machine.loadEnd.toFixed(1)}`);
  lines.push(
    `- setup: PostgreSQL of its own (fsync and synchronous_commit on); ${o.workers} worker processes x ${o.concurrency} no-op handlers, maintenance with retention ${o.retention} s; a producer offering ${f0(o.rate)} tasks/s (${Math.round(o.singles * 100)}% single enqueues, the rest in batches of ${o.batch}); a worker SIGKILLed ${o['kill-every'] > 0 ? `every ${o['kill-every']} min and restarted at once` : 'never'}; ${r.hosts ? `each process on a host of its own (network namespaces: ${Object.entries(r.hosts).map(([k, v]) => `${k} ${v}`).join(', ')})` : 'all on one host'}`,
  );
  lines.push(`- history: full (every event kept until retention)`);
  if (r.failover) lines.push(`- store: a primary and a synchronous streaming standby on hosts of their own, every process given both (\`target_session_attrs=read-write\`); at minute ${r.failover.minute} the primary's processes SIGKILLed and the standby promoted`);
  lines.push('');
  lines.push('![tasks/s and latency per minute](RESULTS-fleet.svg)', '');
  lines.push('## Per minute', '');
  lines.push(
    `| min | done/s | offered/s | not offered (behind) | enqueue→start p50 ms | p99 ms | backlog (pending) | running | ${procs.map((p) => `peak ${p === 'postgres' ? 'PSS' : 'RSS'} ${p} MB`).join(' | ')} | database MB | live table MB |${lag ? ' standby replay lag ms (at the minute\'s end) |' : ''} |`,
  );
  lines.push(`|${'---|'.repeat(10 + procs.length + (lag ? 1 : 0))}`);
  for (const x of r.rows) {
    lines.push(
      `| ${x.minute} | ${f0(x.donePerSec)} | ${f0(x.offeredPerSec)} | ${f0(x.behind)} | ${msf(x.p50)} | ${msf(x.p99)} | ${f0(x.pending)} | ${f0(x.running)} | ${procs.map((p) => mbs(x.rss[p])).join(' | ')} | ${mbs(x.dbBytes)} | ${mbs(x.liveBytes)} |${lag ? ` ${x.lagMs === null ? '' : f0(x.lagMs)} |` : ''} ${[x.kill ? `SIGKILL ${x.kill}` : '', x.failover ? 'primary SIGKILLed, standby promoted' : ''].filter(Boolean).join('; ')} |`,
    );
  }
  lines.push('', "Memory: each process's highest resident set size in the minute, sampled every second; of `postgres`, the proportional set size (PSS) summed over its processes, so shared buffers count once.", '');
  lines.push('## Totals', '');
  lines.push('| measure | value |', '|---|---|');
  lines.push(`| acknowledged enqueues | ${f0(r.totals?.acked)} (offered ${f0(r.totals?.offered)}, not offered because the store was behind ${f0(r.totals?.behind)}, failed ${f0(r.totals?.failed)}) |`);
  lines.push(`| finished | ${f0(r.finished.succeeded ?? 0)} succeeded, ${f0(r.finished.failed ?? 0)} failed; ${f0(r.live)} still live at the end |`);
  lines.push(`| **lost** (acknowledged, never finished) | **${f0(Math.max(0, r.lost))}**${r.lost < 0 ? ` (${f0(-r.lost)} more finished than were acknowledged: enqueue calls that failed when the primary died, after their commit had reached the standby)` : ''} |`);
  lines.push(`| tasks done during the ${f0(r.measuredSeconds)} s measured | ${f0(tasks)} (${f0(tasks / r.measuredSeconds)} tasks/s) |`);
  lines.push(`| history kept per finished task (tasks_done and events with their indexes, over the ${f0(r.history.tasks)} tasks retention held at the end) | ${r.history.tasks > 0 ? `${f0(r.history.bytes / r.history.tasks)} bytes` : 'n/a'} |`);
  lines.push('');
  if (r.failover) {
    const f = r.failover;
    const s = (ms) => (ms === null ? 'not within the run' : `${(ms / 1000).toFixed(1)} s`);
    lines.push('## Failover', '');
    lines.push('| measure | value |', '|---|---|');
    lines.push(`| standby promoted (\`pg_ctl promote\`, after the kill) | ${s(f.promoteMs)} |`);
    lines.push(`| first second wholly after the kill with a task finished, by its end | ${s(f.firstDoneMs)} |`);
    lines.push(`| first 5 seconds wholly after the kill finishing 90% of the offered rate, by the end of their first | ${s(f.recoveredMs)} |`);
    lines.push(`| enqueues that failed from a second before the kill on (the producer's calls, not retried by it) | ${f0(f.enqueueFailures)} |`);
    lines.push('', `Tasks finished per second, by the workers' counts (second k: the second ending k s after the kill): ${f.perSecond.map(([k, n]) => `${k}: ${f0(n)}`).join(', ')}. Lost tasks are in the totals below.`, '');
  }
  lines.push('## CPU per task (from /proc, over the measured minutes)', '');
  lines.push('| process | CPU s | µs per task | share |', '|---|---|---|---|');
  for (const [k, v] of [['PostgreSQL (all its processes)', r.cpu.postgres], [`workers (${o.workers} processes, killed ones included)`, r.cpu.workers], ['producer', r.cpu.producer]]) {
    lines.push(`| ${k} | ${v.toFixed(1)} | ${f0(us(v))} | ${((v / cpuTotal) * 100).toFixed(0)}% |`);
  }
  lines.push(`| all | ${cpuTotal.toFixed(1)} | ${f0(us(cpuTotal))} | |`, '');
  lines.push(
    `At these figures one core carries ${f0(1e6 / us(cpuTotal))} tasks/s end to end; 12,000 tasks/s (1B a day) needs ${(12_000 * us(r.cpu.postgres) / 1e6).toFixed(1)} cores of PostgreSQL, ${(12_000 * us(r.cpu.workers) / 1e6).toFixed(1)} of workers and ${(12_000 * us(r.cpu.producer) / 1e6).toFixed(1)} of producers (docs/scale.md).`,
    '',
  );
  if (r.statements) statementLines(lines, r.statements, us);
  lines.push('## Against the targets (issue 13)', '');
  lines.push('| target | this run | |', '|---|---|---|');
  lines.push(`| ${f0(o.rate)} tasks/s sustained (median done/s from minute 2) | ${f0(doneMedian)} | ${verdict(doneMedian >= 0.98 * o.rate)} |`);
  lines.push(`| backlog flat | ${f0(backlogStart)} at minute 2, ${f0(backlogEnd)} at the end | ${verdict(backlogEnd <= Math.max(2 * (backlogStart ?? 0), o.rate))} |`);
  lines.push(`| p99 enqueue→start < 100 ms outside the minute of each kill | ${calm.length ? `worst ${msf(worstP99)} ms` : 'n/a (a kill in every minute)'} | ${calm.length ? verdict(worstP99 < 100) : 'n/a'} |`);
  lines.push(`| RSS flat within 20% (largest / smallest of each minute's peak, sampled every second, from minute 2) | ${procs.map((p) => `${p} ${Number.isFinite(rssSpread[p]) ? rssSpread[p].toFixed(2) : 'n/a'}`).join(', ')} | ${verdict(procs.every((p) => !(rssSpread[p] > 1.2)))} |`);
  lines.push(`| the same within each process's life (a killed worker's replacement compared from its first whole minute) | ${procs.map((p) => `${p} ${Number.isFinite(lifeSpread[p]) ? lifeSpread[p].toFixed(2) : 'n/a'}`).join(', ')} | ${verdict(procs.every((p) => !(lifeSpread[p] > 1.2)))} |`);
  if (procs.some((p) => Number.isFinite(endSpread[p]))) lines.push(`| (not judged) RSS sampled once, at each minute's end, largest / smallest | ${procs.map((p) => `${p} ${Number.isFinite(endSpread[p]) ? endSpread[p].toFixed(2) : 'n/a'}`).join(', ')} | |`);
  lines.push(`| live table flat within 20% | ${Number.isFinite(liveSpread) ? liveSpread.toFixed(2) : 'n/a'} | ${verdict(!(liveSpread > 1.2))} |`);
  lines.push(`| zero lost tasks (counted) | ${f0(Math.max(0, r.lost))} | ${verdict(r.lost <= 0)} |`);
  lines.push('');
  fs.writeFileSync(out, `${lines.join('\n')}\n`);
  fs.writeFileSync(path.join(path.dirname(out), `${path.basename(out, '.md')}.svg`), chart(r));
}

/** Two panels over the minutes: tasks/s (done, offered) and p50/p99 latency; kills marked. */
function chart(r) {
  const W = 760;
  const H = 420;
  const left = 70;
  const right = 20;
  const panels = [
    { top: 60, h: 140, title: 'tasks/s', series: [['offered', (x) => x.offeredPerSec, '#9ca3af'], ['done', (x) => x.donePerSec, '#2563eb']] },
    { top: 250, h: 120, title: 'enqueue→start ms', series: [['p99', (x) => (Number.isFinite(x.p99) ? x.p99 : 10_000), '#dc2626'], ['p50', (x) => (Number.isFinite(x.p50) ? x.p50 : 10_000), '#f59e0b']] },
  ];
  const n = r.rows.length;
  const x = (m) => left + ((W - left - right) * (m - 0.5)) / Math.max(1, n);
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, sans-serif" font-size="12">`, `<rect width="${W}" height="${H}" fill="#fff"/>`];
  out.push(`<text x="12" y="22" font-size="15" font-weight="600">bench:fleet — ${esc(r.flags.rate.toLocaleString('en-US'))} tasks/s offered, ${r.flags.workers} workers${r.hosts ? ' on hosts of their own' : ''}</text>`);
  out.push(`<text x="12" y="40" fill="#555">${esc(r.date.slice(0, 16))} UTC · per minute · dashed: a worker SIGKILLed</text>`);
  for (const p of panels) {
    const max = Math.max(1, ...r.rows.flatMap((row) => p.series.map(([, f]) => f(row))));
    const nice = [1, 2, 2.5, 5, 10].map((k) => k * 10 ** Math.floor(Math.log10(max))).find((v) => v >= max);
    const y = (v) => p.top + p.h - (p.h * Math.min(v, nice)) / nice;
    out.push(`<text x="${left}" y="${p.top - 8}" font-weight="600">${esc(p.title)}</text>`);
    for (let k = 0; k <= 4; k++) {
      const v = (nice * k) / 4;
      out.push(`<line x1="${left}" x2="${W - right}" y1="${y(v)}" y2="${y(v)}" stroke="#e5e7eb"/><text x="${left - 6}" y="${y(v) + 4}" text-anchor="end" fill="#555">${esc(Math.round(v).toLocaleString('en-US'))}</text>`);
    }
    p.series.forEach(([label, f, color], i) => {
      const pts = r.rows.map((row) => `${x(row.minute).toFixed(1)},${y(f(row)).toFixed(1)}`).join(' ');
      out.push(`<polyline points="${pts}" fill="none" stroke="${color}" stroke-width="2"/>`);
      out.push(`<rect x="${W - right - 160 + i * 80}" y="${p.top - 18}" width="10" height="10" fill="${color}"/><text x="${W - right - 146 + i * 80}" y="${p.top - 9}" fill="#333">${esc(label)}</text>`);
    });
    for (const k of r.kills) out.push(`<line x1="${x(k.minute)}" x2="${x(k.minute)}" y1="${p.top}" y2="${p.top + p.h}" stroke="#111" stroke-dasharray="3 3"/>`);
  }
  const ticks = Math.min(n, 10);
  for (let i = 0; i < ticks; i++) {
    const m = Math.max(1, Math.round(((i + 1) * n) / ticks));
    out.push(`<text x="${x(m)}" y="${H - 24}" text-anchor="middle" fill="#555">${m}</text>`);
  }
  out.push(`<text x="${W - right}" y="${H - 6}" text-anchor="end" fill="#555">minute</text>`, '</svg>');
  return `${out.join('\n')}\n`;
}
