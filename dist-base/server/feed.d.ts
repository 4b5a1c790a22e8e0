/**
 * Follows the store's event feed (every state change of every task, whoever made it: this
 * server, other servers, in-process library workers) and hands each new batch to listeners.
 * Metrics, the throughput series and live views all read from here, so they agree with the
 * store rather than with what one process happened to see.
 */
import { EventEmitter } from 'node:events';
import type { Logger } from '../logger.js';
import { type FeedEvent, type FeedPosition } from '../model/feed.js';
import type { Engine } from '../engine/engine.js';
import type { TaskLabel } from '../engine/inspect.js';
export interface FeedEvents {
    /** A page of new events, with the name, queue and run of their tasks (by task id). */
    events: [events: FeedEvent[], labels: Map<string, TaskLabel>];
}
export declare class EventFeedFollower extends EventEmitter<FeedEvents> {
    private readonly engine;
    private readonly log;
    private readonly intervalMs;
    private cursor;
    private timer;
    private polling;
    private stopped;
    private readonly labels;
    constructor(engine: Engine, log: Logger, intervalMs?: number);
    /** Skips history: only events after start are reported. */
    start(): Promise<void>;
    get position(): string | undefined;
    private schedule;
    /** The feed's pages after `from()` (read again before each page: the caller moves it on), up to its end. */
    private pages;
    pollOnce(): Promise<void>;
    /**
     * Hands `send` every event after `after` (a position a client kept, e.g. an SSE stream's
     * Last-Event-ID), then each new one as it comes: each once, in feed order. The events since
     * `after` are read from the store while the follower's new pages are held back; from then on
     * a page loses what was already sent (the follower may be behind the read, or ahead of it).
     * Without `after`, only what comes after the follower's own position. Returns the unsubscribe.
     */
    follow(after: FeedPosition | undefined, send: (events: FeedEvent[]) => void, closed: () => boolean): Promise<() => void>;
    stop(): Promise<void>;
}
