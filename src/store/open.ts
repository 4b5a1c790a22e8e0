/**
 * Opens a store from one URL: `sqlite:./taskframe.db`, `sqlite::memory:`, `postgres://…`.
 * Drivers are imported lazily so a SQLite user never loads `pg`.
 */
import { StoreOpenError } from '../model/errors.js';
import type { HistoryMode } from '../model/history.js';
import type { Store } from './store.js';

export const DEFAULT_STORE_URL = 'sqlite:./taskframe.db';

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

export async function openStore(url: string = DEFAULT_STORE_URL, options: OpenStoreOptions = {}): Promise<Store> {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (file.length === 0) throw new StoreOpenError(url, 'no file name after "sqlite:" (e.g. sqlite:./taskframe.db)');
    const { SqliteStore } = await import('./sqlite/driver.js');
    return SqliteStore.open(file, { migrate: options.migrate, writerThread: options.writerThread, checkpointThread: options.checkpointThread, history: options.history });
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    // A variable specifier keeps this file compiling while the driver is optional.
    const driverPath = './postgres/driver.js';
    const mod = (await import(driverPath).catch((err: unknown) => {
      throw new StoreOpenError(url, `the PostgreSQL driver could not be loaded: ${(err as Error).message}`, { cause: err });
    })) as { PostgresStore: { open(url: string, o: OpenStoreOptions): Promise<Store> } };
    return mod.PostgresStore.open(url, options);
  }
  throw new StoreOpenError(url, 'unknown store URL scheme (use sqlite:FILE or postgres://…)');
}
