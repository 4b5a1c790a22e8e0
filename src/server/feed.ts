/**
 * Follows the store's event feed (every state change of every task, whoever made it: this
 * server, other servers, in-process library workers) and hands each new batch to listeners.
 * Metrics, the throughput series and live views all read from here, so they agree with the
 * store rather than with what one process happened to see.
 */
import { EventEmitter } from 'node:events';
import type { Logger } from '../logger.js';
import type { TaskEvent } from '../model/task.js';
import type { Engine } from '../engine/engine.js';
import type { TaskLabel } from '../engine/inspect.js';
import { TaskLabels } from './labels.js';

export interface FeedEvents {
  /** A page of new events, with the name, queue and run of their tasks (by task id). */
  events: [events: TaskEvent[], labels: Map<string, TaskLabel>];
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

  async pollOnce(): Promise<void> {
    for (;;) {
      const page = await this.engine.eventFeed({ after: this.cursor, limit: PAGE });
      if (page.length === 0) return;
      const labels = await this.labels.forEvents(page);
      this.cursor = page[page.length - 1]!.position;
      this.emit('events', page, labels);
      if (page.length < PAGE) return;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.polling;
  }
}
