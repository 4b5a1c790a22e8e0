/**
 * Where and as whom a unit's processes run: the working directory, the jail (with its one
 * writable directory), the user and group, and the environment they get.
 */
import fs from 'node:fs';
import path from 'node:path';
import { taskIdentity, UNBUFFERED_OUTPUT } from './environment.js';
import { JAIL_WORK_DIR } from './jail.js';
import { jailFiles } from './jail-files.js';
import { jailIdentity, resolveUser, unreachableBy } from './users.js';
const inside = (file, dir) => file.startsWith(dir.endsWith('/') ? dir : `${dir}/`);
/**
 * `hidden`: files a jail must not read even where it sees their folder (the store's database,
 * other units' definitions, which may carry their [Environment] secrets).
 */
export function placeUnit(u, setupDir, stateDir, hidden = []) {
    const wd = u.workingDirectory ? path.resolve(u.dir, u.workingDirectory) : null;
    if (!u.jail)
        return { cwd: wd ?? u.dir, jail: null, identity: resolveUser(u.user, u.group, u.file), baseEnv: null, cleanup: () => undefined };
    const identity = jailIdentity(u);
    const { etcDir, seccompFile } = jailFiles(stateDir, identity, u.network);
    const readOnly = [...new Set([u.dir, setupDir])].filter((p) => p !== wd);
    const visible = [...readOnly, ...(wd ? [wd] : [])];
    return {
        cwd: u.dir,
        identity: null,
        jail: {
            identity,
            etcDir,
            seccompFile,
            readOnly,
            hidden: hidden.filter((f) => visible.some((d) => inside(f, d))),
            workDir: wd,
            network: u.network,
            diskBytes: u.limitDisk?.bytes ?? null,
        },
        baseEnv: jailEnvironment(identity, wd ?? JAIL_WORK_DIR),
        cleanup: () => undefined,
    };
}
/**
 * Why the jail of unit `u` could not start on this machine, or null: its user must be able to
 * reach and read the unit's directory and the state directory (bubblewrap binds them as that
 * user), and write its WorkingDirectory.
 */
export function jailUnreachable(u, stateDir) {
    const id = jailIdentity(u);
    fs.mkdirSync(stateDir, { recursive: true });
    const wd = u.workingDirectory ? path.resolve(u.dir, u.workingDirectory) : null;
    const checks = [
        [u.dir, "the unit's directory", false],
        [stateDir, 'the state directory (set-up folders)', false],
    ];
    if (wd && fs.existsSync(wd))
        checks.push([wd, 'WorkingDirectory', true]);
    for (const [dir, what, write] of checks) {
        const why = unreachableBy(dir, id, write);
        if (why)
            return `the jail runs as uid ${id.uid}, which cannot use ${what} ${dir}: ${why}`;
    }
    return null;
}
/** A jailed task's environment before its unit's [Environment] and the task's identity: nothing of the worker's. */
export function jailEnvironment(id, workDir) {
    return {
        PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        HOME: workDir,
        TASKFRAME_WORK_DIR: workDir,
        USER: id.user,
        LOGNAME: id.user,
        TMPDIR: '/tmp',
        LANG: 'C.UTF-8',
    };
}
/** `base`: the worker's filtered environment (environment.ts), or a jail's own (jailEnvironment). */
export function taskEnvironment(base, u, ctx, setupDir) {
    return {
        ...base,
        ...UNBUFFERED_OUTPUT,
        ...u.env,
        ...taskIdentity(ctx),
        TASKFRAME_UNIT: u.name,
        TASKFRAME_UNIT_DIR: u.dir,
        TASKFRAME_SETUP_DIR: setupDir,
    };
}
//# sourceMappingURL=placement.js.map