/**
 * A worker that starts listening while the database is down (it went away between opening the
 * store and the first LISTEN) is told so, and still hears wake-ups once the database is back:
 * listening is retried in the background, not given up.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { resolveSpec } from '../../src/model/spec.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { PgServer, privatePgAvailable } from '../helpers/pg-server.js';
import { until } from '../helpers/proc.js';

const CAN_RUN = privatePgAvailable();

describe.skipIf(!CAN_RUN)('postgres: LISTEN while the database is down', () => {
  let db: PgServer | undefined;
  const stores: Store[] = [];
  afterAll(async () => {
    for (const s of stores) await s.close();
    await db?.remove();
  });

  it('fails the first subscribe, then listens once the database is back and hears wake-ups', async () => {
    db = await PgServer.init({ name: 'wake' });
    await db.start();
    const url = db.url('postgres', 'schema=wake');
    const listener = await openStore(url);
    stores.push(listener);
    await db.stop('fast');
    const heard: string[] = [];
    await expect(listener.subscribeWake!((q) => heard.push(q))).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await db.start();
    const writer = await openStore(url);
    stores.push(writer);
    // Enqueue until one is heard (the first may go out before LISTEN has taken effect).
    await until(async () => {
      await writer.writeBatch({ now: Date.now(), taskInsert: [{ task: resolveSpec({ name: 'x', queue: 'after' }, Date.now()) }] });
      return heard.includes('after');
    }, 'a wake-up for the queue', 20_000, 200);
  });
});
