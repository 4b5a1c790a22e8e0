/**
 * Egress: publishes what happens in the store to the bus, driven by the store's event feed and
 * a durable cursor (the transactional-outbox pattern without a second table: the event log
 * already is one).
 *
 * - Every finishing event (succeeded, failed, cancelled, skipped) becomes a done message in
 *   seed-000 format on `doneTopic`; optionally every event goes to `eventsTopic`.
 * - The cursor moves only past events whose messages the broker confirmed. A bus that is down
 *   stops the cursor; when it returns, publishing resumes where it stopped: nothing is lost.
 * - Order per task: a task's messages are published one after another (each waits for the
 *   previous one's confirm), and a failure stops every chain, so a later message of a task is
 *   never confirmed before an earlier one. Different tasks are published concurrently, and
 *   reading goes on while confirms are outstanding (a sliding window of `maxWindow` events), so
 *   the lag stays near one broker round trip instead of one whole batch.
 * - At-least-once with stable ids (`done:<task>:<event>`, `event:<event>`): after a failure,
 *   messages already confirmed are published again; consumers dedupe by id (JetStream and the
 *   ingress of another taskframe do it for them).
 * - Two outboxes with the same name are safe (compare-and-set on the cursor) but wasteful.
 *
 * Retention must keep events longer than the longest bus outage you want to ride out.
 */
import { EventEmitter } from 'node:events';
import { createLogger, type Logger } from '../logger.js';
import { ValidationError } from '../model/errors.js';
import { isBookkeeping } from '../model/step.js';
import type { Task, TaskEvent, TaskId } from '../model/task.js';
import type { Engine } from '../engine/engine.js';
import { validateTopic, type Bus } from './bus.js';
import { doneMessage, eventMessage, isFinishingEvent } from './formats.js';

export interface OutboxOptions {
  bus: Bus;
  /** The engine whose store's event feed is published (its clock stamps the cursor). */
  engine: Engine;
  /** Names the durable cursor (`bus-outbox:<name>`). Default "default". */
  name?: string;
  doneTopic?: string;
  eventsTopic?: string;
  /** Where a new outbox (no cursor yet) starts: the end of the feed (default) or its beginning. */
  from?: 'end' | 'beginning';
  /** Events read per round. Default 1000. */
  batchSize?: number;
  /** Events read but not yet confirmed, at most. Default 10,000. */
  maxWindow?: number;
  /** Cursor writes at most this often. Default 100 ms. */
  commitIntervalMs?: number;
  /** Wait between reads when the feed is empty. Default 10 ms. */
  pollIntervalMs?: number;
  /** Wait after a failed round before trying again. Default 500 ms. */
  retryDelayMs?: number;
  logger?: Logger;
}

export interface OutboxEvents {
  /** A round confirmed messages up to this event id. */
  advanced: [cursor: string, published: number];
  error: [err: Error];
}

interface Slot {
  eventId: string;
  /** Messages of this event not yet confirmed. */
  remaining: number;
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
  /** Durable position: every event up to here has all its messages confirmed. */
  private committed: string | null = null;
  /** Events read (and being published) up to here. */
  private readCursor: string | null = null;
  /** Events read and not yet committed, in feed order. */
  private window: Slot[] = [];
  /** The last publish of each task with messages in flight. */
  private readonly chains = new Map<TaskId, Promise<boolean>>();
  private failure: Error | null = null;
  private committing: Promise<void> | null = null;
  private commitAgain = false;
  private lastCommitAt = 0;
  private commitTimer: NodeJS.Timeout | null = null;
  private readonly commitIntervalMs: number;
  private readonly maxWindow: number;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private readonly log: Logger;

