/**
 * The files a jail is built from, written once per worker into `<stateDir>/jail/`: a generated
 * minimal /etc (never the host's: no shadow, no sudoers, no keys, no host accounts) and the
 * seccomp filter. Written by the worker, read by bubblewrap as the jail's user, so the folder
 * is 0755 and the files 0644.
 *
 * The generated /etc holds passwd and group (the jail's user and `nobody`, which is what host
 * files owned by unmapped ids show as), hostname, hosts (localhost and the jail's host name),
 * nsswitch.conf (files, then DNS). Empty files and folders in it are mount points for public
 * host files that programs need: ld.so.cache and alternatives (dynamic binaries and Debian's
 * command alternatives), localtime, services and protocols; with network also resolv.conf,
 * the host's hosts and the CA certificates.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { seccompProgram } from './seccomp.js';
export const JAIL_HOSTNAME = 'taskframe-jail';
/** The uid and gid host files owned by anyone else appear as inside a user namespace. */
const OVERFLOW_ID = 65534;
/** Public host files bound read-only over the generated ones (skipped where the host has none). */
export const HOST_ETC = ['ld.so.cache', 'localtime', 'services', 'protocols'];
export const HOST_ETC_DIRS = ['alternatives'];
export const HOST_ETC_NETWORK = ['resolv.conf', 'hosts', 'ssl/openssl.cnf'];
export const HOST_ETC_NETWORK_DIRS = ['ssl/certs'];
function generatedEtc(id, network) {
    const users = [`${id.user}:x:${id.uid}:${id.gid}:taskframe task:/tmp/work:/bin/sh`];
    if (id.uid !== OVERFLOW_ID)
        users.push(`nobody:x:${OVERFLOW_ID}:${OVERFLOW_ID}:nobody:/nonexistent:/usr/sbin/nologin`);
    const groups = [`${id.group}:x:${id.gid}:`];
    if (id.gid !== OVERFLOW_ID)
        groups.push(`nogroup:x:${OVERFLOW_ID}:`);
    const files = {
        passwd: users.join('\n') + '\n',
        group: groups.join('\n') + '\n',
        hostname: `${JAIL_HOSTNAME}\n`,
        hosts: `127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n127.0.1.1\t${JAIL_HOSTNAME}\n`,
        'nsswitch.conf': 'passwd: files\ngroup: files\nshadow: files\nhosts: files dns\nnetworks: files\nprotocols: files\nservices: files\n',
    };
    for (const f of HOST_ETC)
        files[f] ??= '';
    if (network) {
        for (const f of HOST_ETC_NETWORK)
            files[f] ??= '';
    }
    return files;
}
const made = new Map();
/** The jail's files under stateDir for this identity and network setting, written on first use. */
export function jailFiles(stateDir, id, network) {
    const files = generatedEtc(id, network);
    const dirs = [...HOST_ETC_DIRS, ...(network ? HOST_ETC_NETWORK_DIRS : [])];
    const hash = createHash('sha256').update(JSON.stringify([files, dirs])).digest('hex').slice(0, 16);
    const root = path.join(path.resolve(stateDir), 'jail');
    const key = `${root}\0${hash}`;
    const known = made.get(key);
    if (known)
        return known;
    fs.mkdirSync(root, { recursive: true, mode: 0o755 });
    fs.chmodSync(root, 0o755);
    const etcDir = path.join(root, `etc-${hash}`);
    if (!fs.existsSync(etcDir)) {
        // Built aside and renamed into place: another worker on this state directory may race us.
        const tmp = fs.mkdtempSync(path.join(root, '.etc-'));
        for (const [name, text] of Object.entries(files)) {
            fs.mkdirSync(path.join(tmp, path.dirname(name)), { recursive: true, mode: 0o755 });
            fs.writeFileSync(path.join(tmp, name), text, { mode: 0o644 });
        }
        for (const d of dirs)
            fs.mkdirSync(path.join(tmp, d), { recursive: true, mode: 0o755 });
        fs.chmodSync(tmp, 0o755);
        try {
            fs.renameSync(tmp, etcDir);
        }
        catch {
            fs.rmSync(tmp, { recursive: true, force: true });
        }
    }
    let seccompFile = null;
    const program = seccompProgram();
    if (program) {
        seccompFile = path.join(root, `seccomp-${process.arch}-${createHash('sha256').update(program).digest('hex').slice(0, 16)}.bpf`);
        if (!fs.existsSync(seccompFile)) {
            const tmp = `${seccompFile}.${process.pid}`;
            fs.writeFileSync(tmp, program, { mode: 0o644 });
            fs.renameSync(tmp, seccompFile);
        }
    }
    const out = { etcDir, seccompFile };
    made.set(key, out);
    return out;
}
//# sourceMappingURL=jail-files.js.map