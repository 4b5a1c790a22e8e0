/**
 * Connections: a pool and one-off clients for a parsed URL (url.ts), which server of several
 * hosts they go to (hosts.ts), and PostgreSQL's failures turned into errors that say what is
 * wrong — at start (wrong URL, unknown database, missing privileges: StoreOpenError) or at any
 * time (refused, cut off, restarting, failing over: StoreUnavailableError, retryable).
 * `pg` is imported lazily here so a SQLite user never loads it.
 */
import type { Client, Pool, PoolConfig } from 'pg';
import { StoreUnavailableError } from '../../model/errors.js';
import { HostSelector } from './hosts.js';
import { type PgTarget } from './url.js';
export { DEFAULT_SCHEMA, parsePgUrl, hostList, type PgTarget, type PgHost, type SessionAttrs } from './url.js';
export { HostSelector } from './hosts.js';
export declare const DEFAULT_POOL_SIZE = 10;
export declare const RAW_JSON_TYPES: {
    getTypeParser(oid: number, format?: "text" | "binary"): (v: string) => unknown;
};
/** What the server does about a client that stopped answering (see createPool). */
export declare const IDLE_IN_TRANSACTION_MS = 10000;
export declare function createPool(target: PgTarget, size: number, selector?: HostSelector, extra?: Partial<PoolConfig>): Promise<Pool>;
/** A one-off client with the same settings (LISTEN, tests); the caller listens for its errors. */
export declare function createClient(target: PgTarget, selector?: HostSelector): Promise<Client>;
/**
 * Whether an error means the connection or the server failed (the request may be fine and may
 * work again in a moment), as opposed to a request the server refused.
 */
export declare function isConnectionFailure(err: unknown): boolean;
/** The StoreUnavailableError for a connection failure, naming where and what. */
export declare function unavailableError(target: PgTarget, err: unknown, prefix?: string): StoreUnavailableError;
/**
 * Maps a failure while opening or migrating: a StoreOpenError when the URL or the database is
 * wrong (the same again will fail again), a StoreUnavailableError when it could not be reached
 * (it may work in a moment), both naming host and port.
 */
export declare function openError(target: PgTarget, err: unknown): Error;
