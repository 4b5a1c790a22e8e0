import { type Bus, type MessageHandler, type OpenBusOptions, type PublishOptions, type SubscribeOptions, type Subscription } from './bus.js';
export declare class AmqpBus implements Bus {
    private readonly rawUrl;
    private readonly amqp;
    private readonly clientName;
    readonly url: string;
    private live;
    private connecting;
    private readonly consumers;
    private closed;
    private reconnectTimer;
    /** The broker's max_message_size, once it has refused a message over it. */
    private maxMessageBytes;
    private constructor();
    static open(url: string, options?: OpenBusOptions): Promise<AmqpBus>;
    /** The current connection, or a new one (retried with backoff until it comes or the bus closes). */
    private connection;
    private connectLoop;
    private lost;
    /** The live connection's confirm channel, made again after the broker closed the last one. */
    private publisher;
    private tooLarge;
    private assertQueue;
    publish(topic: string, data: Buffer | string, options?: PublishOptions): Promise<void>;
    private startConsumer;
    subscribe(topic: string, handler: MessageHandler, options?: SubscribeOptions): Promise<Subscription>;
    close(): Promise<void>;
}
