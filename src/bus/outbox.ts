/**
 * Egress: publishes what happens in the store to the bus, driven by the store's event feed and
 * a durable cursor (the transactional-outbox pattern without a second table: the event log
 * already is one).
 *
 * - Every finishing event (succeeded, failed, cancelled, skipped) becomes a done message in
 *   seed-000 format on `doneTopic`; optionally every event goes to `eventsTopic`.
 * - The cursor moves only past events whose messages the broker confirmed. A bus that is down
 *   stops the cursor; when it returns, publishing resumes where it stopped: nothing is lost.
 * - Order per task: a task's messages are published one after another, and a failure stops
 *   that task's chain, so a later message of a task is never confirmed before an earlier one.
 *   Different tasks are published concurrently.
 * - At-least-once with stable ids (`done:<task>:<event>`, `event:<event>`): after a failure,
 *   messages already confirmed are published again; consumers dedupe by id (JetStream and the
 *   ingress of another taskframe do it for them).
 * - Two outboxes with the same name are safe (compare-and-set on the cursor) but wasteful.
 *
 * Retention must keep events longer than the longest bus outage you want to ride out.
 */
import { EventEmitter } from 'node:events';
import type { Clock } from '../model/clock.js';
import { systemClock } from '../model/clock.js';
import { createLogger, type Logger } from '../logger.js';
import { ValidationError } from '../model/errors.js';
import type { Task, TaskEvent, TaskId } from '../model/task.js';
import type { Store } from '../store/store.js';
import { validateTopic, type Bus } from './bus.js';
import { doneMessage, eventMessage, isFinishingEvent } from './formats.js';

export interface OutboxOptions {
  bus: Bus;
  store: Store;
  /** Names the durable cursor (`bus-outbox:<name>`). Default "default". */
  name?: string;
  doneTopic?: string;
  eventsTopic?: string;
  /** Where a new outbox (no cursor yet) starts: the end of the feed (default) or its beginning. */
  from?: 'end' | 'beginning';
  /** Events read per round. Default 1000. */
  batchSize?: number;
  /** Wait between rounds when the feed is empty. Default 20 ms. */
  pollIntervalMs?: number;
  /** Wait after a failed round before trying again. Default 500 ms. */
  retryDelayMs?: number;
  clock?: Clock;
  logger?: Logger;
}

export interface OutboxEvents {
  /** A round confirmed messages up to this event id. */
  advanced: [cursor: string, published: number];
  error: [err: Error];
}

interface Outgoing {
  eventId: string;
  taskId: TaskId;
  topic: string;
  id: string;
  body: string;
}

export class Outbox extends EventEmitter<OutboxEvents> {
  readonly cursorName: string;
  readonly stats = { published: 0, rounds: 0, failures: 0 };
  private cursor: string | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private readonly log: Logger;
  private readonly clock: Clock;

  constructor(private readonly o: OutboxOptions) {
    super();
    if (!o.doneTopic && !o.eventsTopic) throw new ValidationError('out', 'give a done topic, an events topic or both');
    if (o.doneTopic) validateTopic(o.doneTopic, 'out');
    if (o.eventsTopic) validateTopic(o.eventsTopic, 'events');
    if (o.from !== undefined && o.from !== 'end' && o.from !== 'beginning') throw new ValidationError('from', `must be "end" or "beginning", got ${JSON.stringify(o.from)}`);
    this.cursorName = `bus-outbox:${o.name ?? 'default'}`;
    this.clock = o.clock ?? systemClock;
    this.log = (o.logger ?? createLogger()).child({ component: 'bus-outbox', outbox: this.cursorName });
  }

  /** The cursor, creating it (at the feed's end or beginning) on first use. */
  private async loadCursor(): Promise<string> {
    const saved = await this.o.store.cursorGet({ name: this.cursorName });
    if (saved !== null) return saved;
    let start = '0';
    if (this.o.from !== 'beginning') {
      // The end of the feed: page to the last event (cheap: the feed is ordered by primary key).
      for (;;) {
        const page = await this.o.store.eventFeed({ afterId: start, limit: 10_000 });
        if (page.length === 0) break;
        start = page[page.length - 1]!.id;
      }
    }
    if (await this.o.store.cursorSet({ name: this.cursorName, value: start, expect: null, now: this.clock.now() })) return start;
    return (await this.o.store.cursorGet({ name: this.cursorName }))!;
  }

