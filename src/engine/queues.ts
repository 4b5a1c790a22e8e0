/** Queues as a whole: task counts by state, and pause / resume (a paused queue is never claimed from). */
import type { EventEmitter } from 'node:events';
import type { Clock } from '../model/clock.js';
import { validateName } from '../model/spec.js';
import type { QueueCounts, Store, TaskFinishedGroup, TaskLiveGroup } from '../store/store.js';

export class Queues {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    /** The engine's signals: a resumed queue wakes its workers. */
    private readonly signals: Pick<EventEmitter, 'emit'>,
  ) {}

  /** Every queue with tasks (finished ones still retained included), counted by state. */
  counts(): Promise<QueueCounts[]> {
    return this.store.queueCounts();
  }

  /**
   * Live tasks of the queues by name, state and when they come due (now, by `soonBy`, later):
   * what an autoscaler needs to size the fleet, read in one query.
   */
  liveSummary(p: { queues: string[]; soonBy: number; now?: number }): Promise<TaskLiveGroup[]> {
    // `now`: the caller's moment, so a sample's buckets and its rates share one time.
    return this.store.taskLiveSummary({ queues: p.queues, now: p.now ?? this.clock.now(), soonBy: p.soonBy });
  }

  /** The newest tasks finished in the queues since `since` (at most `limit`), by name: completions and service times. */
  finishedSummary(p: { queues: string[]; since: number; limit: number }): Promise<TaskFinishedGroup[]> {
    return this.store.taskFinishedSummary(p);
  }

  paused(): Promise<string[]> {
    return this.store.queuePausedList();
  }

  /** Nothing is claimed from the queue until it is resumed; its tasks stay where they are. */
  // Through the flow pause (the same flag), so every change is in the flow audit.
  async pause(queue: string, actor: string | null = null): Promise<void> {
    validateName(queue, 'queue');
    await this.store.flowPauseSet({ kind: 'queue', target: queue, paused: true, actor, now: this.clock.now() });
  }

  async resume(queue: string, actor: string | null = null): Promise<void> {
    validateName(queue, 'queue');
    await this.store.flowPauseSet({ kind: 'queue', target: queue, paused: false, actor, now: this.clock.now() });
    this.signals.emit('wake', queue);
  }
}
