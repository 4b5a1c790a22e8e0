/**
 * The jail: bubblewrap (`bwrap`, Debian package `bubblewrap`), started as the jail's own
 * unprivileged user. A root worker first switches to that user (setpriv), so the task is that
 * uid on the host as well as inside: never root, with no capabilities, whatever a bug in the
 * jail would let it reach. Inside: its own user, PID, mount, IPC, UTS, cgroup and (without
 * Network=yes) network namespaces; no further user namespaces; the seccomp filter of seccomp.ts.
 *
 * What exists inside, and nothing else of the host:
 *   /usr, /bin, /sbin, /lib* (read-only, no setuid)   the system, for programs and libraries
 *   /etc                                               generated (jail-files.ts), read-only
 *   /proc                                              of its own PID namespace only
 *   /dev                                               null, zero, full, random, urandom, tty, pts
 *   /tmp, /dev/shm                                     private tmpfs, each LimitDisk= in size
 *   /tmp/work                                          the work directory (HOME), unless WorkingDirectory=
 *   the unit's directory and set-up folder             read-only, with the store's files and
 *                                                      other units' definitions hidden
 *   WorkingDirectory=                                  the one host directory it may write
 */
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { HOST_ETC, HOST_ETC_DIRS, HOST_ETC_NETWORK, HOST_ETC_NETWORK_DIRS, JAIL_HOSTNAME } from './jail-files.js';
/** The work directory inside a jail that has no WorkingDirectory=. */
export const JAIL_WORK_DIR = '/tmp/work';
let bwrapPath;
export function findBwrap() {
    if (bwrapPath !== undefined)
        return bwrapPath;
    for (const p of ['/usr/bin/bwrap', '/usr/local/bin/bwrap', '/bin/bwrap']) {
        if (fs.existsSync(p))
            return (bwrapPath = p);
    }
    try {
        return (bwrapPath = execFileSync('sh', ['-c', 'command -v bwrap'], { encoding: 'utf8' }).trim() || null);
    }
    catch {
        return (bwrapPath = null);
    }
}
let bwrapVersion;
function version(bwrap) {
    if (bwrapVersion)
        return bwrapVersion;
    try {
        const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(execFileSync(bwrap, ['--version'], { encoding: 'utf8' }));
        bwrapVersion = m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : [0, 0, 0];
    }
    catch {
        bwrapVersion = [0, 0, 0];
    }
    return bwrapVersion;
}
const atLeast = (v, major, minor) => v[0] > major || (v[0] === major && v[1] >= minor);
let setprivPath;
function setpriv() {
    if (setprivPath === undefined)
        setprivPath = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => fs.existsSync(p)) ?? null;
    if (!setprivPath)
        throw new Error('a jail started by a root worker needs setpriv from util-linux to drop to the jail user');
    return setprivPath;
}
const hostHas = (p) => fs.existsSync(p);
/**
 * The argv that runs a command in the jail: [opener of the seccomp filter] [setpriv] bwrap … --
 * (the command follows). The filter reaches bubblewrap on fd 9, opened by a shell that execs on.
 */
export function jailArgv(o) {
    const bwrap = findBwrap();
    if (!bwrap)
        throw new Error('Jail=yes needs bubblewrap (bwrap); install the Debian package "bubblewrap"');
    const v = version(bwrap);
    const id = o.identity;
    const a = [];
    if (o.seccompFile)
        a.push('/bin/sh', '-c', 'exec "$@" 9<"$0"', o.seccompFile);
    if (id.switchUser)
        a.push(setpriv(), `--reuid=${id.uid}`, `--regid=${id.gid}`, '--clear-groups', '--');
    a.push(bwrap, '--die-with-parent', '--new-session', '--unshare-user', '--uid', String(id.uid), '--gid', String(id.gid));
    a.push('--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try', '--hostname', JAIL_HOSTNAME);
    if (atLeast(v, 0, 8))
        a.push('--disable-userns');
    if (!o.network)
        a.push('--unshare-net');
    a.push('--cap-drop', 'ALL');
    if (o.seccompFile)
        a.push('--seccomp', '9');
    a.push('--ro-bind', '/usr', '/usr');
    for (const top of ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32']) {
        let st;
        try {
            st = fs.lstatSync(top);
        }
        catch {
            continue;
        }
        if (st.isSymbolicLink())
            a.push('--symlink', fs.readlinkSync(top), top);
        else if (st.isDirectory())
            a.push('--ro-bind', top, top);
    }
    a.push('--ro-bind', o.etcDir, '/etc');
    const hostEtc = [...HOST_ETC, ...HOST_ETC_DIRS, ...(o.network ? [...HOST_ETC_NETWORK, ...HOST_ETC_NETWORK_DIRS] : [])];
    for (const f of hostEtc)
        if (hostHas(`/etc/${f}`))
            a.push('--ro-bind', `/etc/${f}`, `/etc/${f}`);
    a.push('--proc', '/proc', '--dev', '/dev');
    const sized = () => (o.diskBytes !== null ? ['--size', String(o.diskBytes)] : []);
    a.push(...sized(), '--tmpfs', '/tmp', ...sized(), '--tmpfs', '/dev/shm');
    if (o.workDir === null)
        a.push('--perms', '0700', '--dir', JAIL_WORK_DIR);
    for (const p of o.readOnly)
        a.push('--ro-bind', p, p);
    // Bound after the read-only ones, so a WorkingDirectory inside the unit's directory is writable.
    if (o.workDir !== null)
        a.push('--bind', o.workDir, o.workDir);
    // /dev/null on a nodev mount: opening it is refused (EACCES), unlike an empty file that reads as "nothing here".
    for (const p of o.hidden)
        if (hostHas(p))
            a.push('--ro-bind', '/dev/null', p);
    a.push('--remount-ro', '/dev', '--remount-ro', '/');
    a.push('--chdir', o.workDir ?? JAIL_WORK_DIR, '--');
    return a;
}
const probed = new Map();
/**
 * Starts `true` in a jail like `o` once per identity and network setting: null when it ran, else
 * what bubblewrap said. A machine can have bwrap and still refuse it (user namespaces turned off
 * by sysctl or an AppArmor policy); that is better said at start than by every task.
 */
export function probeJail(o) {
    const key = `${o.identity.uid}:${o.identity.gid}:${o.network}:${o.etcDir}`;
    const known = probed.get(key);
    if (known !== undefined)
        return known;
    const argv = [...jailArgv({ ...o, readOnly: [], hidden: [], workDir: null }), '/bin/true'];
    let result = null;
    try {
        execFileSync(argv[0], argv.slice(1), { cwd: '/', stdio: ['ignore', 'ignore', 'pipe'], timeout: 20_000, env: { PATH: '/usr/bin:/bin' } });
    }
    catch (err) {
        const e = err;
        result = e.stderr?.toString().trim() || e.message;
    }
    probed.set(key, result);
    return result;
}
//# sourceMappingURL=jail.js.map