import type { JailIdentity } from './users.js';
/** The work directory inside a jail that has no WorkingDirectory=. */
export declare const JAIL_WORK_DIR = "/tmp/work";
export interface JailOptions {
    /** Who the jail runs as, on the host and inside. */
    identity: JailIdentity;
    /** The generated /etc (jail-files.ts). */
    etcDir: string;
    /** The seccomp program to load, or null (no table for this architecture). */
    seccompFile: string | null;
    /** Host directories bound read-only at the same path (the unit's own files). */
    readOnly: string[];
    /** Files inside readOnly that the jail must not read: they are covered by an unreadable node. */
    hidden: string[];
    /** WorkingDirectory=: a host directory bound writable at the same path; null: JAIL_WORK_DIR on the private /tmp. */
    workDir: string | null;
    network: boolean;
    /** LimitDisk=: the size of each private tmpfs (/tmp, /dev/shm); null: the kernel's default. */
    diskBytes: number | null;
}
export declare function findBwrap(): string | null;
/**
 * The argv that runs a command in the jail: [opener of the seccomp filter] [setpriv] bwrap … --
 * (the command follows). The filter reaches bubblewrap on fd 9, opened by a shell that execs on.
 */
export declare function jailArgv(o: JailOptions): string[];
/**
 * Starts `true` in a jail like `o` once per identity and network setting: null when it ran, else
 * what bubblewrap said. A machine can have bwrap and still refuse it (user namespaces turned off
 * by sysctl or an AppArmor policy); that is better said at start than by every task.
 */
export declare function probeJail(o: JailOptions): string | null;
