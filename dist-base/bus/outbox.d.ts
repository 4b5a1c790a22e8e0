/**
 * Egress: publishes what happens in the store to the bus, driven by the store's event feed and
 * a durable cursor (the transactional-outbox pattern without a second table: the event log
 * already is one).
 *
 * - Every finishing event (succeeded, failed, cancelled, skipped) becomes a done message in
 *   seed-000 format on `doneTopic`; optionally every event goes to `eventsTopic`.
 * - The cursor moves only past events whose messages are settled: confirmed by the broker, or
 *   dead-lettered. A bus that is down stops the cursor; when it returns, publishing resumes
 *   where it stopped: nothing is lost.
 * - A message the broker refuses for good (`MessageRejectedError`: too large, rejected) cannot
 *   hold the stream: it goes to `deadTopic` with the reason (and a log line, the `dead` event,
 *   `stats.deadLettered`), and the outbox moves on.
 * - Any other failure is the broker's (away, overloaded): the messages not yet confirmed are
 *   sent again after a backoff that doubles up to `maxRetryDelayMs`. Only those: a message the
 *   broker confirmed is never sent again by this outbox, nor by one restarted from its cursor
 *   (the cursor also records what is confirmed beyond its position, see outbox-cursor.ts).
 * - Order per task: a task's messages are published one after another (each waits for the
 *   previous one's confirm, and a failed one is retried before the next is sent). Different
 *   tasks are published concurrently, and reading goes on while confirms are outstanding (a
 *   sliding window of `maxWindow` events), so the lag stays near one broker round trip.
 * - Stable ids (`done:<task>:<event>`, `event:<event>`): a crash between a confirm and the next
 *   cursor write (at most `commitIntervalMs`) publishes those messages again with the same id;
 *   consumers dedupe by id (JetStream and the ingress of another taskframe do it for them).
 * - Two outboxes with the same name are safe (compare-and-set on the cursor) but wasteful.
 *
 * Retention must keep events longer than the longest bus outage you want to ride out.
 */
