// CPU time of the processes in a phase, from /proc (Linux): the producer (this process), the
// worker process, and the database server's processes, so a throughput can be read as CPU per task
// and split by who spends it. Elsewhere it measures nothing and says so (null).
import fs from 'node:fs';
import os from 'node:os';

const TICK_MS = 1000 / 100; // USER_HZ: 100 on every Linux this runs on
/** The server processes of each backend, by their name in /proc/<pid>/stat. */
const SERVER = { PostgreSQL: 'postgres', Redis: 'redis-server' };

function stat(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = s.lastIndexOf(')');
    const f = s.slice(close + 2).split(' ');
    return { comm: s.slice(s.indexOf('(') + 1, close), ticks: Number(f[11]) + Number(f[12]) };
  } catch {
    return null; // gone
  }
}

/**
 * Starts sampling; the returned function stops and gives CPU milliseconds per group, or null off
 * Linux. The database's connections come and go (one server process each), so /proc is scanned
 * every 250 ms and a process that ends between two scans loses what it spent since the last one.
 */
export function cpuSampler({ workerPid, backend }) {
  if (os.platform() !== 'linux') return () => null;
  const server = SERVER[backend] ?? null;
  const first = new Map();
  const last = new Map();
  const producer = process.cpuUsage();
  const scan = () => {
    const pids = [String(workerPid)];
    if (server) for (const p of fs.readdirSync('/proc')) if (/^\d+$/.test(p)) pids.push(p);
    for (const pid of pids) {
      const s = stat(pid);
      if (!s || (pid !== String(workerPid) && s.comm !== server)) continue;
      if (!first.has(pid)) first.set(pid, s.ticks);
      last.set(pid, s.ticks);
    }
  };
  scan();
  const timer = setInterval(scan, 250);
  return () => {
    clearInterval(timer);
    scan();
    const spent = (pid) => (last.get(pid) - first.get(pid)) * TICK_MS;
    let database = 0;
    for (const pid of last.keys()) if (pid !== String(workerPid)) database += spent(pid);
    const p = process.cpuUsage(producer);
    return { database: server ? database : null, worker: last.has(String(workerPid)) ? spent(String(workerPid)) : null, producer: (p.user + p.system) / 1000 };
  };
}
