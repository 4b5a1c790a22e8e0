/**
 * Runs one executable and says how it ended. No shell unless asked. The payload goes on stdin,
 * output streams to a callback as it arrives, fd 3 is the control channel when asked for. The
 * process gets its own process group so a time limit or a cancel reaches its children too:
 * TERM, then KILL after the grace period; the group is registered with the orphan guard, so it
 * is killed if the worker dies first. Limits are applied by small wrappers exec'd in front
 * of the command (each replaces itself, so the pid stays the task's):
 *   sh (joins the memory cgroup) -> prlimit (RLIMIT_FSIZE, or RLIMIT_AS without cgroups)
 *   -> setpriv (user/group) -> the command, or in a jail
 *   -> sh (opens the seccomp filter) -> setpriv (the jail's user) -> bwrap -> the command.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { formatDuration } from '../../../model/duration.js';
import { TaskTimeoutError } from '../../../model/errors.js';
import { jailArgv } from './jail.js';
import { createMemoryCgroup } from './memory-limit.js';
import { orphanGuard } from './orphan-guard.js';
let prlimitPath;
function prlimit() {
    if (prlimitPath === undefined)
        prlimitPath = ['/usr/bin/prlimit', '/bin/prlimit'].find((p) => fs.existsSync(p)) ?? null;
    if (!prlimitPath)
        throw new Error('LimitDisk (and LimitMem without cgroups) needs prlimit from util-linux');
    return prlimitPath;
}
export function buildArgv(spec, cgroup) {
    let argv = spec.shell ? ['/bin/sh', '-c', spec.argv[0]] : [...spec.argv];
    // A jail switches to its own user before it starts (jail.ts), never inside.
    if (spec.jail)
        argv = [...jailArgv(spec.jail), ...argv];
    else if (spec.identity)
        argv = ['setpriv', `--reuid=${spec.identity.uid}`, `--regid=${spec.identity.gid}`, '--clear-groups', '--', ...argv];
    const rl = [];
    if (spec.limitDisk)
        rl.push(`--fsize=${spec.limitDisk.bytes}`);
    if (spec.limitMem && !cgroup)
        rl.push(`--as=${spec.limitMem.bytes}`);
    if (rl.length > 0)
        argv = [prlimit(), ...rl, '--', ...argv];
    if (cgroup)
        argv = ['/bin/sh', '-c', 'echo $$ > "$0" && exec "$@"', cgroup.procsFile, ...argv];
    return argv;
}
export async function runProcess(spec) {
    const started = Date.now();
    let stderrRing = '';
    const done = (reason, exitCode, signal, detail) => ({
        exitCode, signal, reason, detail, stderrTail: stderrRing.slice(-2000), durationMs: Date.now() - started,
    });
    if (spec.signal?.aborted)
        return done('cancelled', null, null, 'cancelled before it started');
    let cgroup = null;
    let argv;
    try {
        if (spec.limitMem)
            cgroup = createMemoryCgroup(`t-${process.pid}-${randomBytes(5).toString('hex')}`, spec.limitMem.bytes);
        argv = buildArgv(spec, cgroup);
    }
    catch (err) {
        await cgroup?.remove();
        return done('spawn_error', null, null, err.message);
    }
    const stdio = ['pipe', 'pipe', 'pipe'];
    if (spec.onControl)
        stdio.push('pipe');
    orphanGuard.prepare();
    const child = spawn(argv[0], argv.slice(1), { cwd: spec.cwd, env: orphanGuard.environment(spec.env), stdio, detached: true });
    orphanGuard.watchGroup(child.pid);
    let killedFor = null;
    let killTimer = null;
    const kill = (reason, detail) => {
        if (killedFor || child.exitCode !== null || child.signalCode !== null || child.pid === undefined)
            return;
        killedFor = { reason, detail };
        signalGroup(child.pid, 'SIGTERM');
        killTimer = setTimeout(() => signalGroup(child.pid, 'SIGKILL'), spec.killGraceMs ?? 5000);
    };
    const timeLimit = spec.maxTimeMs ? setTimeout(() => kill('time_limit', `exceeded time limit ${formatDuration(spec.maxTimeMs)}`), spec.maxTimeMs) : null;
    const onAbort = () => {
        const r = spec.signal.reason;
        if (r instanceof TaskTimeoutError)
            kill('time_limit', `exceeded the task timeout ${formatDuration(r.context.timeoutMs)}`);
        else
            kill('cancelled', r instanceof Error ? r.message : 'cancelled');
    };
    spec.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8').on('data', (t) => spec.onOutput?.('stdout', t));
    child.stderr.setEncoding('utf8').on('data', (t) => {
        stderrRing = (stderrRing + t).slice(-4096);
        spec.onOutput?.('stderr', t);
    });
    if (spec.onControl) {
        let partial = '';
        const ctl = child.stdio[3];
        ctl.setEncoding('utf8');
        ctl.on('data', (t) => {
            const lines = (partial + t).split('\n');
            partial = lines.pop();
            for (const l of lines)
                spec.onControl(l);
        });
        ctl.on('end', () => {
            if (partial.trim())
                spec.onControl(partial);
            partial = '';
        });
    }
    child.stdin.on('error', () => undefined); // a command that never reads stdin is fine
    if (spec.stdin != null)
        child.stdin.end(spec.stdin);
    else
        child.stdin.end();
    const outcome = await new Promise((resolve) => {
        let exited = null;
        child.once('error', (error) => {
            if (child.pid === undefined)
                resolve({ code: null, signal: null, error });
        });
        child.once('exit', (code, signal) => {
            orphanGuard.release(child.pid);
            exited = { code, signal };
            // Output pipes close when the last holder exits; a daemonised grandchild must not hold us.
            setTimeout(() => {
                for (const s of child.stdio)
                    s?.destroy?.();
                resolve(exited);
            }, 2000).unref();
        });
        child.once('close', (code, signal) => resolve(exited ?? { code, signal }));
    });
    if (timeLimit)
        clearTimeout(timeLimit);
    if (killTimer)
        clearTimeout(killTimer);
    spec.signal?.removeEventListener('abort', onAbort);
    try {
        if (outcome.error)
            return done('spawn_error', null, null, `${argv[0]}: ${outcome.error.message}`);
        const { code, signal } = outcome;
        const k = killedFor;
        if (k)
            return done(k.reason, code, signal, k.detail);
        if (cgroup?.oomKilled())
            return done('memory_limit', code, signal ?? 'SIGKILL', `exceeded memory limit ${spec.limitMem.text}`);
        if (code !== 0 && spec.limitDisk && (signal === 'SIGXFSZ' || code === 128 + 25 || /File too large|File size limit exceeded|EFBIG|No space left on device/i.test(stderrRing))) {
            return done('disk_limit', code, signal, `exceeded disk limit ${spec.limitDisk.text}`);
        }
        if (code !== 0 && spec.limitMem && !cgroup && /MemoryError|Cannot allocate memory|bad_alloc|out of memory/i.test(stderrRing)) {
            return done('memory_limit', code, signal, `exceeded memory limit ${spec.limitMem.text}`);
        }
        if (spec.limitMem && cgroup === null && signal === 'SIGKILL')
            return done('signal', code, signal, null);
        return done(signal ? 'signal' : 'exit', code, signal, null);
    }
    finally {
        await cgroup?.remove();
    }
}
function signalGroup(pid, sig) {
    try {
        process.kill(-pid, sig);
    }
    catch {
        try {
            process.kill(pid, sig);
        }
        catch {
            /* gone */
        }
    }
}
//# sourceMappingURL=run-process.js.map