  constructor(private readonly o: OutboxOptions) {
    super();
    if (!o.doneTopic && !o.eventsTopic) throw new ValidationError('out', 'give a done topic, an events topic or both');
    if (o.doneTopic) validateTopic(o.doneTopic, 'out');
    if (o.eventsTopic) validateTopic(o.eventsTopic, 'events');
    if (o.from !== undefined && o.from !== 'end' && o.from !== 'beginning') throw new ValidationError('from', `must be "end" or "beginning", got ${JSON.stringify(o.from)}`);
    this.cursorName = `bus-outbox:${o.name ?? 'default'}`;
    this.maxWindow = o.maxWindow ?? 10_000;
    this.commitIntervalMs = o.commitIntervalMs ?? 100;
    this.log = (o.logger ?? createLogger()).child({ component: 'bus-outbox', outbox: this.cursorName });
  }

  /** The cursor, creating it (at the feed's end or beginning) on first use. */
  private async loadCursor(): Promise<string> {
    const saved = await this.o.engine.cursors.get(this.cursorName);
    if (saved !== null) return saved;
    let start = '0';
    if (this.o.from !== 'beginning') {
      // The end of the feed: page to the last event (cheap: the feed is ordered by primary key).
      for (;;) {
        const page = await this.o.engine.eventFeed({ afterId: start, limit: 10_000 });
        if (page.length === 0) break;
        start = page[page.length - 1]!.id;
      }
    }
    if (await this.o.engine.cursors.compareAndSet(this.cursorName, null, start)) return start;
    return (await this.o.engine.cursors.get(this.cursorName))!;
  }

  /**
   * Reads the next events after what was already read and starts publishing their messages;
   * returns how many events it read. Publishing is a sliding window: reading goes on while
   * earlier messages are still waiting for their confirms, which keeps the lag near one broker
   * round trip. Each task's messages form a chain (the next starts when the previous is
   * confirmed), so order per task holds across rounds.
   */
  private async readMore(): Promise<number> {
    if (this.committed === null) this.committed = this.readCursor = await this.loadCursor();
    const room = this.maxWindow - this.window.length;
    if (room <= 0 || this.failure) return 0;
    const events = await this.o.engine.eventFeed({ afterId: this.readCursor!, limit: Math.min(room, this.o.batchSize ?? 1000) });
    if (events.length === 0) return 0;
    this.stats.rounds++;
    const outgoing = await this.messagesFor(events);
    const slots = new Map<string, Slot>();
    for (const e of events) {
      const slot: Slot = { eventId: e.id, remaining: 0 };
      slots.set(e.id, slot);
      this.window.push(slot);
    }
    for (const m of outgoing) slots.get(m.eventId)!.remaining++;
    for (const m of outgoing) this.send(m, slots.get(m.eventId)!);
    this.readCursor = events[events.length - 1]!.id;
    return events.length;
  }

  private send(m: Outgoing, slot: Slot): void {
    const prev = this.chains.get(m.taskId) ?? Promise.resolve(true);
    const p = prev.then(async (ok) => {
      // After a failure nothing more is sent: the window is rolled back and read again.
      if (!ok || this.failure) return false;
      try {
        await this.o.bus.publish(m.topic, m.body, { id: m.id });
      } catch (err) {
        this.failure ??= err instanceof Error ? err : new Error(String(err));
        return false;
      }
      slot.remaining--;
      this.stats.published++;
      return true;
    });
    this.chains.set(m.taskId, p);
    void p.then(() => {
      if (this.chains.get(m.taskId) === p) this.chains.delete(m.taskId);
      if (slot.remaining === 0) this.wake?.();
    });
  }

  /**
   * Commits in the background, one cursor write at a time: the read loop never waits on a store
   * write (which queues behind the engine's batches), so reading and publishing keep going.
   */
  private kickCommit(): void {
    // A cursor write is a store write: at most one per commitIntervalMs (a crash repeats at most
    // that much, with the same ids), so it never competes with the engine's batches for the lock.
    const since = Date.now() - this.lastCommitAt;
    if (since < this.commitIntervalMs) {
      this.commitTimer ??= setTimeout(() => {
        this.commitTimer = null;
        this.kickCommit();
      }, this.commitIntervalMs - since);
      return;
    }
    if (this.committing) {
      this.commitAgain = true;
      return;
    }
    this.lastCommitAt = Date.now();
    this.committing = this.commit()
      .catch((err: unknown) => this.log.warn({ err }, 'outbox cursor write failed; trying again'))
      .finally(() => {
        this.committing = null;
        if (this.commitAgain) {
          this.commitAgain = false;
          this.kickCommit();
        }
      });
  }

