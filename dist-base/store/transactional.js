import { systemClock } from '../model/clock.js';
import { ValidationError } from '../model/errors.js';
import { batchInserts } from './inserts.js';
export async function enqueueInTransaction(store, client, specs, options = {}) {
    const s = store;
    if (store.driver !== 'postgres' || typeof s.enqueueInTransaction !== 'function') {
        throw new ValidationError('store', `transactional enqueue needs the PostgreSQL store; this one is ${store.driver}`);
    }
    if (!client || typeof client.query !== 'function')
        throw new ValidationError('client', 'must be a pg Client or PoolClient');
    const now = (options.clock ?? systemClock).now();
    const inserts = batchInserts(specs, now);
    if (inserts.length === 0)
        return [];
    return s.enqueueInTransaction(client, inserts, now);
}
//# sourceMappingURL=transactional.js.map