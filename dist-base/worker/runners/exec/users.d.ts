export interface Identity {
    uid: number;
    gid: number;
}
/** A jail's identity, with the names its generated /etc/passwd and /etc/group give it. */
export interface JailIdentity extends Identity {
    user: string;
    group: string;
    /** True when the worker is root and must switch to this identity before the jail starts. */
    switchUser: boolean;
}
/**
 * The uid and gid of a jailed task that names no User= (and whose worker is root). A dedicated
 * id rather than `nobody`: nobody is shared with other services (NFS, daemons), and systemd
 * hands out 61184-65519 to its dynamic users; 2000000000 is past every range Debian, systemd
 * and the usual /etc/subuid layouts allocate, so it owns no file on the host.
 */
export declare const JAIL_ID = 2000000000;
export declare function resolveUser(user: string | null, group: string | null, unitFile: string): Identity | null;
/**
 * Who a jailed unit runs as: its User=/Group=, else (worker is root) the dedicated JAIL_ID, else
 * the worker's own unprivileged ids (an unprivileged worker cannot switch). Never uid or gid 0:
 * a jail that would run as root is refused.
 */
export declare function jailIdentity(unit: {
    user: string | null;
    group: string | null;
    file: string;
}): JailIdentity;
/**
 * Null when `id` can reach `dir` (search every parent) and read it (write too, when asked);
 * otherwise why not, naming the first path in the way, its owner and mode. Mode bits only: the
 * jail's user has no supplementary groups, and ACLs are rare on these paths.
 */
export declare function unreachableBy(dir: string, id: Identity, write?: boolean): string | null;
