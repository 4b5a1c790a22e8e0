/** Queues as a whole: task counts by state, and pause / resume (a paused queue is never claimed from). */
import type { EventEmitter } from 'node:events';
import type { Clock } from '../model/clock.js';
import type { QueueCounts, Store, TaskFinishedGroup, TaskLiveGroup } from '../store/store.js';
export declare class Queues {
    private readonly store;
    private readonly clock;
    /** The engine's signals: a resumed queue wakes its workers. */
    private readonly signals;
    constructor(store: Store, clock: Clock, 
    /** The engine's signals: a resumed queue wakes its workers. */
    signals: Pick<EventEmitter, 'emit'>);
    /** Every queue with tasks (finished ones still retained included), counted by state. */
    counts(): Promise<QueueCounts[]>;
    /**
     * Live tasks of the queues by name, state and when they come due (now, by `soonBy`, later):
     * what an autoscaler needs to size the fleet, read in one query.
     */
    liveSummary(p: {
        queues: string[];
        soonBy: number;
        now?: number;
    }): Promise<TaskLiveGroup[]>;
    /** The newest tasks finished in the queues since `since` (at most `limit`), by name: completions and service times. */
    finishedSummary(p: {
        queues: string[];
        since: number;
        limit: number;
    }): Promise<TaskFinishedGroup[]>;
    paused(): Promise<string[]>;
    /** Nothing is claimed from the queue until it is resumed; its tasks stay where they are. */
    pause(queue: string, actor?: string | null): Promise<void>;
    resume(queue: string, actor?: string | null): Promise<void>;
}
