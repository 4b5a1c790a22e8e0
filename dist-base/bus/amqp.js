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
import { redactUrl } from '../model/errors.js';
import { DeliveredMessage, MessageRejectedError, dispatch, resolveSubscribeOptions, toBuffer, validateTopic, } from './bus.js';
/** RabbitMQ's words when it closes a channel over an oversized publish (406, basic.publish). */
const TOO_LARGE = /larger than configured max size (\d+)/;
/** Without a publisher's message id, the content is the identity (same task body, same id). */
function contentId(topic, body) {
    return `sha256:${createHash('sha256').update(topic).update('\0').update(body).digest('hex').slice(0, 32)}`;
}
export class AmqpBus {
    rawUrl;
    amqp;
    clientName;
    url;
    live = null;
    connecting = null;
    consumers = new Set();
    closed = false;
    reconnectTimer = null;
    /** The broker's max_message_size, once it has refused a message over it. */
    maxMessageBytes = null;
    constructor(rawUrl, amqp, clientName) {
        this.rawUrl = rawUrl;
        this.amqp = amqp;
        this.clientName = clientName;
        this.url = redactUrl(rawUrl);
    }
    static async open(url, options = {}) {
        const amqp = await import('amqplib');
        const bus = new AmqpBus(url, amqp, options.name ?? 'taskframe');
        await bus.connection();
        return bus;
    }
    /** The current connection, or a new one (retried with backoff until it comes or the bus closes). */
    connection() {
        if (this.live)
            return Promise.resolve(this.live);
        if (!this.connecting) {
            this.connecting = this.connectLoop().finally(() => (this.connecting = null));
        }
        return this.connecting;
    }
    async connectLoop() {
        let delay = 100;
        for (;;) {
            if (this.closed)
                throw new Error('bus closed');
            try {
                const conn = await this.amqp.connect(this.rawUrl, { clientProperties: { connection_name: this.clientName } });
                const live = { conn, pub: null, queues: new Set() };
                conn.on('error', () => undefined);
                conn.on('close', () => this.lost(live));
                await this.publisher(live);
                this.live = live;
                for (const c of this.consumers)
                    await this.startConsumer(live, c).catch(() => undefined);
                return live;
            }
            catch (err) {
                if (this.closed)
                    throw err;
                await new Promise((r) => setTimeout(r, delay));
                delay = Math.min(delay * 2, 1_000);
            }
        }
    }
    lost(live) {
        if (this.live !== live)
            return;
        this.live = null;
        for (const c of this.consumers)
            c.channel = null;
        if (this.closed || this.consumers.size === 0)
            return;
        // Consumers must come back without waiting for the next publish.
        this.reconnectTimer = setTimeout(() => {
            this.reconnectTimer = null;
            this.connection().catch(() => undefined);
        }, 100);
    }
    /** The live connection's confirm channel, made again after the broker closed the last one. */
    publisher(live) {
        if (!live.pub) {
            const made = live.conn.createConfirmChannel().then((ch) => {
                ch.on('error', (err) => {
                    const m = TOO_LARGE.exec(err.message);
                    if (err.code === 406 && m)
                        this.maxMessageBytes = Number(m[1]);
                });
                // Queues asserted on a channel stay; a closed channel only needs replacing.
                ch.on('close', () => {
                    if (live.pub === made)
                        live.pub = null;
                });
                return ch;
            });
            made.catch(() => {
                if (live.pub === made)
                    live.pub = null;
            });
            live.pub = made;
        }
        return live.pub;
    }
    tooLarge(topic, size) {
        const limit = this.maxMessageBytes;
        if (limit === null || size <= limit)
            return null;
        return new MessageRejectedError('too_large', `message is ${size} bytes; the broker's max_message_size is ${limit}`, { topic, size, limit });
    }
    async assertQueue(live, ch, topic) {
        if (live.queues.has(topic))
            return;
        await ch.assertQueue(topic, { durable: true });
        live.queues.add(topic);
    }
    async publish(topic, data, options = {}) {
        validateTopic(topic);
        const body = toBuffer(data);
        const known = this.tooLarge(topic, body.length);
        if (known)
            throw known;
        const live = await withTimeout(this.connection(), 10_000, `no connection to ${this.url}`);
        const pub = await this.publisher(live);
        await this.assertQueue(live, pub, topic);
        await new Promise((resolve, reject) => {
            pub.sendToQueue(topic, body, { persistent: true, messageId: options.id ?? contentId(topic, body), headers: options.headers, contentType: 'application/json' }, 
            // The channel's 'error' (which teaches the limit) comes before the callbacks of its close.
            (err) => (err ? reject(this.tooLarge(topic, body.length) ?? (err instanceof Error ? err : new Error(String(err)))) : resolve()));
        });
    }
    async startConsumer(live, c) {
        if (c.stopped)
            return;
        const ch = await live.conn.createChannel();
        ch.on('error', () => undefined);
        await ch.prefetch(c.options.maxInFlight);
        await this.assertQueue(live, ch, c.topic);
        c.channel = ch;
        const onError = (err) => {
            if (!c.stopped)
                process.emitWarning(`amqp bus ${c.topic}: ${err.message ?? err}`);
        };
        await ch.consume(c.topic, (m) => {
            if (!m)
                return; // cancelled by the broker (queue deleted): the reconnect path re-creates it
            const headers = {};
            for (const [k, v] of Object.entries(m.properties.headers ?? {}))
                if (v !== undefined && v !== null)
                    headers[k] = String(v);
            const id = typeof m.properties.messageId === 'string' && m.properties.messageId ? m.properties.messageId : contentId(c.topic, m.content);
            const msg = new DeliveredMessage(id, c.topic, m.content, headers, m.fields.redelivered ? 1 : 0, () => {
                // After a reconnect this channel is gone and the broker redelivers: nothing to do.
                if (c.channel === ch)
                    ch.ack(m);
            }, (delayMs) => {
                const requeue = () => {
                    if (c.channel === ch)
                        ch.nack(m, false, true);
                };
                if (delayMs > 0)
                    setTimeout(requeue, delayMs).unref();
                else
                    requeue();
            });
            void dispatch(c.handler, msg, onError);
        }, { noAck: false });
    }
    async subscribe(topic, handler, options = {}) {
        validateTopic(topic);
        const c = { topic, handler, options: resolveSubscribeOptions(options), channel: null, stopped: false };
        this.consumers.add(c);
        const live = await this.connection();
        if (!c.channel)
            await this.startConsumer(live, c);
        return {
            close: async () => {
                if (c.stopped)
                    return;
                c.stopped = true;
                this.consumers.delete(c);
                const ch = c.channel;
                c.channel = null;
                // Closing the channel hands every unacked message back to the queue.
                await ch?.close().catch(() => undefined);
            },
        };
    }
    async close() {
        if (this.closed)
            return;
        this.closed = true;
        if (this.reconnectTimer)
            clearTimeout(this.reconnectTimer);
        for (const c of this.consumers)
            c.stopped = true;
        this.consumers.clear();
        const live = this.live;
        this.live = null;
        await live?.conn.close().catch(() => undefined);
    }
}
function withTimeout(p, ms, message) {
    return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(message)), ms);
        p.then((v) => {
            clearTimeout(t);
            resolve(v);
        }, (e) => {
            clearTimeout(t);
            reject(e);
        });
    });
}
//# sourceMappingURL=amqp.js.map