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
import { TaskframeError } from '../model/errors.js';
export interface BusMessage {
    /** Stable id: the publisher's id when it gave one, else the broker's; the same on every redelivery. */
    readonly id: string;
    readonly topic: string;
    readonly data: Buffer;
    readonly headers: Readonly<Record<string, string>>;
    /** How many times this message was delivered before (0 on first delivery) where the broker knows; else 0 or 1. */
    readonly redeliveries: number;
    /** Done with it: the broker may forget it. */
    ack(): Promise<void>;
    /** Not done: deliver it again (to this or another subscriber of the group) after `delayMs`. */
    nack(options?: {
        delayMs?: number;
    }): Promise<void>;
}
/** How a bus is opened (see open.ts); every adapter's `open` takes the same options. */
export interface OpenBusOptions {
    /** Client connection name shown by the broker (where it has one). */
    name?: string;
}
export interface PublishOptions {
    /** Stable message id (the broker dedupes on it where it can; consumers may too). */
    id?: string;
    headers?: Record<string, string>;
}
export interface SubscribeOptions {
    /** Consumer group (durable consumer / queue / consumer group name). Default "taskframe". */
    group?: string;
    /** Messages delivered and not yet acked, at most. Default 256. */
    maxInFlight?: number;
    /** A delivered message not acked within this long is delivered again. Default 30 s. */
    ackWaitMs?: number;
}
export type MessageHandler = (msg: BusMessage) => void | Promise<void>;
export interface Subscription {
    /** Stops delivering; unacked messages go back to the broker. */
    close(): Promise<void>;
}
/** Why a broker refused one message for good. */
export type RejectReason = 'too_large' | 'rejected';
/**
 * The broker refused this one message, and would refuse it again (larger than it accepts, or
 * rejected for its content): retrying cannot help, so a publisher dead-letters it and moves on.
 * Adapters raise it only for failures that belong to the message, never for an outage.
 */
export declare class MessageRejectedError extends TaskframeError {
    readonly reason: RejectReason;
    constructor(reason: RejectReason, message: string, context: {
        topic: string;
        size: number;
        limit?: number;
    }, options?: {
        cause?: unknown;
    });
}
export interface Bus {
    /** The URL the bus was opened with, password hidden. */
    readonly url: string;
    publish(topic: string, data: Buffer | string, options?: PublishOptions): Promise<void>;
    /**
     * Calls `handler` for every message of `topic`, up to `maxInFlight` at once. A handler that
     * throws nacks its message (unless it already acked). Resolves once the subscription is live.
     */
    subscribe(topic: string, handler: MessageHandler, options?: SubscribeOptions): Promise<Subscription>;
    close(): Promise<void>;
}
export declare const SUBSCRIBE_DEFAULTS: {
    readonly group: "taskframe";
    readonly maxInFlight: 256;
    readonly ackWaitMs: 30000;
};
export declare function validateTopic(value: unknown, field?: string): string;
export declare function resolveSubscribeOptions(o?: SubscribeOptions): Required<SubscribeOptions>;
export declare function toBuffer(data: Buffer | string): Buffer;
/** A delivered message whose ack/nack run once (a second call is a no-op), whatever the adapter. */
export declare class DeliveredMessage implements BusMessage {
    readonly id: string;
    readonly topic: string;
    readonly data: Buffer;
    readonly headers: Readonly<Record<string, string>>;
    readonly redeliveries: number;
    private readonly onAck;
    private readonly onNack;
    settled: boolean;
    constructor(id: string, topic: string, data: Buffer, headers: Readonly<Record<string, string>>, redeliveries: number, onAck: () => Promise<void> | void, onNack: (delayMs: number) => Promise<void> | void);
    ack(): Promise<void>;
    nack(options?: {
        delayMs?: number;
    }): Promise<void>;
}
/** Runs the handler; if it throws before acking, the message is nacked so it comes back. */
export declare function dispatch(handler: MessageHandler, msg: DeliveredMessage, onError: (err: unknown) => void): Promise<void>;
