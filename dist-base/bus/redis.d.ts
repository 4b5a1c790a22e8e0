import { type Bus, type MessageHandler, type OpenBusOptions, type PublishOptions, type SubscribeOptions, type Subscription } from './bus.js';
export declare class RedisBus implements Bus {
    private readonly makeClient;
    private readonly client;
    /** The largest string Redis accepts (its proto-max-bulk-len). */
    readonly maxMessageBytes: number;
    readonly url: string;
    private readonly subs;
    private closed;
    private constructor();
    static open(url: string, options?: OpenBusOptions): Promise<RedisBus>;
    publish(topic: string, data: Buffer | string, options?: PublishOptions): Promise<void>;
    subscribe(topic: string, handler: MessageHandler, options?: SubscribeOptions): Promise<Subscription>;
    close(): Promise<void>;
}
