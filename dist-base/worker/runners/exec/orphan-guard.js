/**
 * No orphans when a worker dies. Executables run in their own process groups (so a time limit
 * or cancel reaches their children), which also means nothing stops them when the worker is
 * killed with SIGKILL: they would run on, unsupervised, while their task is retried elsewhere.
 *
 * One small guardian process per worker process holds the read end of a pipe. The worker tells
 * it, a line per event, which process groups (and plain processes) it started and when each
 * ended. When the worker dies, however it dies, the kernel closes the pipe; the guardian reads
 * end-of-file and SIGKILLs every group still registered (children, grandchildren: the whole
 * group), then exits. A per-task wrapper (`setpriv --pdeathsig`) would cost an exec per task and
 * reach only the direct child; this costs two short pipe writes per task.
 *
 * A group whose leader exited while others of the group live on is kept until the group is
 * empty (while a group has members its id cannot be reused, so killing it stays safe); an
 * ended group is dropped at once, because on a busy machine its id soon names someone else's.
 *
 * Registration comes after spawn() returns, so a worker killed between the two (on a loaded
 * machine the worker can be off the CPU for milliseconds right there; seen in CI) would leave
 * that executable unregistered. Every process the worker starts therefore also carries a token
 * of this worker in its environment (TASKFRAME_GUARD), set before it runs a single instruction
 * and inherited by its children: when the worker dies the guardian also sweeps /proc for
 * processes carrying it, and kills each one (and its group, if it leads one). This also reaches
 * children that left their group (setsid) but kept the environment.
 * Jailed tasks are covered twice: bubblewrap runs with --die-with-parent and a PID namespace.
 * Not covered: a process that leaves its group and clears its environment (a daemon that means it).
 *
 * `worker.orphanGuard: false` (TASKFRAME_ORPHAN_GUARD=off) disables it, e.g. where another
 * supervisor does this job.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
/** The guardian, as a Node script: a few lines, no dependencies, its own session. */
const GUARDIAN = `
const groups = new Set(), procs = new Set(), lingering = new Set();
const alive = (g) => { try { process.kill(-g, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
const kill = (id) => { try { process.kill(id, 'SIGKILL'); } catch {} };
let partial = '';
process.stdin.setEncoding('latin1');
process.stdin.on('data', (t) => {
  const lines = (partial + t).split('\\n');
  partial = lines.pop();
  for (const l of lines) {
    const n = Number(l.slice(1));
    if (!Number.isInteger(n) || n <= 1) continue;
    if (l[0] === 'g') groups.add(n);
    else if (l[0] === 'p') procs.add(n);
    else if (l[0] === '-') {
      procs.delete(n);
      if (groups.delete(n) && alive(n)) lingering.add(n);
    }
  }
});
// Every process started by the worker carries TASKFRAME_GUARD=<token> in its environment.
const marker = '\\0TASKFRAME_GUARD=' + process.argv[1] + '\\0';
const sweep = () => {
  const fs = require('fs');
  let ids = [];
  try { ids = fs.readdirSync('/proc'); } catch { return; }
  for (const e of ids) {
    const pid = Number(e);
    if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid) continue;
    let env, stat;
    try { env = fs.readFileSync('/proc/' + e + '/environ', 'latin1'); stat = fs.readFileSync('/proc/' + e + '/stat', 'latin1'); } catch { continue; }
    if (!('\\0' + env).includes(marker)) continue;
    // A group is killed whole only from its own leader: a process in someone else's group
    // (a runner sharing the worker's) goes alone, never the group around it.
    if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) === pid) kill(-pid);
    kill(pid);
  }
};
process.stdin.on('end', () => {
  for (const g of [...groups, ...lingering]) kill(-g);
  for (const p of procs) kill(p);
  if (process.argv[1]) sweep();
  process.exit(0);
});
setInterval(() => { for (const g of lingering) if (!alive(g)) lingering.delete(g); }, 5000);
`;
export class OrphanGuard {
    child = null;
    stdin = null;
    groups = new Set();
    procs = new Set();
    disabled;
    /** Marks this worker's processes (see the header); random, so no other worker's match. */
    token = randomBytes(12).toString('hex');
    constructor(enabled = true) {
        this.disabled = !enabled;
    }
    /** Turns the guard on or off for executables started from now on. */
    setEnabled(enabled) {
        this.disabled = !enabled;
    }
    /** The guardian's pid (tests), or null when none runs. */
    get pid() {
        return this.child?.pid ?? null;
    }
    /**
     * Starts the guardian, if it is not running, before an executable is spawned. Started only at
     * the first registration, the guardian's own spawn (a Node process: milliseconds, far more on
     * a loaded machine) sat between the executable starting and its registration being written:
     * a worker killed in that gap left the executable running (seen in CI). With the guardian
     * spawned first, that gap is a synchronous pipe write.
     */
    prepare() {
        if (!this.disabled && !this.stdin)
            this.start();
    }
    /** The environment for a process the worker is about to start: `env` with this worker's token. */
    environment(env = process.env) {
        const out = { ...env };
        if (!this.disabled)
            out.TASKFRAME_GUARD = this.token;
        return out;
    }
    /** A process group just started (its leader's pid, spawned with `detached: true`). */
    watchGroup(pid) {
        if (pid === undefined || this.disabled)
            return;
        this.groups.add(pid);
        this.send(`g${pid}\n`);
    }
    /** A process that shares the worker's group (a long-lived runner): killed by pid. */
    watchProcess(pid) {
        if (pid === undefined || this.disabled)
            return;
        this.procs.add(pid);
        this.send(`p${pid}\n`);
    }
    /** Its process exited: forget it (the guardian keeps a group while others of it live on). */
    release(pid) {
        if (pid === undefined || this.disabled)
            return;
        if (this.groups.delete(pid) || this.procs.delete(pid))
            this.send(`-${pid}\n`);
    }
    send(line) {
        const out = this.stdin ?? this.start();
        out?.write(line);
    }
    start() {
        let child;
        try {
            // Its own session (no terminal signals), no inherited NODE_OPTIONS (loaders, inspectors).
            child = spawn(process.execPath, ['--max-old-space-size=16', '--v8-pool-size=0', '-e', GUARDIAN, this.token], { detached: true, stdio: ['pipe', 'ignore', 'ignore'], env: {} });
        }
        catch {
            this.disabled = true;
            return null;
        }
        const stdin = child.stdin;
        stdin.on('error', () => undefined);
        child.on('error', () => {
            // Could not start at all (no executable): run unguarded rather than fail tasks.
            if (this.child === child)
                (this.child = null), (this.stdin = null), (this.disabled = true);
        });
        child.on('exit', () => {
            // Killed by someone: the next registration starts a new one with everything still live.
            if (this.child === child)
                (this.child = null), (this.stdin = null);
        });
        // Neither the guardian nor its pipe keeps the worker's event loop alive.
        child.unref();
        stdin.unref?.();
        this.child = child;
        this.stdin = stdin;
        const live = [...[...this.groups].map((g) => `g${g}\n`), ...[...this.procs].map((p) => `p${p}\n`)].join('');
        if (live)
            stdin.write(live);
        return stdin;
    }
}
/** One per worker process: every executable it starts registers here. */
export const orphanGuard = new OrphanGuard();
//# sourceMappingURL=orphan-guard.js.map