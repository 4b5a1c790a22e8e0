// CPU time and memory of processes, read from /proc (Linux).
import fs from 'node:fs';

const TICK = 100; // USER_HZ: clock ticks per second on Linux

/** utime+stime (and, with children, cutime+cstime: CPU of children it has reaped) in seconds. */
export function cpuSeconds(pid, withReaped = false) {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    const [utime, stime, cutime, cstime] = [f[11], f[12], f[13], f[14]].map(Number);
    return (utime + stime + (withReaped ? cutime + cstime : 0)) / TICK;
  } catch {
    return null;
  }
}

export function rssBytes(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export function childrenOf(pid) {
  const out = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (Number(fs.readFileSync(`/proc/${d}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1]) === pid) out.push(Number(d));
    } catch {
      // gone
    }
  }
  return out;
}

/** Proportional set size: shared pages divided among the processes sharing them. */
export function pssBytes(pid) {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * PostgreSQL's CPU so far: the postmaster with every backend it has reaped (a killed worker's
 * connections included), plus the backends alive now. Its memory: the sum of its processes'
 * proportional set sizes (shared buffers counted once, not once per backend as RSS would).
 */
export function postgresUsage(postmaster) {
  const kids = childrenOf(postmaster);
  const cpu = (cpuSeconds(postmaster, true) ?? 0) + kids.reduce((s, p) => s + (cpuSeconds(p) ?? 0), 0);
  const rss = kids.reduce((s, p) => s + (pssBytes(p) ?? 0), pssBytes(postmaster) ?? 0);
  return { cpu, rss, processes: kids.length + 1 };
}
