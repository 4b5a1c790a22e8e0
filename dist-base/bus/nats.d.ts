import { type Bus, type MessageHandler, type OpenBusOptions, type PublishOptions, type SubscribeOptions, type Subscription } from './bus.js';
/** Stream names may not contain dots; subjects keep the topic as it is. */
export declare function natsStreamName(topic: string): string;
export declare class NatsBus implements Bus {
    private readonly nats;
    private readonly nc;
    private readonly js;
    private readonly jsm;
    readonly url: string;
    private readonly ensured;
    private readonly subs;
    private closed;
    private constructor();
    static open(url: string, options?: OpenBusOptions): Promise<NatsBus>;
    private ensureStream;
    publish(topic: string, data: Buffer | string, options?: PublishOptions): Promise<void>;
    /** The failures that belong to the message itself, as MessageRejectedError; null for the rest. */
    private rejection;
    subscribe(topic: string, handler: MessageHandler, options?: SubscribeOptions): Promise<Subscription>;
    close(): Promise<void>;
}
