/**
 * Transactional enqueue: a task written on the caller's own connection inside their
 * transaction exists if and only if that transaction commits.
 */
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/model/errors.js';
import { enqueueInTransaction } from '../../src/store/transactional.js';
import { Taskframe } from '../../src/taskframe.js';
import type { Store } from '../../src/store/store.js';
import { freshStore, type TestStore } from '../helpers/stores.js';
import { PG_URL } from '../helpers/services.js';
import { PG_UP } from './pg-available.js';

describe.skipIf(!PG_UP)('postgres: transactional enqueue', () => {
  let ts: TestStore;
  let store: Store;
  let client: pg.Client;

  beforeEach(async () => {
    ts = await freshStore('postgres');
    store = ts.store;
    // The caller's own connection: default search_path, their own table in their own schema.
    client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`CREATE TEMP TABLE orders (id int PRIMARY KEY)`);
  });
  afterEach(async () => {
    await client.end();
    await ts.cleanup();
  });

  it('a committed transaction leaves exactly one task, with the caller data', async () => {
    await client.query('BEGIN');
    await client.query('INSERT INTO orders VALUES (1)');
    const [t] = await enqueueInTransaction(store, client, [{ name: 'order.confirm', payload: { order: 1 }, priority: 3 }]);
    // Not visible to anyone else before the caller commits.
    expect(await store.taskGet({ id: t!.id })).toBeNull();
    await client.query('COMMIT');
    const got = await store.taskList({ limit: 10 });
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ id: t!.id, name: 'order.confirm', state: 'pending', priority: 3, payload: { order: 1 } });
    expect((await store.eventList({ taskIds: [t!.id], limit: 10 })).map((e) => e.type)).toEqual(['created']);
    expect((await client.query('SELECT count(*)::int AS n FROM orders')).rows[0].n).toBe(1);
  });

  it('through the facade (tf.enqueueInTransaction): the same, at the caller commit', async () => {
    const tf = await Taskframe.open({ store });
    await client.query('BEGIN');
    const [t] = await tf.enqueueInTransaction(client, [{ name: 'order.confirm', payload: { order: 4 } }]);
    expect(await tf.engine.find(t!.id)).toBeNull();
    await client.query('COMMIT');
    expect(await tf.get(t!.id)).toMatchObject({ name: 'order.confirm', state: 'pending', payload: { order: 4 } });
    await tf.engine.flush();
  });

  it('takes a chain with after, as enqueueMany does: it commits with the caller data, blocked on each other', async () => {
    await client.query('BEGIN');
    await client.query('INSERT INTO orders VALUES (5)');
    const [a, b] = await enqueueInTransaction(store, client, [{ name: 'order.charge' }, { name: 'order.ship', after: [0] }]);
    await client.query('COMMIT');
    expect((await store.taskGet({ id: b!.id }))?.state).toBe('blocked');
    expect(await store.taskDepsList({ taskIds: [b!.id] })).toEqual([{ taskId: b!.id, depId: a!.id }]);
    await client.query('BEGIN');
    await expect(enqueueInTransaction(store, client, [{ name: 'x', after: [0] }])).rejects.toThrow(/tasks\[0\]\.after\[0\]/);
    await client.query('ROLLBACK');
    expect(await store.taskList({ limit: 10 })).toHaveLength(2);
  });

  it('a rolled-back transaction leaves no task and no event', async () => {
    await client.query('BEGIN');
    await client.query('INSERT INTO orders VALUES (2)');
    const [t] = await enqueueInTransaction(store, client, [{ name: 'order.confirm', payload: { order: 2 } }, { name: 'audit', key: 'k2' }]);
    await client.query('ROLLBACK');
    expect(await store.taskList({ limit: 10 })).toEqual([]);
    expect(await store.eventList({ taskIds: [t!.id], limit: 10 })).toEqual([]);
    expect(await store.taskCountLive({})).toEqual({});
  });

  it("restores the caller's search_path, so their own unqualified tables still resolve", async () => {
    const before = (await client.query(`SELECT current_setting('search_path') AS p`)).rows[0].p;
    await client.query('BEGIN');
    await enqueueInTransaction(store, client, [{ name: 'x' }]);
    expect((await client.query(`SELECT current_setting('search_path') AS p`)).rows[0].p).toBe(before);
    await client.query('INSERT INTO orders VALUES (3)');
    await client.query('COMMIT');
    expect(await store.taskList({ limit: 10 })).toHaveLength(1);
  });

  it('refuses a connection that is not inside a transaction, and writes nothing', async () => {
    await expect(enqueueInTransaction(store, client, [{ name: 'x' }])).rejects.toThrow(/not inside a transaction/);
    expect(await store.taskList({ limit: 10 })).toEqual([]);
  });

  it('bad input is a ValidationError naming the field, before anything is written', async () => {
    await client.query('BEGIN');
    const err = await enqueueInTransaction(store, client, [{ name: 'ok' }, { name: 'bad name!' }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).field).toBe('tasks[1].name');
    await client.query('COMMIT');
    expect(await store.taskList({ limit: 10 })).toEqual([]);
  });

  it('a task enqueued in a transaction can depend on a task that already exists', async () => {
    await client.query('BEGIN');
    const [a] = await enqueueInTransaction(store, client, [{ name: 'a' }]);
    const [b] = await enqueueInTransaction(store, client, [{ name: 'b', dependsOn: [a!.id] }]);
    await client.query('COMMIT');
    expect((await store.taskGet({ id: b!.id }))?.state).toBe('blocked');
    expect(await store.taskDepsList({ taskIds: [b!.id] })).toEqual([{ taskId: b!.id, depId: a!.id }]);
  });
});
