/**
 * Follows the store's event feed (every state change of every task, whoever made it: this
 * server, other servers, in-process library workers) and hands each new batch to listeners.
 * Metrics, the throughput series and live views all read from here, so they agree with the
 * store rather than with what one process happened to see.
 */
import { EventEmitter } from 'node:events';
import type { Logger } from '../logger.js';
import { compareFeedPositions, type FeedEvent, type FeedPosition } from '../model/feed.js';
import type { Engine } from '../engine/engine.js';
import type { TaskLabel } from '../engine/inspect.js';
import { TaskLabels } from './labels.js';

export interface FeedEvents {
  /** A page of new events, with the name, queue and run of their tasks (by task id). */
  events: [events: FeedEvent[], labels: Map<string, TaskLabel>];
}

const PAGE = 5000;

export class EventFeedFollower extends EventEmitter<FeedEvents> {
  private cursor: string | undefined;
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private stopped = false;
  private readonly labels: TaskLabels;

  constructor(
    private readonly engine: Engine,
    private readonly log: Logger,
    private readonly intervalMs = 250,
  ) {
    super();
    this.setMaxListeners(0);
    this.labels = new TaskLabels(engine);
  }

  /** Skips history: only events after start are reported. */
  async start(): Promise<void> {
    this.cursor = await this.engine.eventFeedEnd();
    this.schedule();
  }

  get position(): string | undefined {
    return this.cursor;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.polling = this.pollOnce()
        .catch((err: unknown) => this.log.error({ err }, 'event feed poll failed'))
        .finally(() => {
          this.polling = null;
          this.schedule();
        });
    }, this.intervalMs);
    this.timer.unref();
  }

  /** The feed's pages after `from()` (read again before each page: the caller moves it on), up to its end. */
  private async *pages(from: () => FeedPosition | undefined): AsyncGenerator<FeedEvent[]> {
    for (;;) {
      const page = await this.engine.eventFeed({ after: from(), limit: PAGE });
      if (page.length > 0) yield page;
      if (page.length < PAGE) return;
    }
  }

  async pollOnce(): Promise<void> {
    for await (const page of this.pages(() => this.cursor)) {
      const labels = await this.labels.forEvents(page);
      this.cursor = page[page.length - 1]!.position;
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
  async follow(after: FeedPosition | undefined, send: (events: FeedEvent[]) => void, closed: () => boolean): Promise<() => void> {
    let sent = after ?? this.cursor;
    let held: FeedEvent[][] | null = after === undefined ? null : [];
    const deliver = (events: FeedEvent[]) => {
      const rest = sent === undefined ? events : events.filter((e) => compareFeedPositions(e.position, sent!) > 0);
      if (rest.length === 0) return;
      sent = rest[rest.length - 1]!.position;
      send(rest);
    };
    const onEvents = (events: FeedEvent[]) => (held ? held.push(events) : deliver(events));
    this.on('events', onEvents);
    const off = () => this.off('events', onEvents);
    try {
      if (held) {
        for await (const page of this.pages(() => sent)) {
          if (closed()) break;
          deliver(page);
        }
      }
    } catch (err) {
      off();
      throw err;
    }
    const pending = held ?? [];
    held = null;
    for (const events of pending) deliver(events);
    return off;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.polling;
  }
}
