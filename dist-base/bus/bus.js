/**
 * The Bus contract: what taskframe asks of a message broker. Every adapter (bus/nats.ts,
 * bus/amqp.ts, bus/redis.ts, bus/file.ts) passes the same conformance suite
 * (test/bus/conformance.ts); docs/bus.md says what a new adapter must guarantee.
 *
 * - `publish` resolves only once the broker has durably accepted the message (JetStream PubAck,
 *   AMQP publisher confirm, XADD reply, fsync'd append). A rejected promise means "maybe not
 *   stored": the caller publishes again with the same id, and consumers dedupe by id.
 * - `subscribe` delivers each message to the handler until it is acked; a message that is not
 *   acked (handler threw, process died, connection lost) is delivered again. Delivery is
 *   at-least-once; `BusMessage.id` is stable across redeliveries so consumers can dedupe.
 * - Subscribers with the same `group` share the messages of a topic (competing consumers).
 * - Adapters reconnect on their own; a broker that is away delays messages, never drops them.
 * - A message the broker refuses for good (too large, or rejected for what it is) fails with
 *   `MessageRejectedError`: publishing it again would fail the same way. Any other failure is
 *   the broker's or the network's and is worth retrying.
 */
import { TaskframeError, ValidationError } from '../model/errors.js';
/**
 * The broker refused this one message, and would refuse it again (larger than it accepts, or
 * rejected for its content): retrying cannot help, so a publisher dead-letters it and moves on.
 * Adapters raise it only for failures that belong to the message, never for an outage.
 */
export class MessageRejectedError extends TaskframeError {
    reason;
    constructor(reason, message, context, options) {
        super('BUS_REJECTED', message, { reason, ...context }, options);
        this.reason = reason;
    }
}
export const SUBSCRIBE_DEFAULTS = { group: 'taskframe', maxInFlight: 256, ackWaitMs: 30_000 };
/** Topics and groups appear in broker names, file names and URLs: keep them plain. */
const TOPIC_RE = /^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/;
export function validateTopic(value, field = 'topic') {
    if (typeof value !== 'string' || !TOPIC_RE.test(value) || value.length > 200) {
        throw new ValidationError(field, `${JSON.stringify(value)} is not a valid topic (letters, digits, _ and -, parts joined by dots, at most 200 characters)`);
    }
    return value;
}
export function resolveSubscribeOptions(o = {}) {
    const group = validateTopic(o.group ?? SUBSCRIBE_DEFAULTS.group, 'group');
    const maxInFlight = o.maxInFlight ?? SUBSCRIBE_DEFAULTS.maxInFlight;
    const ackWaitMs = o.ackWaitMs ?? SUBSCRIBE_DEFAULTS.ackWaitMs;
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1)
        throw new ValidationError('maxInFlight', `must be a positive integer, got ${maxInFlight}`);
    if (!Number.isInteger(ackWaitMs) || ackWaitMs < 100)
        throw new ValidationError('ackWaitMs', `must be an integer of at least 100, got ${ackWaitMs}`);
    return { group, maxInFlight, ackWaitMs };
}
export function toBuffer(data) {
    return typeof data === 'string' ? Buffer.from(data) : data;
}
/** A delivered message whose ack/nack run once (a second call is a no-op), whatever the adapter. */
export class DeliveredMessage {
    id;
    topic;
    data;
    headers;
    redeliveries;
    onAck;
    onNack;
    settled = false;
    constructor(id, topic, data, headers, redeliveries, onAck, onNack) {
        this.id = id;
        this.topic = topic;
        this.data = data;
        this.headers = headers;
        this.redeliveries = redeliveries;
        this.onAck = onAck;
        this.onNack = onNack;
    }
    async ack() {
        if (this.settled)
            return;
        this.settled = true;
        await this.onAck();
    }
    async nack(options = {}) {
        if (this.settled)
            return;
        this.settled = true;
        await this.onNack(Math.max(0, options.delayMs ?? 0));
    }
}
/** Runs the handler; if it throws before acking, the message is nacked so it comes back. */
export async function dispatch(handler, msg, onError) {
    try {
        await handler(msg);
    }
    catch (err) {
        onError(err);
        if (!msg.settled)
            await msg.nack().catch(onError);
    }
}
//# sourceMappingURL=bus.js.map