import type { JailIdentity } from './users.js';
export declare const JAIL_HOSTNAME = "taskframe-jail";
/** Public host files bound read-only over the generated ones (skipped where the host has none). */
export declare const HOST_ETC: readonly ["ld.so.cache", "localtime", "services", "protocols"];
export declare const HOST_ETC_DIRS: readonly ["alternatives"];
export declare const HOST_ETC_NETWORK: readonly ["resolv.conf", "hosts", "ssl/openssl.cnf"];
export declare const HOST_ETC_NETWORK_DIRS: readonly ["ssl/certs"];
export interface JailFiles {
    etcDir: string;
    /** The seccomp program, or null on an architecture without a table. */
    seccompFile: string | null;
}
/** The jail's files under stateDir for this identity and network setting, written on first use. */
export declare function jailFiles(stateDir: string, id: JailIdentity, network: boolean): JailFiles;