import { EventEmitter } from 'node:events';
import { type Logger } from '../logger.js';
import type { TaskId } from '../model/task.js';
import type { Engine } from '../engine/engine.js';
import { type Bus, type RejectReason } from './bus.js';
export interface OutboxOptions {
    bus: Bus;
    /** The engine whose store's event feed is published (its clock stamps the cursor). */
    engine: Engine;
    /** Names the durable cursor (`bus-outbox:<name>`). Default "default". */
    name?: string;
    doneTopic?: string;
    eventsTopic?: string;
    /** Where a message the broker refuses for good goes, with the reason. Default `<doneTopic>.dead` (or `<eventsTopic>.dead`). */
    deadTopic?: string;
    /** Where a new outbox (no cursor yet) starts: the end of the feed (default) or its beginning. */
    from?: 'end' | 'beginning';
    /** Events read per round. Default 1000. */
    batchSize?: number;
    /** Events read but not yet settled, at most. Default 10,000. */
    maxWindow?: number;
    /** Cursor writes at most this often. Default 100 ms. */
    commitIntervalMs?: number;
    /** Wait between reads when the feed is empty. Default 10 ms. */
    pollIntervalMs?: number;
    /** Wait after the first failed publish before sending again; doubles with each failure in a row. Default 500 ms. */
    retryDelayMs?: number;
    /** The longest wait between retries. Default 30 s. */
    maxRetryDelayMs?: number;
    logger?: Logger;
}
/** A message the outbox sent (or dead-lettered). */
export interface OutboxMessage {
    topic: string;
    id: string;
    taskId: TaskId;
    eventId: string;
    size: number;
}
/** What the dead-letter topic receives for a message the broker refused for good. */
export interface OutboxDeadLetter {
    reason: RejectReason;
    /** The broker's (or its client's) words. */
    error: string;
    /** Where the message was meant to go. */
    topic: string;
    messageId: string;
    taskId: TaskId;
    eventId: string;
    size: number;
    at: string;
    /** The message as text, its first 4 KiB when it was larger. */
    body: string;
    truncated: boolean;
}
export interface OutboxEvents {
    /** The broker confirmed a message. */
    published: [message: OutboxMessage];
    /** The broker refused a message for good; this letter went to the dead-letter topic instead. */
    dead: [letter: OutboxDeadLetter];
    /** The durable cursor moved past every event up to this feed position (`events` of them this time). */
    advanced: [cursor: string, events: number];
    /** Publishing failed (the broker is away); what is not confirmed is sent again after `retryInMs`. */
    error: [err: Error, retryInMs: number];
}
export declare class Outbox extends EventEmitter<OutboxEvents> {
    private readonly o;
    readonly cursorName: string;
    readonly deadTopic: string;
    readonly stats: {
        published: number;
        deadLettered: number;
        rounds: number;
        failures: number;
    };
    /** Durable position: every event up to here has all its messages settled. */
    private committed;
    /** The cursor's value as last read or written (for compare-and-set). */
    private saved;
    /** From the cursor: messages settled before a restart, beyond `committed`; skipped when read again. */
    private publishedAhead;
    /** Messages settled beyond `committed` while it was held, recorded in the cursor until it passes them. */
    private readonly settledAhead;
    /** Events read (and being published) up to here. */
    private readCursor;
    /** Events read and not yet committed, in feed order. */
    private window;
    /** Each task's messages not yet settled, in order; its pump sends them one at a time. */
    private readonly queues;
    private readonly pumps;
    /** A transient publish failure: pumps stop until the backoff is over. */
    private failure;
    /** Which retry round the failure's publish was sent in (see `round`). */
    private failureRound;
    private failuresInARow;
    /** Counts resumes: a publish sent before the last one that fails only now is old news. */
    private round;
    private halted;
    private committing;
    private commitAgain;
    private lastCommitAt;
    private commitTimer;
    private readonly commitIntervalMs;
    private readonly maxWindow;
    private running;
    private loop;
    /** Cuts the loop's current wait short (a settled message, a failure). */
    private wake;
    /** Cuts any wait short, a backoff too (stop). */
    private stopWake;
    private readonly log;
    constructor(o: OutboxOptions);
    /** Reads the cursor, creating it (at the feed's end or beginning) on first use. */
    private loadCursor;
    /**
     * Reads the next events after what was already read and hands their messages to the tasks'
     * pumps; returns how many events it read. Reading goes on while earlier messages wait for
     * their confirms (up to `maxWindow` events), which keeps the lag near one broker round trip.
     */
    private readMore;
    /** Sends a task's queued messages one after another; stops at a transient failure (the rest wait for the retry). */
    private pump;
    /** After a backoff: every task with messages waiting gets its pump back. */
    private resume;
    private drainPumps;
    /** Publishes one message; true when it is settled (confirmed or dead-lettered), false on a transient failure. */
    private deliver;
    private fail;
    /** A message the broker will never take: its letter goes to the dead-letter topic, and the stream moves on. */
    private deadLetter;
    /**
     * Commits in the background, one cursor write at a time: the read loop never waits on a store
     * write (which queues behind the engine's batches), so reading and publishing keep going.
     */
    private kickCommit;
    private settleCommits;
    /**
     * Moves the durable cursor past every event at the front of the window whose messages are
     * settled. While the front is held (a message waits for the broker), the messages settled beyond it are recorded in the cursor too, so a restart
     * does not send them again.
     */
    private commit;
    /**
     * The wait before sending again after the failure in hand: doubles with each failure in a row.
     * A failure of a publish sent before the last retry (a confirm that timed out only now) does
     * not double it: the retry it would answer has not failed yet.
     */
    private nextRetryDelay;
    /**
     * One full round, for tests and scripts: send what an earlier round could not, read a batch,
     * publish it, wait for every confirm, move the cursor. Returns the number of events read;
     * throws when a publish failed (what was not confirmed is sent by the next call).
     */
    runOnce(): Promise<number>;
    private messagesFor;
    start(): this;
    private run;
    stop(): Promise<void>;
}
