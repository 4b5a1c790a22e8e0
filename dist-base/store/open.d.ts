import type { HistoryMode } from '../model/history.js';
import type { Store } from './store.js';
export declare const DEFAULT_STORE_URL = "sqlite:./taskframe.db";
export interface OpenStoreOptions {
    migrate?: boolean;
    /** PostgreSQL: connections in the pool. */
    poolSize?: number;
    /** PostgreSQL: write batches in flight at once, each on its own connection (default 2). */
    pipelineDepth?: number;
    /** PostgreSQL: schema to use (created if missing). */
    schema?: string;
    /** SQLite: apply writes on a dedicated thread (default when available); a path names the thread script. */
    writerThread?: boolean | string;
    /** SQLite: checkpoint on a background thread (default when available); a path names the thread script. */
    checkpointThread?: boolean | string;
    /** What a finished task leaves behind: `full` (default), `compact` or `none` (src/model/history.ts). */
    history?: HistoryMode;
}
export declare function openStore(url?: string, options?: OpenStoreOptions): Promise<Store>;
