import { Engine } from './engine/engine.js';
import { createLogger } from './logger.js';
import { Maintenance } from './scheduler/maintenance.js';
import { DEFAULT_STORE_URL, openStore } from './store/open.js';
// Type-only use of pg inside: importing this does not load the pg package.
import { enqueueInTransaction } from './store/transactional.js';
import { defaultWorkerId, Worker } from './worker/worker.js';
export class Taskframe {
    store;
    engine;
    logger;
    workers = new Set();
    maintenance = null;
    constructor(store, options) {
        this.store = store;
        this.engine = new Engine({ store, clock: options.clock, random: options.random });
        this.logger = options.logger ?? createLogger();
    }
    static async open(options = {}) {
        const store = options.store ?? (await openStore(options.db ?? DEFAULT_STORE_URL, options));
        return new Taskframe(store, options);
    }
    enqueue(name, payload, options) {
        return this.engine.enqueue(name, payload, options);
    }
    /**
     * All or none, in one transaction. `after` on a spec names earlier specs of the same call by
     * index, so a chain or a DAG goes in at once:
     *   await tf.enqueueMany([{ name: 'fetch' }, { name: 'resize', after: [0] }, { name: 'publish', after: [1] }]);
     */
    enqueueMany(specs) {
        return this.engine.enqueueMany(specs);
    }
    get(id) {
        return this.engine.get(id);
    }
    events(id) {
        return this.engine.events([id]);
    }
    cancel(id, reason) {
        return this.engine.cancel(id, reason);
    }
    retry(id) {
        return this.engine.retry(id);
    }
    /**
     * PostgreSQL only: enqueues on the caller's own connection, inside the caller's transaction, so
     * the tasks exist if and only if that transaction commits (docs/postgres.md).
     */
    enqueueInTransaction(client, specs) {
        return enqueueInTransaction(this.store, client, specs, { clock: this.engine.clock });
    }
    /** Applies pending schema migrations (open with `migrate: false` to do it only here). */
    migrate() {
        return this.store.migrate();
    }
    /**
     * A worker for the given handlers. Unless `maintenance: false`, the process also takes part
     * in maintenance (lease reaping, retention) under leader election.
     */
    worker(options) {
        const { maintenance, ...workerOptions } = options;
        const w = new Worker(this.engine, { logger: this.logger, ...workerOptions });
        this.workers.add(w);
        if (maintenance !== false)
            this.startMaintenance(typeof maintenance === 'object' ? maintenance : {});
        return w;
    }
    startMaintenance(options = {}) {
        if (!this.maintenance) {
            this.maintenance = new Maintenance(this.engine, { holderId: defaultWorkerId(), logger: this.logger, ...options }).start();
        }
        return this.maintenance;
    }
    /** Stops workers (gracefully) and maintenance, then closes the store. */
    async close() {
        await Promise.all([...this.workers].map((w) => w.stop()));
        this.workers.clear();
        await this.maintenance?.stop();
        this.maintenance = null;
        await this.engine.flush();
        await this.store.close();
    }
}
//# sourceMappingURL=taskframe.js.map