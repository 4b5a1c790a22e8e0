/**
 * Transactional enqueue: tasks written inside the caller's own PostgreSQL transaction, on
 * their own connection, so a task exists if and only if the caller's data commits.
 *
 *   const client = await myPool.connect();
 *   await client.query('BEGIN');
 *   await client.query('INSERT INTO orders …');
 *   await tf.enqueueInTransaction(client, [{ name: 'order.confirm', payload: { id } }]); // or enqueueInTransaction(store, client, …)
 *   await client.query('COMMIT'); // the task appears now, and workers are woken now
 *
 * Specs are validated before anything is written (a ValidationError names the field); `after`
 * links tasks of the same call, as in enqueueMany. The caller's session settings are left as
 * they were. The caller's connection must reach the same database as the store.
 */
import type { ClientBase } from 'pg';
import { type Clock } from '../model/clock.js';
import type { Task } from '../model/task.js';
import type { BatchSpec } from '../model/spec.js';
import type { Store } from './store.js';
export declare function enqueueInTransaction(store: Store, client: ClientBase, specs: BatchSpec[], options?: {
    clock?: Clock;
}): Promise<Task[]>;
