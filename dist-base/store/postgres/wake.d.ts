import type { HostSelector, PgTarget } from './connect.js';
export type WakeListener = (queue: string) => void;
/** One channel per schema; channel names are identifiers, so at most 63 bytes. */
export declare function wakeChannel(schema: string): string;
export declare class WakeListenerConnection {
    private readonly target;
    private readonly hosts;
    private readonly onError;
    private client;
    private readonly listeners;
    private connecting;
    private closed;
    private retryTimer;
    private retryMs;
    constructor(target: PgTarget, hosts: HostSelector, onError: (err: Error) => void);
    subscribe(listener: WakeListener): Promise<() => Promise<void>>;
    private ensureConnected;
    private connect;
    private emit;
    private lost;
    private scheduleReconnect;
    private disconnect;
    close(): Promise<void>;
}
