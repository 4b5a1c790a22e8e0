import { redactUrl } from '../model/errors.js';
import { DeliveredMessage, MessageRejectedError, dispatch, resolveSubscribeOptions, toBuffer, validateTopic, } from './bus.js';
import { InFlight } from './in-flight.js';
/** JetStream error codes (nats-server's errors.json): JSStreamMessageExceedsMaximumErr, JSStreamHeaderExceedsMaximumErr. */
const JS_MESSAGE_TOO_LARGE = 10054;
const JS_HEADERS_TOO_LARGE = 10097;
/** Stream names may not contain dots; subjects keep the topic as it is. */
export function natsStreamName(topic) {
    return `TF_${topic.replace(/[.]/g, '_')}`;
}
export class NatsBus {
    nats;
    nc;
    js;
    jsm;
    url;
    ensured = new Map();
    subs = new Set();
    closed = false;
    constructor(url, nats, nc, js, jsm) {
        this.nats = nats;
        this.nc = nc;
        this.js = js;
        this.jsm = jsm;
        this.url = redactUrl(url);
    }
    static async open(url, options = {}) {
        const nats = await import('nats');
        const u = new URL(url);
        const nc = await nats.connect({
            servers: `${u.hostname}:${u.port || 4222}`,
            user: u.username ? decodeURIComponent(u.username) : undefined,
            pass: u.password ? decodeURIComponent(u.password) : undefined,
            name: options.name ?? 'taskframe',
            // A broker that goes away is waited for, never given up on.
            maxReconnectAttempts: -1,
            reconnectTimeWait: 250,
            waitOnFirstConnect: false,
        });
        const jsm = await nc.jetstreamManager();
        return new NatsBus(url, nats, nc, nc.jetstream({ timeout: 5_000 }), jsm);
    }
    ensureStream(topic) {
        let p = this.ensured.get(topic);
        if (!p) {
            const name = natsStreamName(topic);
            p = this.jsm.streams.info(name).then(() => undefined, async () => {
                try {
                    await this.jsm.streams.add({
                        name,
                        subjects: [topic],
                        storage: this.nats.StorageType.File,
                        retention: this.nats.RetentionPolicy.Limits,
                        duplicate_window: this.nats.nanos(2 * 60_000),
                    });
                }
                catch (err) {
                    // Another client created it first: fine.
                    if (!/already in use|already exists/i.test(err.message))
                        throw err;
                }
            });
            p.catch(() => this.ensured.delete(topic));
            this.ensured.set(topic, p);
        }
        return p;
    }
    async publish(topic, data, options = {}) {
        validateTopic(topic);
        await this.ensureStream(topic);
        let headers;
        if (options.headers && Object.keys(options.headers).length > 0) {
            headers = this.nats.headers();
            for (const [k, v] of Object.entries(options.headers))
                headers.set(k, v);
        }
        const body = toBuffer(data);
        try {
            await this.js.publish(topic, body, { msgID: options.id, headers });
        }
        catch (err) {
            throw this.rejection(err, topic, body.length) ?? err;
        }
    }
    /** The failures that belong to the message itself, as MessageRejectedError; null for the rest. */
    rejection(err, topic, size) {
        const e = err;
        if (e.code === this.nats.ErrorCode.MaxPayloadExceeded) {
            const limit = this.nc.info?.max_payload;
            return new MessageRejectedError('too_large', `message is ${size} bytes (plus headers); the NATS server's max_payload is ${limit ?? 'smaller'}`, { topic, size, limit }, { cause: err });
        }
        // JetStream's PubAck errors for this message: over the stream's max_msg_size, headers over 64 KiB.
        if (e.api_error?.err_code === JS_MESSAGE_TOO_LARGE || e.api_error?.err_code === JS_HEADERS_TOO_LARGE) {
            return new MessageRejectedError('too_large', `stream ${natsStreamName(topic)} refused ${size} bytes: ${e.api_error.description}`, { topic, size }, { cause: err });
        }
        return null;
    }
    async subscribe(topic, handler, options = {}) {
        validateTopic(topic);
        const o = resolveSubscribeOptions(options);
        await this.ensureStream(topic);
        const stream = natsStreamName(topic);
        const config = {
            durable_name: o.group,
            ack_policy: this.nats.AckPolicy.Explicit,
            deliver_policy: this.nats.DeliverPolicy.All,
            ack_wait: this.nats.nanos(o.ackWaitMs),
            max_ack_pending: Math.max(o.maxInFlight, 1),
            max_deliver: -1,
        };
        try {
            await this.jsm.consumers.add(stream, config);
        }
        catch (err) {
            if (!/already (in use|exists)/i.test(err.message))
                throw err;
            await this.jsm.consumers.update(stream, o.group, { ack_wait: config.ack_wait, max_ack_pending: config.max_ack_pending });
        }
        const consumer = await this.js.consumers.get(stream, o.group);
        const inFlight = new InFlight(o.maxInFlight);
        let stopped = false;
        let messages = null;
        const onError = (err) => {
            if (!stopped)
                process.emitWarning(`nats bus ${topic}: ${err.message ?? err}`);
        };
        const toMessage = (m) => {
            const id = m.headers?.get('Nats-Msg-Id') || `${stream}:${m.seq}`;
            const headers = {};
            if (m.headers)
                for (const [k] of m.headers)
                    if (k !== 'Nats-Msg-Id')
                        headers[k] = m.headers.get(k);
            return new DeliveredMessage(id, topic, 
            // A view, not a copy: the client hands each message its own bytes.
            Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength), headers, Math.max(0, m.info.redeliveryCount - 1), () => {
                inFlight.release();
                // Fire-and-forget on purpose: a lost ack means a redelivery, which consumers dedupe by id.
                m.ack();
            }, (delayMs) => {
                inFlight.release();
                m.nak(delayMs);
            });
        };
        const loop = async () => {
            while (!stopped && !this.closed) {
                try {
                    messages = await consumer.consume({ max_messages: Math.min(o.maxInFlight, 1000) });
                    for await (const m of messages) {
                        if (inFlight.room > 0)
                            inFlight.take();
                        else
                            await inFlight.acquire();
                        if (stopped) {
                            inFlight.release();
                            m.nak();
                            break;
                        }
                        void dispatch(handler, toMessage(m), onError);
                    }
                }
                catch (err) {
                    onError(err);
                    await new Promise((r) => setTimeout(r, 250));
                }
            }
        };
        const running = loop();
        const sub = {
            close: async () => {
                if (stopped)
                    return;
                stopped = true;
                inFlight.wakeAll();
                await messages?.close().catch(() => undefined);
                await inFlight.idle(2_000);
                await running;
                this.subs.delete(sub);
            },
        };
        this.subs.add(sub);
        return sub;
    }
    async close() {
        if (this.closed)
            return;
        await Promise.all([...this.subs].map((s) => s.close()));
        this.closed = true;
        await this.nc.drain().catch(() => this.nc.close());
    }
}
//# sourceMappingURL=nats.js.map