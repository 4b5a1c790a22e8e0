/**
 * RabbitMQ adapter over AMQP 0-9-1 (`amqplib`, loaded only here). A topic is a durable queue
 * of that name (so a plain client can `sendToQueue` to it and nothing published before the
 * first subscriber is lost); every subscriber of it competes for its messages, whatever its
 * group. Messages are persistent; publishing waits for the publisher confirm; consumers ack
 * by hand with a prefetch of `maxInFlight`. The adapter reconnects on its own and re-creates
 * its consumers; messages unacked when a connection dies are redelivered by the broker.
 *
 * A message larger than the broker's `max_message_size` (RabbitMQ: 128 MiB by default in 3.8 to
 * 3.13, 16 MiB from 4.0) is refused for good. AMQP does not tell a client that limit, and the
 * broker answers an oversized publish by closing the channel (406 PRECONDITION_FAILED, naming
 * the limit), which fails every publish waiting on that channel. So the adapter learns the
 * limit from that answer and opens a new channel: publishes larger than it fail with
 * `MessageRejectedError` "too_large", the others are merely retried by their caller.
 */
import { createHash } from 'node:crypto';
import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import { redactUrl } from '../model/errors.js';
import {
  DeliveredMessage,
  MessageRejectedError,
  dispatch,
  resolveSubscribeOptions,
  toBuffer,
  validateTopic,
  type Bus,
  type MessageHandler,
  type OpenBusOptions,
  type PublishOptions,
  type SubscribeOptions,
  type Subscription,
} from './bus.js';

type AmqpModule = typeof import('amqplib');

interface Live {
  conn: ChannelModel;
  /** The confirm channel publishes go through; null after the broker closed it (a new one is made on the next publish). */
  pub: Promise<ConfirmChannel> | null;
  queues: Set<string>;
}

/** RabbitMQ's words when it closes a channel over an oversized publish (406, basic.publish). */
const TOO_LARGE = /larger than configured max size (\d+)/;

interface Consumer {
  topic: string;
  handler: MessageHandler;
  options: Required<SubscribeOptions>;
  channel: Channel | null;
  stopped: boolean;
}

/** Without a publisher's message id, the content is the identity (same task body, same id). */
function contentId(topic: string, body: Buffer): string {
  return `sha256:${createHash('sha256').update(topic).update('\0').update(body).digest('hex').slice(0, 32)}`;
}

export class AmqpBus implements Bus {
  readonly url: string;
  private live: Live | null = null;
  private connecting: Promise<Live> | null = null;
  private readonly consumers = new Set<Consumer>();
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  /** The broker's max_message_size, once it has refused a message over it. */
  private maxMessageBytes: number | null = null;

  private constructor(
    private readonly rawUrl: string,
    private readonly amqp: AmqpModule,
    private readonly clientName: string,
  ) {
    this.url = redactUrl(rawUrl);
  }

  static async open(url: string, options: OpenBusOptions = {}): Promise<AmqpBus> {
    const amqp = await import('amqplib');
    const bus = new AmqpBus(url, amqp, options.name ?? 'taskframe');
    await bus.connection();
    return bus;
  }

  /** The current connection, or a new one (retried with backoff until it comes or the bus closes). */
  private connection(): Promise<Live> {
    if (this.live) return Promise.resolve(this.live);
    if (!this.connecting) {
      this.connecting = this.connectLoop().finally(() => (this.connecting = null));
    }
    return this.connecting;
  }