  /**
   * One round: read events after the cursor, publish their messages, move the cursor past
   * every event whose messages are all confirmed. Returns the number of events passed.
   * Throws (after moving the cursor as far as it safely can) when a publish failed.
   */
  async runOnce(): Promise<number> {
    if (this.cursor === null) this.cursor = await this.loadCursor();
    const events = await this.o.store.eventFeed({ afterId: this.cursor, limit: this.o.batchSize ?? 1000 });
    if (events.length === 0) return 0;
    this.stats.rounds++;
    const outgoing = await this.messagesFor(events);
    // One chain per task, in event order; chains run concurrently.
    const chains = new Map<TaskId, Outgoing[]>();
    for (const m of outgoing) {
      let c = chains.get(m.taskId);
      if (!c) chains.set(m.taskId, (c = []));
      c.push(m);
    }
    let firstFailed: bigint | null = null;
    let firstError: unknown = null;
    let published = 0;
    await Promise.all(
      [...chains.values()].map(async (chain) => {
        for (const m of chain) {
          try {
            await this.o.bus.publish(m.topic, m.body, { id: m.id });
            published++;
          } catch (err) {
            const at = BigInt(m.eventId);
            if (firstFailed === null || at < firstFailed) {
              firstFailed = at;
              firstError = err;
            }
            return;
          }
        }
      }),
    );
    this.stats.published += published;
    // Everything strictly before the first failed event is confirmed.
    let next = this.cursor;
    let passed = 0;
    for (const e of events) {
      if (firstFailed !== null && BigInt(e.id) >= firstFailed) break;
      next = e.id;
      passed++;
    }
    if (next !== this.cursor) {
      const ok = await this.o.store.cursorSet({ name: this.cursorName, value: next, expect: this.cursor, now: this.clock.now() });
      if (!ok) {
        // Another outbox of the same name moved it: follow it (at-least-once, nothing skipped we had not published).
        const theirs = await this.o.store.cursorGet({ name: this.cursorName });
        this.cursor = theirs !== null && BigInt(theirs) > BigInt(next) ? theirs : next;
        if (this.cursor === next) await this.o.store.cursorSet({ name: this.cursorName, value: next, now: this.clock.now() });
      } else this.cursor = next;
      this.emit('advanced', this.cursor, published);
    }
    if (firstError !== null) {
      this.stats.failures++;
      throw firstError;
    }
    return passed;
  }

  private async messagesFor(events: TaskEvent[]): Promise<Outgoing[]> {
    const out: Outgoing[] = [];
    const tasks = new Map<TaskId, Task | null>();
    if (this.o.doneTopic) {
      const ids = [...new Set(events.filter(isFinishingEvent).map((e) => e.taskId))];
      await Promise.all(ids.map(async (id) => tasks.set(id, await this.o.store.taskGet({ id }))));
    }
    for (const e of events) {
      if (this.o.eventsTopic) out.push({ eventId: e.id, taskId: e.taskId, topic: this.o.eventsTopic, id: `event:${e.id}`, body: JSON.stringify(eventMessage(e)) });
      if (this.o.doneTopic && isFinishingEvent(e)) {
        const task = tasks.get(e.taskId);
        if (!task) {
          this.log.warn({ taskId: e.taskId, eventId: e.id }, 'finished task no longer in the store (purged); no done message');
          continue;
        }
        out.push({ eventId: e.id, taskId: e.taskId, topic: this.o.doneTopic, id: `done:${e.taskId}:${e.id}`, body: JSON.stringify(doneMessage(task, e)) });
      }
    }
    return out;
  }

  start(): this {
    if (this.running) return this;
    this.running = true;
    this.loop = this.run();
    return this;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let wait = this.o.pollIntervalMs ?? 20;
      try {
        const n = await this.runOnce();
        if (n >= (this.o.batchSize ?? 1000)) wait = 0;
      } catch (err) {
        this.log.warn({ err }, 'outbox round failed; trying again');
        if (this.listenerCount('error') > 0) this.emit('error', err as Error);
        wait = this.o.retryDelayMs ?? 500;
      }
      if (wait > 0 && this.running) {
        await new Promise<void>((r) => {
          const t = setTimeout(r, wait);
          this.wake = () => {
            clearTimeout(t);
            r();
          };
        });
        this.wake = null;
      }
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = null;
  }
}
