/**
 * Follows the store's event feed (every state change of every task, whoever made it: this
 * server, other servers, in-process library workers) and hands each new batch to listeners.
 * Metrics, the throughput series and live views all read from here, so they agree with the
 * store rather than with what one process happened to see.
 */
import { EventEmitter } from 'node:events';
import { compareFeedPositions } from '../model/feed.js';
import { TaskLabels } from './labels.js';
const PAGE = 5000;
export class EventFeedFollower extends EventEmitter {
    engine;
    log;
    intervalMs;
    cursor;
    timer = null;
    polling = null;
    stopped = false;
    labels;
    constructor(engine, log, intervalMs = 250) {
        super();
        this.engine = engine;
        this.log = log;
        this.intervalMs = intervalMs;
        this.setMaxListeners(0);
        this.labels = new TaskLabels(engine);
    }
    /** Skips history: only events after start are reported. */
    async start() {
        this.cursor = await this.engine.eventFeedEnd();
        this.schedule();
    }
    get position() {
        return this.cursor;
    }
    schedule() {
        if (this.stopped)
            return;
        this.timer = setTimeout(() => {
            this.polling = this.pollOnce()
                .catch((err) => this.log.error({ err }, 'event feed poll failed'))
                .finally(() => {
                this.polling = null;
                this.schedule();
            });
        }, this.intervalMs);
        this.timer.unref();
    }
    /** The feed's pages after `from()` (read again before each page: the caller moves it on), up to its end. */
    async *pages(from) {
        for (;;) {
            const page = await this.engine.eventFeed({ after: from(), limit: PAGE });
            if (page.length > 0)
                yield page;
            if (page.length < PAGE)
                return;
        }
    }
    async pollOnce() {
        for await (const page of this.pages(() => this.cursor)) {
            const labels = await this.labels.forEvents(page);
            this.cursor = page[page.length - 1].position;
            this.emit('events', page, labels);
        }
    }
    /**
     * Hands `send` every event after `after` (a position a client kept, e.g. an SSE stream's
     * Last-Event-ID), then each new one as it comes: each once, in feed order. The events since
     * `after` are read from the store while the follower's new pages are held back; from then on
     * a page loses what was already sent (the follower may be behind the read, or ahead of it).
     * Without `after`, only what comes after the follower's own position. Returns the unsubscribe.
     */
    async follow(after, send, closed) {
        let sent = after ?? this.cursor;
        let held = after === undefined ? null : [];
        const deliver = (events) => {
            const rest = sent === undefined ? events : events.filter((e) => compareFeedPositions(e.position, sent) > 0);
            if (rest.length === 0)
                return;
            sent = rest[rest.length - 1].position;
            send(rest);
        };
        const onEvents = (events) => (held ? held.push(events) : deliver(events));
        this.on('events', onEvents);
        const off = () => this.off('events', onEvents);
        try {
            if (held) {
                for await (const page of this.pages(() => sent)) {
                    if (closed())
                        break;
                    deliver(page);
                }
            }
        }
        catch (err) {
            off();
            throw err;
        }
        const pending = held ?? [];
        held = null;
        for (const events of pending)
            deliver(events);
        return off;
    }
    async stop() {
        this.stopped = true;
        if (this.timer)
            clearTimeout(this.timer);
        await this.polling;
    }
}
//# sourceMappingURL=feed.js.map