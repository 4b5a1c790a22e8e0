/**
 * Shared by the bus tests: the four buses on this machine, unique topic names (so test files
 * run in parallel), and waiting for messages by event rather than by sleeping.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Bus, BusMessage, SubscribeOptions, Subscription } from '../../src/bus/bus.js';
import { natsStreamName } from '../../src/bus/nats.js';
import { serviceAvailable, tcpReachable } from '../helpers/services.js';
import { tempDir } from '../helpers/stores.js';

export interface BusTarget {
  name: 'nats' | 'amqp' | 'redis' | 'file';
  /** A URL for this test (the file bus gets a fresh directory each call). */
  url(): string;
  /** Resolves false (skip) or throws in CI when the broker is unreachable. */
  available(): Promise<boolean>;
  /** Several subscribers of one group share the messages (the file bus allows one per group). */
  competing: boolean;
}

export const BUS_TARGETS: BusTarget[] = [
  { name: 'nats', url: () => 'nats://127.0.0.1:4222', available: () => serviceAvailable('NATS', '127.0.0.1', 4222), competing: true },
  { name: 'amqp', url: () => 'amqp://guest:guest@127.0.0.1:5672', available: () => serviceAvailable('RabbitMQ', '127.0.0.1', 5672), competing: true },
  { name: 'redis', url: () => 'redis://127.0.0.1:6379', available: () => serviceAvailable('Redis', '127.0.0.1', 6379), competing: true },
  { name: 'file', url: () => `file:${path.join(tempDir('taskframe-bus-'), 'bus')}`, available: async () => true, competing: false },
];

/** Topics made by this test file, removed from the shared brokers by dropTopics(). */
const madeTopics = new Set<string>();

export function uniqueTopic(prefix = 't'): string {
  const t = `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  madeTopics.add(t);
  madeTopics.add(`${t}.dead`);
  return t;
}

/**
 * Deletes, on the machine's shared brokers, every topic uniqueTopic() handed out (JetStream
 * streams, RabbitMQ queues, Redis streams), so test runs leave nothing behind.
 */
export async function dropTopics(): Promise<void> {
  const topics = [...madeTopics];
  madeTopics.clear();
  if (topics.length === 0) return;
  if (await tcpReachable('127.0.0.1', 4222)) {
    const nats = await import('nats');
    const nc = await nats.connect({ servers: '127.0.0.1:4222' });
    const jsm = await nc.jetstreamManager();
    for (const t of topics) await jsm.streams.delete(natsStreamName(t)).catch(() => undefined);
    await nc.close();
  }
  if (await tcpReachable('127.0.0.1', 5672)) {
    const amqp = await import('amqplib');
    const conn = await amqp.connect('amqp://guest:guest@127.0.0.1:5672');
    for (const t of topics) {
      // A channel dies with a failed delete (e.g. a queue in use); take a fresh one each time.
      const ch = await conn.createChannel();
      ch.on('error', () => undefined);
      await ch.deleteQueue(t).catch(() => undefined);
      await ch.close().catch(() => undefined);
    }
    await conn.close();
  }
  if (await tcpReachable('127.0.0.1', 6379)) {
    const { Redis } = await import('ioredis');
    const r = new Redis('redis://127.0.0.1:6379');
    await r.del(...topics);
    r.disconnect();
  }
}

/** Resolves when `predicate` holds, checking on every message the collector sees. */
export class Collector {
  readonly messages: BusMessage[] = [];
  private waiters: Array<{ check: () => boolean; resolve: () => void }> = [];

  push(m: BusMessage): void {
    this.messages.push(m);
    this.waiters = this.waiters.filter((w) => {
      if (!w.check()) return true;
      w.resolve();
      return false;
    });
  }

  until(check: () => boolean, timeoutMs = 15_000, what = 'messages'): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timed out waiting for ${what} (have ${this.messages.length})`)), timeoutMs);
      this.waiters.push({
        check,
        resolve: () => {
          clearTimeout(t);
          resolve();
        },
      });
    });
  }

  count(n: number, timeoutMs?: number): Promise<void> {
    return this.until(() => this.messages.length >= n, timeoutMs, `${n} messages`);
  }

  texts(): string[] {
    return this.messages.map((m) => m.data.toString());
  }
}

/** Subscribes with a collector; `ack` decides per message whether to ack it. */
export async function collect(
  bus: Bus,
  topic: string,
  options: SubscribeOptions & { ack?: (m: BusMessage) => boolean; into?: Collector } = {},
): Promise<{ c: Collector; sub: Subscription }> {
  const { ack = () => true, into, ...subOpts } = options;
  const c = into ?? new Collector();
  const sub = await bus.subscribe(
    topic,
    async (m) => {
      if (ack(m)) await m.ack();
      c.push(m);
    },
    subOpts,
  );
  return { c, sub };
}
