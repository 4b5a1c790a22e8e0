/**
 * Live views for the console, pushed as server-sent events:
 *
 *   stats   every interval, while anyone listens: queues (counts, backlog, oldest ready),
 *           throughput per second store-wide and per queue, workers and what they hold, and how
 *           far each bus outbox and taskmaster is behind the event feed. Computed
 *           once per interval however many pages are open.
 *   run     the tasks of one run that changed, as timeline entries (state, attempts, result preview),
 *           and the run when it changes;
 *   task    one task when it changes, and its new audit events.
 *
 * Runs and tasks are followed through the store's event feed (feed.ts, which names each event's
 * task by run), so a page sees what any process did, and costs nothing while no page is open.
 */
import { type FollowerLag } from '../bus/follower-lag.js';
import type { Engine } from '../engine/engine.js';
import type { Logger } from '../logger.js';
import { type EventJson, type RunJson, type TaskJson } from '../model/json.js';
import type { EventFeedFollower } from './feed.js';
import type { ServerMetrics, Throughput } from './metrics.js';
import { type QueueJson, type TimelineJson, type WorkerJson } from './overview.js';
import type { WorkerRegistry } from './workers.js';
export interface StatsSnapshot {
    at: string;
    queues: QueueJson[];
    throughput: Throughput;
    workers: WorkerJson[];
    workersTruncated: boolean;
    /** Durable followers of the event feed (bus/follower-lag.ts); lagSeconds null: stuck on a cursor not in this feed. */
    followers: FollowerLag[];
}
export type RunUpdate = {
    kind: 'run';
    run: RunJson;
} | {
    kind: 'tasks';
    timeline: TimelineJson[];
};
export type TaskUpdate = {
    kind: 'task';
    task: TaskJson;
} | {
    kind: 'events';
    events: EventJson[];
};
/** Throughput window the stats stream sends (seconds). */
export declare const STATS_WINDOW_S = 300;
export declare class LiveHub {
    private readonly engine;
    private readonly metrics;
    private readonly registry;
    private readonly log;
    private readonly statsIntervalMs;
    private readonly statsListeners;
    private statsTimer;
    private statsActive;
    private readonly runs;
    private readonly tasks;
    private readonly runVersions;
    /** Feed pages are handled one after another, so a page never overtakes the one before. */
    private chain;
    constructor(engine: Engine, metrics: ServerMetrics, registry: WorkerRegistry, log: Logger, statsIntervalMs?: number);
    follow(feed: EventFeedFollower): void;
    onStats(fn: (s: StatsSnapshot) => void): () => void;
    /** Stops the stats loop (server closing). */
    close(): void;
    stats(): Promise<StatsSnapshot>;
    private statsTick;
    onRun(runId: string, fn: (u: RunUpdate) => void): () => void;
    onTask(taskId: string, fn: (u: TaskUpdate) => void): () => void;
    private dispatch;
    private runChanged;
}
