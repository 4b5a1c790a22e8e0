/**
 * A bridge's outbox on PostgreSQL with several processes writing at once: every task that
 * finishes gets its done message, once. Concurrent transactions commit out of id order; an outbox
 * that followed the feed by id alone stepped past the events of a transaction that committed after
 * it read, and those tasks never got a done message (docs/bus.md).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Bus } from '../../src/bus/bus.js';
import { openBus } from '../../src/bus/open.js';
import { Outbox } from '../../src/bus/outbox.js';
import { Taskframe } from '../../src/taskframe.js';
import { feedSettled, freshStore, type TestStore } from '../helpers/stores.js';
import { serviceAvailable } from '../helpers/services.js';
import { PG_UP } from '../postgres/pg-available.js';
import { collect, dropTopics, uniqueTopic } from './helpers.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await dropTopics();
});

describe.skipIf(!PG_UP)('outbox on PostgreSQL beside three busy writers', () => {
  it('publishes one done message for every task, whichever transaction committed first', async (ctx) => {
    if (!(await serviceAvailable('Redis', '127.0.0.1', 6379))) return ctx.skip();
    const ts: TestStore = await freshStore('postgres');
    cleanups.push(() => ts.cleanup());
    const bus: Bus = await openBus('redis://127.0.0.1:6379');
    cleanups.push(() => bus.close());
    const doneTopic = uniqueTopic('pg-outbox-done');
    const done = await collect(bus, doneTopic, { group: 'inspect' });
    cleanups.push(() => done.sub.close());
    const tfs = await Promise.all([0, 1, 2].map(() => Taskframe.open({ db: ts.url })));
    cleanups.push(() => Promise.all(tfs.map((tf) => tf.close())));
    const outbox = new Outbox({ bus, engine: tfs[0]!.engine, doneTopic, name: doneTopic, from: 'beginning' });
    outbox.start();
    cleanups.push(() => outbox.stop());
    const workers = tfs.map((tf) => tf.worker({ handlers: { t: () => 'ok' }, concurrency: 20, maintenance: false }).start());
    cleanups.push(() => Promise.all(workers.map((w) => w.stop())));

    const ids = new Set<string>();
    await Promise.all(
      tfs.map(async (tf) => {
        for (let i = 0; i < 8; i++) {
          for (const t of await tf.enqueueMany(Array.from({ length: 40 }, () => ({ name: 't' })))) ids.add(t.id);
          for (const t of await Promise.all(Array.from({ length: 10 }, () => tf.enqueue('t')))) ids.add(t.id);
        }
      }),
    );
    expect(ids.size).toBe(3 * 8 * 50);
    await done.c.until(() => new Set(done.c.messages.map((m) => m.id)).size >= ids.size, 45_000, `${ids.size} done messages`);
    await feedSettled(ts.store);
    // Every task once: ids are done:<task>:<event>, one succeeded event per task.
    const tasks = done.c.messages.map((m) => m.id.split(':')[1]!);
    expect(new Set(tasks)).toEqual(ids);
    expect(tasks.length).toBe(ids.size);
    expect(outbox.stats.published).toBe(ids.size);
  }, 60_000);
});
