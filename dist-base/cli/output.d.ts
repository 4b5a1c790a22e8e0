export declare function printJson(value: unknown): void;
export declare function printLine(text?: string): void;
/** A plain text table: columns padded to their widest cell. */
export declare function table(rows: string[][]): string;
/**
 * 2: bad input — an option, a file, a name, or a store URL that is malformed or names what is
 * not there (no such directory, not a database, unknown database, wrong password); the same
 * command will fail again. 3: the store could not be reached (refused, timed out, restarting,
 * no writable primary, disk full) — nothing was done, and the same command may work later.
 * 1: anything else that failed.
 */
export declare const EXIT: {
    readonly failed: 1;
    readonly badInput: 2;
    readonly storeUnavailable: 3;
};
export declare function exitCodeFor(err: unknown): number;
export declare function printError(err: unknown): void;
