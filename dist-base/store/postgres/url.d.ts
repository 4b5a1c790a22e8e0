export declare const DEFAULT_SCHEMA = "taskframe";
export type SessionAttrs = 'any' | 'read-write' | 'primary';
export interface PgHost {
    host: string;
    port: number;
    /** A one-host URL for `pg`, with every parameter it should see. */
    connectionString: string;
}
export interface PgTarget {
    /** The URL as given (for messages; redacted by StoreOpenError). */
    url: string;
    /** The first host's URL without taskframe's own query parameters, handed to `pg`. */
    connectionString: string;
    /** Every host, in the order they are tried (one for an ordinary URL). */
    hosts: PgHost[];
    /** Which server of `hosts` will do. */
    sessionAttrs: SessionAttrs;
    schema: string;
    /** The first host, for messages about a one-host URL. */
    host: string;
    port: number;
    database: string;
    user: string;
    /** From `?poolSize=N` in the URL (lets the CLI size its pool without a flag). */
    poolSize: number | undefined;
    /**
     * `?prepare=false`: no named prepared statements, for a connection pooler that hands each
     * transaction a different server connection (PgBouncer in transaction mode before 1.21).
     */
    prepare: boolean;
}
/** `host:port` of every host, for messages. */
export declare function hostList(target: Pick<PgTarget, 'hosts'>): string;
/** Parses and checks the URL; see the header for the form. */
export declare function parsePgUrl(url: string, schemaOption?: string): PgTarget;