  private async connectLoop(): Promise<Live> {
    let delay = 100;
    for (;;) {
      if (this.closed) throw new Error('bus closed');
      try {
        const conn = await this.amqp.connect(this.rawUrl, { clientProperties: { connection_name: this.clientName } });
        const live: Live = { conn, pub: null, queues: new Set() };
        conn.on('error', () => undefined);
        conn.on('close', () => this.lost(live));
        await this.publisher(live);
        this.live = live;
        for (const c of this.consumers) await this.startConsumer(live, c).catch(() => undefined);
        return live;
      } catch (err) {
        if (this.closed) throw err;
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 1_000);
      }
    }
  }

  private lost(live: Live): void {
    if (this.live !== live) return;
    this.live = null;
    for (const c of this.consumers) c.channel = null;
    if (this.closed || this.consumers.size === 0) return;
    // Consumers must come back without waiting for the next publish.
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connection().catch(() => undefined);
    }, 100);
  }

  /** The live connection's confirm channel, made again after the broker closed the last one. */
  private publisher(live: Live): Promise<ConfirmChannel> {
    if (!live.pub) {
      const made = live.conn.createConfirmChannel().then((ch) => {
        ch.on('error', (err: Error & { code?: number }) => {
          const m = TOO_LARGE.exec(err.message);
          if (err.code === 406 && m) this.maxMessageBytes = Number(m[1]);
        });
        // Queues asserted on a channel stay; a closed channel only needs replacing.
        ch.on('close', () => {
          if (live.pub === made) live.pub = null;
        });
        return ch;
      });
      made.catch(() => {
        if (live.pub === made) live.pub = null;
      });
      live.pub = made;
    }
    return live.pub;
  }

  private tooLarge(topic: string, size: number): MessageRejectedError | null {
    const limit = this.maxMessageBytes;
    if (limit === null || size <= limit) return null;
    return new MessageRejectedError('too_large', `message is ${size} bytes; the broker's max_message_size is ${limit}`, { topic, size, limit });
  }

  private async assertQueue(live: Live, ch: Channel, topic: string): Promise<void> {
    if (live.queues.has(topic)) return;
    await ch.assertQueue(topic, { durable: true });
    live.queues.add(topic);
  }

  async publish(topic: string, data: Buffer | string, options: PublishOptions = {}): Promise<void> {
    validateTopic(topic);
    const body = toBuffer(data);
    const known = this.tooLarge(topic, body.length);
    if (known) throw known;
    const live = await withTimeout(this.connection(), 10_000, `no connection to ${this.url}`);
    const pub = await this.publisher(live);
    await this.assertQueue(live, pub, topic);
    await new Promise<void>((resolve, reject) => {
      pub.sendToQueue(
        topic,
        body,
        { persistent: true, messageId: options.id ?? contentId(topic, body), headers: options.headers, contentType: 'application/json' },
        // The channel's 'error' (which teaches the limit) comes before the callbacks of its close.
        (err: unknown) => (err ? reject(this.tooLarge(topic, body.length) ?? (err instanceof Error ? err : new Error(String(err)))) : resolve()),
      );
    });
  }

  private async startConsumer(live: Live, c: Consumer): Promise<void> {
    if (c.stopped) return;
    const ch = await live.conn.createChannel();
    ch.on('error', () => undefined);
    await ch.prefetch(c.options.maxInFlight);
    await this.assertQueue(live, ch, c.topic);
    c.channel = ch;
    const onError = (err: unknown) => {
      if (!c.stopped) process.emitWarning(`amqp bus ${c.topic}: ${(err as Error).message ?? err}`);
    };
    await ch.consume(
      c.topic,
      (m: ConsumeMessage | null) => {
        if (!m) return; // cancelled by the broker (queue deleted): the reconnect path re-creates it
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(m.properties.headers ?? {})) if (v !== undefined && v !== null) headers[k] = String(v);
        const id = typeof m.properties.messageId === 'string' && m.properties.messageId ? m.properties.messageId : contentId(c.topic, m.content);
        const msg = new DeliveredMessage(
          id,
          c.topic,
          m.content,
          headers,
          m.fields.redelivered ? 1 : 0,
          () => {
            // After a reconnect this channel is gone and the broker redelivers: nothing to do.
            if (c.channel === ch) ch.ack(m);
          },
          (delayMs) => {
            const requeue = () => {
              if (c.channel === ch) ch.nack(m, false, true);
            };
            if (delayMs > 0) setTimeout(requeue, delayMs).unref();
            else requeue();
          },
        );
        void dispatch(c.handler, msg, onError);
      },
      { noAck: false },
    );
  }

  async subscribe(topic: string, handler: MessageHandler, options: SubscribeOptions = {}): Promise<Subscription> {
    validateTopic(topic);
    const c: Consumer = { topic, handler, options: resolveSubscribeOptions(options), channel: null, stopped: false };
    this.consumers.add(c);
    const live = await this.connection();
    if (!c.channel) await this.startConsumer(live, c);
    return {
      close: async () => {
        if (c.stopped) return;
        c.stopped = true;
        this.consumers.delete(c);
        const ch = c.channel;
        c.channel = null;
        // Closing the channel hands every unacked message back to the queue.
        await ch?.close().catch(() => undefined);
      },
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    for (const c of this.consumers) c.stopped = true;
    this.consumers.clear();
    const live = this.live;
    this.live = null;
    await live?.conn.close().catch(() => undefined);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(message)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}
