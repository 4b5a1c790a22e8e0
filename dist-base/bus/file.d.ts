import { type Bus, type MessageHandler, type PublishOptions, type SubscribeOptions, type Subscription } from './bus.js';
export declare function fileBusDir(url: string): string;
export declare class FileBus implements Bus {
    readonly dir: string;
    readonly url: string;
    private readonly appenders;
    private readonly subs;
    private closed;
    private constructor();
    static open(url: string): Promise<FileBus>;
    topicFile(topic: string): string;
    publish(topic: string, data: Buffer | string, options?: PublishOptions): Promise<void>;
    subscribe(topic: string, handler: MessageHandler, options?: SubscribeOptions): Promise<Subscription>;
    close(): Promise<void>;
}
