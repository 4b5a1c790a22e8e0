/**
 * Which of the URL's hosts a new connection goes to. Every connection of a store (pool and
 * LISTEN) asks one selector: it goes to the host that last worked; a host that refuses, times
 * out, or is not writable when `target_session_attrs` asks for it moves the selector on to the
 * next host in the URL's order (wrapping round). So after a failover the first connection that
 * finds the old primary gone or read-only moves everyone to the next host, and the one after
 * that finds the new primary — libpq's behaviour, spread over a pool.
 *
 * A connection is checked once, when it is made; a server demoted later (a switchover) fails
 * its writes with 25006 (read-only), which the driver treats as a lost connection.
 */
import type { Client, ClientConfig } from 'pg';
import type { PgHost, PgTarget } from './url.js';
export declare class HostSelector {
    readonly target: Pick<PgTarget, 'hosts' | 'sessionAttrs'>;
    private current;
    constructor(target: Pick<PgTarget, 'hosts' | 'sessionAttrs'>);
    pick(): PgHost;
    /** `host` failed or will not do: the next connection tries the one after it. */
    failed(host: PgHost): void;
}
type ClientClass = new (config?: ClientConfig) => Client;
/**
 * A pg Client class whose instances connect to the selector's host and check it. Given to
 * pg.Pool as its `Client`, so the pool's own bookkeeping stays as it is.
 */
export declare function targetClientClass(Base: ClientClass, selector: HostSelector): ClientClass;
/** The host a client of targetClientClass is connected to. */
export declare function clientHost(client: unknown): PgHost | undefined;
export {};
