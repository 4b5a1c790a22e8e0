import { type WriteMethod, type WriterInit } from './thread-protocol.js';
export declare class WriterThread {
    private readonly worker;
    private seq;
    private readonly waiting;
    private dead;
    private constructor();
    static start(script: URL, init: WriterInit): Promise<WriterThread>;
    /** Runs a store write method on the thread; calls are applied in the order they are made. */
    call(method: WriteMethod, params: unknown): Promise<unknown>;
    close(): Promise<void>;
    private onMessage;
    private fail;
}
