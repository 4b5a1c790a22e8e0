/**
 * Shared by the bus tests: the four buses on this machine, unique topic names (so test files
 * run in parallel), and waiting for messages by event rather than by sleeping.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Bus, BusMessage, SubscribeOptions, Subscription } from '../../src/bus/bus.js';
import { serviceAvailable } from '../helpers/services.js';
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

export function uniqueTopic(prefix = 't'): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
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
