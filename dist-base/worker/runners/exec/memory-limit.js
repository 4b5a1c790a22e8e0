/**
 * Kernel-enforced memory limits. Preferred: a cgroup per task (v2 `memory.max`, or v1
 * `memory.limit_in_bytes`), joined by the task's own wrapper shell before it execs the command,
 * so no allocation escapes the limit; afterwards the cgroup's oom_kill counter says whether the
 * kernel killed it for memory, which is how "exceeded memory limit 256M" is told apart from a
 * crash. Without a writable cgroup hierarchy: RLIMIT_AS through prlimit (allocations fail
 * instead of the process being killed; the stderr of the task then usually names the failure).
 */
import fs from 'node:fs';
import path from 'node:path';
let detected = null;
let limiter = 'auto';
/** Chooses how memory limits are enforced for executables started from now on (worker.memoryLimiter). */
export function setMemoryLimiter(kind) {
    if (kind !== limiter)
        detected = null;
    limiter = kind;
}
function tryRoot(root, limitFile) {
    try {
        const probe = path.join(root, `probe-${process.pid}-${Date.now()}`);
        fs.mkdirSync(probe, { recursive: true });
        const ok = fs.existsSync(path.join(probe, limitFile));
        fs.rmdirSync(probe);
        return ok;
    }
    catch {
        return false;
    }
}
/** Finds a cgroup hierarchy this process may create memory-limited groups in (cached). */
export function detectCgroups() {
    if (detected)
        return detected;
    if (limiter === 'rlimit')
        return (detected = { kind: 'none', why: 'worker.memoryLimiter is rlimit' });
    const v2 = '/sys/fs/cgroup';
    if (fs.existsSync(path.join(v2, 'cgroup.controllers'))) {
        // Our own cgroup, from /proc/self/cgroup ("0::/path"); children need memory in subtree_control.
        const own = /^0::(.*)$/m.exec(safeRead('/proc/self/cgroup') ?? '')?.[1] ?? '/';
        const parent = path.join(v2, own);
        const root = path.join(parent, 'taskframe');
        try {
            fs.mkdirSync(root, { recursive: true });
            fs.writeFileSync(path.join(root, 'cgroup.subtree_control'), '+memory');
        }
        catch {
            /* falls through to the probe */
        }
        if (tryRoot(root, 'memory.max'))
            return (detected = { kind: 'v2', root });
    }
    const v1 = '/sys/fs/cgroup/memory';
    if (fs.existsSync(path.join(v1, 'memory.limit_in_bytes')) || fs.existsSync(v1)) {
        const root = path.join(v1, 'taskframe');
        if (tryRoot(root, 'memory.limit_in_bytes'))
            return (detected = { kind: 'v1', root });
    }
    return (detected = { kind: 'none', why: 'no writable cgroup memory controller' });
}
export function cgroupSupport() {
    const d = detectCgroups();
    return d.kind === 'none' ? `rlimit (${d.why})` : `cgroup ${d.kind} at ${d.root}`;
}
/** A fresh cgroup limited to `bytes`, or null when cgroups are unavailable (use RLIMIT_AS). */
export function createMemoryCgroup(name, bytes) {
    const d = detectCgroups();
    if (d.kind === 'none')
        return null;
    const dir = path.join(d.root, name);
    fs.mkdirSync(dir);
    try {
        if (d.kind === 'v2') {
            fs.writeFileSync(path.join(dir, 'memory.max'), String(bytes));
            // Swap would let a task exceed its limit quietly.
            if (fs.existsSync(path.join(dir, 'memory.swap.max')))
                fs.writeFileSync(path.join(dir, 'memory.swap.max'), '0');
        }
        else {
            fs.writeFileSync(path.join(dir, 'memory.limit_in_bytes'), String(bytes));
            const memsw = path.join(dir, 'memory.memsw.limit_in_bytes');
            if (fs.existsSync(memsw))
                fs.writeFileSync(memsw, String(bytes));
        }
    }
    catch (err) {
        fs.rmdirSync(dir);
        throw err;
    }
    return {
        procsFile: path.join(dir, 'cgroup.procs'),
        oomKilled: () => {
            const text = safeRead(path.join(dir, d.kind === 'v2' ? 'memory.events' : 'memory.oom_control')) ?? '';
            const n = Number(/^oom_kill (\d+)/m.exec(text)?.[1] ?? 0);
            if (n > 0)
                return true;
            // Older v1 kernels have no oom_kill line: a hit limit with a failcnt is the sign.
            return d.kind === 'v1' && !/^oom_kill /m.test(text) && Number(safeRead(path.join(dir, 'memory.failcnt')) ?? 0) > 0;
        },
        remove: async () => {
            for (let i = 0; i < 50; i++) {
                const pids = (safeRead(path.join(dir, 'cgroup.procs')) ?? '').split('\n').filter(Boolean);
                for (const p of pids) {
                    try {
                        process.kill(Number(p), 'SIGKILL');
                    }
                    catch {
                        /* already gone */
                    }
                }
                try {
                    fs.rmdirSync(dir);
                    return;
                }
                catch {
                    await new Promise((r) => setTimeout(r, 10));
                }
            }
        },
    };
}
function safeRead(file) {
    try {
        return fs.readFileSync(file, 'utf8');
    }
    catch {
        return null;
    }
}
//# sourceMappingURL=memory-limit.js.map