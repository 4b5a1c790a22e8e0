/**
 * Users and groups for units: User= and Group= to numeric ids (from /etc/passwd and /etc/group;
 * Node has no getpwnam), the identity a jail runs as, and whether that identity can reach a
 * directory on the host. Numeric values are taken as they are.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ValidationError } from '../../../model/errors.js';
/**
 * The uid and gid of a jailed task that names no User= (and whose worker is root). A dedicated
 * id rather than `nobody`: nobody is shared with other services (NFS, daemons), and systemd
 * hands out 61184-65519 to its dynamic users; 2000000000 is past every range Debian, systemd
 * and the usual /etc/subuid layouts allocate, so it owns no file on the host.
 */
export const JAIL_ID = 2_000_000_000;
function entries(file) {
    let text;
    try {
        text = fs.readFileSync(file, 'utf8');
    }
    catch {
        return [];
    }
    const out = [];
    for (const line of text.split('\n')) {
        const f = line.split(':');
        if (f.length >= 3 && f[0])
            out.push({ name: f[0], id: Number(f[2]), gid: Number(f[3] ?? f[2]) });
    }
    return out;
}
const byName = (file, name) => entries(file).find((e) => e.name === name) ?? null;
const byId = (file, id) => entries(file).find((e) => e.id === id) ?? null;
export function resolveUser(user, group, unitFile) {
    if (user === null && group === null)
        return null;
    let uid = process.getuid?.() ?? 0;
    let gid = process.getgid?.() ?? 0;
    if (user !== null) {
        if (/^\d+$/.test(user))
            uid = Number(user);
        else {
            const u = byName('/etc/passwd', user);
            if (!u)
                throw new ValidationError(`${unitFile}: Service.User`, `no such user "${user}"`);
            uid = u.id;
            gid = u.gid;
        }
    }
    if (group !== null) {
        if (/^\d+$/.test(group))
            gid = Number(group);
        else {
            const g = byName('/etc/group', group);
            if (!g)
                throw new ValidationError(`${unitFile}: Service.Group`, `no such group "${group}"`);
            gid = g.id;
        }
    }
    return { uid, gid };
}
/**
 * Who a jailed unit runs as: its User=/Group=, else (worker is root) the dedicated JAIL_ID, else
 * the worker's own unprivileged ids (an unprivileged worker cannot switch). Never uid or gid 0:
 * a jail that would run as root is refused.
 */
export function jailIdentity(unit) {
    const workerUid = process.getuid?.() ?? 0;
    const workerGid = process.getgid?.() ?? 0;
    const asked = resolveUser(unit.user, unit.group, unit.file);
    let id;
    if (asked)
        id = asked;
    else if (workerUid === 0)
        id = { uid: JAIL_ID, gid: JAIL_ID };
    else
        id = { uid: workerUid, gid: workerGid };
    if (id.uid === 0)
        throw new ValidationError(`${unit.file}: Service.User`, 'a jailed unit never runs as root (uid 0); name an unprivileged user, or leave User= out for the jail\'s own user');
    if (id.gid === 0)
        throw new ValidationError(`${unit.file}: Service.Group`, 'a jailed unit never runs with group root (gid 0); name an unprivileged group');
    return {
        ...id,
        user: byId('/etc/passwd', id.uid)?.name ?? 'task',
        group: byId('/etc/group', id.gid)?.name ?? 'task',
        switchUser: workerUid === 0 || id.uid !== workerUid || id.gid !== workerGid,
    };
}
/** May `id` (with no supplementary groups) do `want` (r=4, w=2, x=1) to this file, going by its mode bits? */
function allowed(st, id, want) {
    if (id.uid === 0)
        return true;
    const bits = st.uid === id.uid ? (st.mode >> 6) & 7 : st.gid === id.gid ? (st.mode >> 3) & 7 : st.mode & 7;
    return (bits & want) === want;
}
/**
 * Null when `id` can reach `dir` (search every parent) and read it (write too, when asked);
 * otherwise why not, naming the first path in the way, its owner and mode. Mode bits only: the
 * jail's user has no supplementary groups, and ACLs are rare on these paths.
 */
export function unreachableBy(dir, id, write = false) {
    const abs = path.resolve(dir);
    const parts = abs.split('/').filter(Boolean);
    let p = '/';
    for (let i = 0; i <= parts.length; i++) {
        let st;
        try {
            st = fs.statSync(p);
        }
        catch (err) {
            return `${p} cannot be read (${err.code ?? err.message})`;
        }
        const last = i === parts.length;
        const want = last ? 4 | 1 | (write ? 2 : 0) : 1;
        if (!allowed(st, id, want)) {
            const mode = (st.mode & 0o7777).toString(8).padStart(4, '0');
            const need = last ? (write ? 'read, search and write' : 'read and search') : 'search';
            return `uid ${id.uid} may not ${need} ${p} (owner ${st.uid}:${st.gid}, mode ${mode})`;
        }
        if (!last)
            p = path.join(p, parts[i]);
    }
    return null;
}
//# sourceMappingURL=users.js.map