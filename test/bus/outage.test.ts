/**
 * The bus is down while tasks keep finishing: once it is back, every done message is published
 * (none missing) and every task's events arrive in order. NATS and Redis: a private server is
 * stopped; RabbitMQ (shared): a TCP proxy refuses connections. The outage lasts until the
 * outbox's publishes have failed and are waiting for a retry (NATS: no PubAck within the
 * client's 5 s; RabbitMQ: no connection within 10 s), so what brings the messages out is the
 * retry; Redis's client never fails a command (it queues them until it reconnects), so there
 * the outage lasts until every task has finished. The three run concurrently.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { BusMessage } from '../../src/bus/bus.js';
import { openBus } from '../../src/bus/open.js';
import { Outbox } from '../../src/bus/outbox.js';
import { createLogger } from '../../src/logger.js';
import { Taskframe } from '../../src/taskframe.js';
import { serviceAvailable } from '../helpers/services.js';
import { freshSqlite } from '../helpers/stores.js';
import { startPrivateNats, startPrivateRedis, TcpProxy } from './brokers.js';
import { Collector, dropTopics, uniqueTopic } from './helpers.js';

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch((e) => console.error(e));
});

async function waitUntil(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function scenario(o: { publishUrl: string; readUrl: string; down: () => Promise<void>; up: () => Promise<void>; publishesFail: boolean }) {
  const ts = await freshSqlite();
  const tf = await Taskframe.open({ store: ts.store });
  const pubBus = await openBus(o.publishUrl);
  const readBus = await openBus(o.readUrl);
  cleanups.push(async () => {
    await pubBus.close();
    await readBus.close();
    await tf.close();
    await ts.cleanup();
  });
  const doneTopic = uniqueTopic('done');
  const eventsTopic = uniqueTopic('events');
  const done = new Collector();
  const events = new Collector();
  const sink = (c: Collector) => async (m: BusMessage) => {
    await m.ack();
    c.push(m);
  };
  await readBus.subscribe(doneTopic, sink(done), { group: 'reader', maxInFlight: 1000 });
  await readBus.subscribe(eventsTopic, sink(events), { group: 'reader', maxInFlight: 1000 });
  const outbox = new Outbox({ bus: pubBus, engine: tf.engine, doneTopic, eventsTopic, name: doneTopic, retryDelayMs: 200, logger: createLogger({ level: 'silent' }) }).start();
  cleanups.push(() => outbox.stop());
  const worker = tf.worker({ handlers: { job: async (p: { i: number }) => ({ i: p.i }) }, maintenance: false, concurrency: 8 }).start();
  cleanups.push(() => worker.stop());

  const enqueue = async (from: number, n: number) => {
    for (let i = from; i < from + n; i++) await tf.enqueue('job', { i }, { maxAttempts: 1 });
  };
  const finished = async (n: number) => ((await ts.store.taskList({ states: ['succeeded'], limit: n + 1 })).length >= n);
  const distinct = (c: Collector) => new Set(c.messages.map((m) => m.id)).size;

  await enqueue(0, 100);
  await done.until(() => distinct(done) >= 100, 20_000, 'the first 100 done messages');
  await o.down();
  const failedWhileDown = o.publishesFail ? new Promise((resolve) => outbox.once('error', resolve)) : Promise.resolve();
  await enqueue(100, 200);
  await waitUntil(() => finished(300), '300 finished tasks while the bus is down');
  const whileDown = distinct(done);
  await failedWhileDown;
  const failures = outbox.stats.failures;
  await o.up();
  const upAt = Date.now();
  await done.until(() => distinct(done) >= 300, 45_000, 'all 300 done messages');
  const recoveredInMs = Date.now() - upAt;
  await events.until(() => new Set(events.messages.filter((m) => JSON.parse(m.data.toString()).type === 'succeeded').map((m) => m.id)).size >= 300, 45_000, 'all succeeded events');

  const doneBodies = [...new Map(done.messages.map((m) => [m.id, JSON.parse(m.data.toString())])).values()];
  expect(doneBodies.map((d) => d.output.i).sort((a, b) => a - b)).toEqual([...Array(300).keys()]);
  expect(doneBodies.every((d) => d.result === 'complete' && d.type === 'job')).toBe(true);
  // Per task, the first delivery of each event id comes in the order the events happened.
  const byTask = new Map<string, Array<{ id: number; type: string }>>();
  const seen = new Set<string>();
  for (const m of events.messages) {
    if (seen.has(m.id)) continue;
    seen.add(m.id);
    const e = JSON.parse(m.data.toString());
    byTask.set(e.taskId, [...(byTask.get(e.taskId) ?? []), { id: Number(e.id), type: e.type }]);
  }
  expect(byTask.size).toBe(300);
  for (const list of byTask.values()) {
    expect(list.map((e) => e.type)).toEqual(['created', 'claimed', 'succeeded']);
    expect(list.map((e) => e.id)).toEqual([...list.map((e) => e.id)].sort((a, b) => a - b));
  }
  return { whileDown, failures, recoveredInMs, duplicates: done.messages.length - 300 };
}

afterAll(() => dropTopics());

describe('bus down during egress', () => {
  it.concurrent('NATS JetStream (private server stopped until a publish has failed)', async (ctx) => {
    if (!(await serviceAvailable('NATS', '127.0.0.1', 4222))) return ctx.skip();
    const nats = await startPrivateNats();
    cleanups.push(() => nats.dispose());
    const r = await scenario({ publishUrl: nats.url, readUrl: nats.url, down: () => nats.stop(), up: () => nats.start(), publishesFail: true });
    expect(r.whileDown).toBeLessThan(300);
    expect(r.failures).toBeGreaterThan(0);
    console.log(`nats: ${r.whileDown} done messages published before the outage hid the rest; all out ${r.recoveredInMs} ms after it; ${r.duplicates} duplicates`);
  });

  it.concurrent('Redis Streams (private server stopped until every task has finished)', async (ctx) => {
    if (!(await serviceAvailable('Redis', '127.0.0.1', 6379))) return ctx.skip();
    const redis = await startPrivateRedis();
    cleanups.push(() => redis.dispose());
    const r = await scenario({ publishUrl: redis.url, readUrl: redis.url, down: () => redis.stop(), up: () => redis.start(), publishesFail: false });
    expect(r.whileDown).toBeLessThan(300);
    console.log(`redis: ${r.whileDown} before; all out ${r.recoveredInMs} ms after; ${r.duplicates} duplicates`);
  });

  it.concurrent('RabbitMQ (TCP proxy refusing connections until a publish has failed)', async (ctx) => {
    if (!(await serviceAvailable('RabbitMQ', '127.0.0.1', 5672))) return ctx.skip();
    const proxy = await new TcpProxy('127.0.0.1', 5672).listen();
    cleanups.push(() => proxy.dispose());
    const r = await scenario({
      publishUrl: `amqp://guest:guest@127.0.0.1:${proxy.port}`,
      readUrl: 'amqp://guest:guest@127.0.0.1:5672',
      down: () => proxy.cut(),
      up: async () => void (await proxy.restore()),
      publishesFail: true,
    });
    expect(r.whileDown).toBeLessThan(300);
    expect(r.failures).toBeGreaterThan(0);
    console.log(`amqp: ${r.whileDown} before; all out ${r.recoveredInMs} ms after; ${r.duplicates} duplicates`);
  });
});
