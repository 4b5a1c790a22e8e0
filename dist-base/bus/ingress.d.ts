import { EventEmitter } from 'node:events';
import type { Engine } from '../engine/engine.js';
import { type Logger } from '../logger.js';
import type { Task } from '../model/task.js';
import { type Bus } from './bus.js';
import { type BadMessageReason } from './formats.js';
export interface IngressOptions {
    bus: Bus;
    engine: Engine;
    topic: string;
    /** Where bad messages go, with their reason. Default `<topic>.dead`. */
    deadTopic?: string;
    /** Consumer group. Default "taskframe-ingress". */
    group?: string;
    /** Names this stream in dedup keys (two buses may reuse message ids). Default: the topic. */
    source?: string;
    /** Largest message accepted. Default: the payload limit plus 64 KiB for the envelope. */
    maxBytes?: number;
    /** Task types accepted; anything else is dead-lettered as unknown_type. Default: any. */
    acceptTypes?: string[] | ((name: string) => boolean);
    /** Queue for messages that do not name one. */
    queue?: string;
    /** Messages being enqueued at once; the engine group-commits them. Default 1000. */
    maxInFlight?: number;
    ackWaitMs?: number;
    /** Wait before a message whose enqueue failed (store trouble) is delivered again. Default 1 s. */
    retryDelayMs?: number;
    logger?: Logger;
}
export interface IngressEvents {
    task: [task: Task, created: boolean, messageId: string];
    dead: [reason: BadMessageReason, messageId: string, error: string];
    error: [err: Error];
}
export interface IngressStats {
    received: number;
    created: number;
    duplicates: number;
    deadLettered: number;
    retried: number;
}
/** The dead-letter record: enough to see what was wrong and to replay the message by hand. */
export interface DeadLetter {
    reason: BadMessageReason;
    error: string;
    topic: string;
    messageId: string;
    size: number;
    at: string;
    /** The message as text (the first 4 KiB when it was too large). */
    body: string;
    truncated: boolean;
}
export declare class Ingress extends EventEmitter<IngressEvents> {
    private readonly o;
    readonly topic: string;
    readonly deadTopic: string;
    readonly stats: IngressStats;
    private readonly acceptType;
    private readonly maxBytes;
    private readonly source;
    private readonly log;
    private sub;
    private readonly batcher;
    constructor(o: IngressOptions);
    start(): Promise<this>;
    stop(): Promise<void>;
    private dedupKey;
    private handle;
    private deadLetter;
}
