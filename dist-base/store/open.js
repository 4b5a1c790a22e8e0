/**
 * Opens a store from one URL: `sqlite:./taskframe.db`, `sqlite::memory:`, `postgres://…`.
 * Drivers are imported lazily so a SQLite user never loads `pg`.
 */
import { StoreOpenError } from '../model/errors.js';
export const DEFAULT_STORE_URL = 'sqlite:./taskframe.db';
export async function openStore(url = DEFAULT_STORE_URL, options = {}) {
    if (url.startsWith('sqlite:')) {
        const file = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
        if (file.length === 0)
            throw new StoreOpenError(url, 'no file name after "sqlite:" (e.g. sqlite:./taskframe.db)');
        const { SqliteStore } = await import('./sqlite/driver.js');
        return SqliteStore.open(file, { migrate: options.migrate, writerThread: options.writerThread, checkpointThread: options.checkpointThread, history: options.history });
    }
    if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
        // A variable specifier keeps this file compiling while the driver is optional.
        const driverPath = './postgres/driver.js';
        const mod = (await import(driverPath).catch((err) => {
            throw new StoreOpenError(url, `the PostgreSQL driver could not be loaded: ${err.message}`, { cause: err });
        }));
        return mod.PostgresStore.open(url, options);
    }
    throw new StoreOpenError(url, 'unknown store URL scheme (use sqlite:FILE or postgres://…)');
}
//# sourceMappingURL=open.js.map