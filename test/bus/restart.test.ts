/**
 * A broker restart in the middle of a 20,000-task ingress: every task is enqueued exactly once.
 * NATS and Redis: a private server (own port, own data directory) is really stopped and started
 * again. RabbitMQ: the machine's broker is shared, so a TCP proxy between client and broker
 * drops every connection and refuses new ones until the client has tried to come back. File bus: the consuming
 * side is closed mid-stream and a new one opened on the same directory (a process restart).
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Bus } from '../../src/bus/bus.js';
import { Ingress } from '../../src/bus/ingress.js';
import { openBus } from '../../src/bus/open.js';
import { Taskframe } from '../../src/taskframe.js';
import type { Store } from '../../src/store/store.js';
import { serviceAvailable } from '../helpers/services.js';
import { freshSqlite, tempDir } from '../helpers/stores.js';
import { startPrivateNats, startPrivateRedis, TcpProxy } from './brokers.js';
import { dropTopics, uniqueTopic } from './helpers.js';

const N = 20_000;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch((e) => console.error(e));
});

async function publishAll(bus: Bus, topic: string): Promise<void> {
  for (let i = 0; i < N; i += 500) {
    await Promise.all(
      [...Array(Math.min(500, N - i)).keys()].map((k) => {
        const n = i + k;
        return bus.publish(topic, JSON.stringify({ type: 'load.item', task: String(n), created: '2026-01-01T00:00:00Z' }), { id: `m${n}` });
      }),
    );
  }
}

/** Every task in the store, by paging (newest first). */
async function allTasks(store: Store): Promise<string[]> {
  const out: string[] = [];
  let beforeId: string | undefined;
  for (;;) {
    const page = await store.taskList({ limit: 5000, beforeId });
    if (page.length === 0) return out;
    for (const t of page) out.push((t.payload as { task: string }).task);
    beforeId = page[page.length - 1]!.id;
  }
}

async function waitUntil(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Publishes N tasks, starts ingress on `consumeUrl`, calls `disrupt` once a quarter is in,
 * and checks that every task arrives exactly once.
 */
async function scenario(o: { publishUrl: string; consumeUrl: string; disrupt: (ingress: { restart: () => Promise<void> }) => Promise<void> }) {
  const ts = await freshSqlite();
  const tf = await Taskframe.open({ store: ts.store });
  cleanups.push(async () => {
    await tf.close();
    await ts.cleanup();
  });
  const topic = uniqueTopic('load');
  const publisher = await openBus(o.publishUrl);
  await publisher.subscribe(topic, async () => undefined, { group: 'unused' }).then((s) => s.close()); // make the topic exist
  await publishAll(publisher, topic);
  await publisher.close();

  let bus = await openBus(o.consumeUrl);
  const make = () => new Ingress({ bus, engine: tf.engine, topic, maxInFlight: 1000, ackWaitMs: 2_000 });
  let ingress = await make().start();
  const stats = { created: 0, duplicates: 0 };
  const current = () => ({ created: stats.created + ingress.stats.created, duplicates: stats.duplicates + ingress.stats.duplicates });
  cleanups.push(async () => {
    await ingress.stop();
    await bus.close();
  });
  await waitUntil(() => current().created >= N / 4, 'a quarter of the tasks');
  const t0 = Date.now();
  await o.disrupt({
    restart: async () => {
      await ingress.stop();
      await bus.close();
      stats.created += ingress.stats.created;
      stats.duplicates += ingress.stats.duplicates;
      bus = await openBus(o.consumeUrl);
      ingress = await make().start();
    },
  });
  await waitUntil(async () => ((await ts.store.taskCountLive({})).pending ?? 0) >= N, `${N} tasks`);
  const names = await allTasks(ts.store);
  expect(names.length).toBe(N);
  expect(new Set(names).size).toBe(N);
  expect(current().created).toBe(N);
  return { duplicates: current().duplicates, recoveredInMs: Date.now() - t0 };
}

afterAll(() => dropTopics());

describe('broker restart during a 20,000-task ingress', () => {
  it('NATS JetStream (private server stopped and started again)', async (ctx) => {
    if (!(await serviceAvailable('NATS', '127.0.0.1', 4222))) return ctx.skip();
    const nats = await startPrivateNats();
    cleanups.push(() => nats.dispose());
    const r = await scenario({
      publishUrl: nats.url,
      consumeUrl: nats.url,
      disrupt: async () => {
        await nats.stop();
        await nats.start();
      },
    });
    console.log(`nats: restarted mid-ingress; ${r.duplicates} redeliveries deduplicated`);
  });

  it('Redis Streams (private server with AOF stopped and started again)', async (ctx) => {
    if (!(await serviceAvailable('Redis', '127.0.0.1', 6379))) return ctx.skip();
    const redis = await startPrivateRedis();
    cleanups.push(() => redis.dispose());
    const r = await scenario({
      publishUrl: redis.url,
      consumeUrl: redis.url,
      disrupt: async () => {
        await redis.stop();
        await redis.start();
      },
    });
    console.log(`redis: restarted mid-ingress; ${r.duplicates} redeliveries deduplicated`);
  });

  it('RabbitMQ (every connection cut by a TCP proxy, new ones refused until the client has tried twice)', async (ctx) => {
    if (!(await serviceAvailable('RabbitMQ', '127.0.0.1', 5672))) return ctx.skip();
    const proxy = await new TcpProxy('127.0.0.1', 5672).listen();
    cleanups.push(() => proxy.dispose());
    const r = await scenario({
      publishUrl: 'amqp://guest:guest@127.0.0.1:5672',
      consumeUrl: `amqp://guest:guest@127.0.0.1:${proxy.port}`,
      disrupt: async () => {
        await proxy.cut();
        // The outage lasts until the consumer has tried to reconnect and been turned away twice.
        await proxy.refused(2);
        await proxy.restore();
      },
    });
    console.log(`amqp: connections cut mid-ingress; ${r.duplicates} redeliveries deduplicated`);
  });

  it('file bus (consumer closed mid-stream and reopened)', async () => {
    const url = `file:${tempDir('taskframe-bus-')}/bus`;
    const r = await scenario({ publishUrl: url, consumeUrl: url, disrupt: (ingress) => ingress.restart() });
    console.log(`file: reopened mid-ingress; ${r.duplicates} redeliveries deduplicated`);
  });
});