  private async settleCommits(): Promise<void> {
    while (this.committing) await this.committing;
  }

  /** Moves the durable cursor past every event at the front of the window whose messages are confirmed. */
  private async commit(): Promise<void> {
    let next = this.committed!;
    let n = 0;
    while (n < this.window.length && this.window[n]!.remaining === 0) next = this.window[n++]!.eventId;
    if (n === 0) return;
    this.window.splice(0, n);
    const prev = this.committed!;
    this.committed = next;
    if (!(await this.o.engine.cursors.compareAndSet(this.cursorName, prev, next))) {
      // Another outbox of the same name moved it: keep whichever is further (nothing we had not published is skipped).
      const theirs = await this.o.engine.cursors.get(this.cursorName);
      if (theirs === null || BigInt(theirs) < BigInt(next)) await this.o.engine.cursors.set(this.cursorName, next);
    }
    this.emit('advanced', next, n);
  }

  /** After a failed publish: let every chain settle, keep what was confirmed, read the rest again. */
  private async rollback(): Promise<Error> {
    while (this.chains.size > 0) await Promise.all([...this.chains.values()]);
    await this.settleCommits();
    await this.commit();
    const err = this.failure!;
    this.window = [];
    this.readCursor = this.committed;
    this.failure = null;
    this.stats.failures++;
    return err;
  }

  /**
   * One full round, for tests and scripts: read a batch, publish it, wait for every confirm,
   * move the cursor. Returns the number of events passed; throws (after keeping what was
   * confirmed) when a publish failed.
   */
  async runOnce(): Promise<number> {
    const n = await this.readMore();
    while (this.chains.size > 0) await Promise.all([...this.chains.values()]);
    if (this.failure) throw await this.rollback();
    await this.settleCommits();
    await this.commit();
    return n;
  }

  private async messagesFor(events: TaskEvent[]): Promise<Outgoing[]> {
    const out: Outgoing[] = [];
    const tasks = new Map<TaskId, Task | null>();
    if (this.o.doneTopic) {
      const ids = [...new Set(events.filter(isFinishingEvent).map((e) => e.taskId))];
      await Promise.all(ids.map(async (id) => tasks.set(id, await this.o.engine.find(id))));
    }
    for (const e of events) {
      if (this.o.eventsTopic) out.push({ eventId: e.id, taskId: e.taskId, topic: this.o.eventsTopic, id: `event:${e.id}`, body: JSON.stringify(eventMessage(e)) });
      if (this.o.doneTopic && isFinishingEvent(e)) {
        const task = tasks.get(e.taskId);
        if (!task) {
          this.log.warn({ taskId: e.taskId, eventId: e.id }, 'finished task no longer in the store (purged); no done message');
          continue;
        }
        // A workflow run's bookkeeping (its finishing task, fail fast) is no task of the user's.
        if (isBookkeeping(task)) continue;
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
      let wait = this.o.pollIntervalMs ?? 10;
      try {
        if (this.failure) throw await this.rollback();
        const n = await this.readMore();
        this.kickCommit();
        if (n >= (this.o.batchSize ?? 1000)) wait = 0;
      } catch (err) {
        this.log.warn({ err }, 'outbox publishing failed; trying again from the last confirmed event');
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
    // Stopping: let what is in flight land and record it.
    while (this.chains.size > 0) await Promise.all([...this.chains.values()]);
    if (this.commitTimer) clearTimeout(this.commitTimer);
    this.commitTimer = null;
    await this.settleCommits();
    if (!this.failure) await this.commit().catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = null;
  }
}
