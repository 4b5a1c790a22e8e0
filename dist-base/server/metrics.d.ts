/**
 * Prometheus metrics. Counters and histograms are fed by the store's event feed (feed.ts), so
 * they count every task whoever ran it; gauges of tasks by queue and state are read from the
 * store at scrape time. Several servers on one store each report the same store-wide figures:
 * aggregate them with max(), not sum().
 *
 * Counters carry `queue` and `name` (the task type, never a workflow step or an id). Their
 * cardinality is bounded twice: by the code (queues and task types are names a deployment
 * defines, not data), and here: at most LABEL_PAIRS_MAX (queue, name) pairs and QUEUES_MAX queues
 * get series of their own; past that, counts go to `name="_other"` (and `queue="_other"`), so a
 * producer inventing names cannot grow the scrape without end. Histograms stay unlabelled.
 */
import { Registry } from 'prom-client';
import type { Engine } from '../engine/engine.js';
import type { EventFeedFollower } from './feed.js';
import type { WorkerRegistry } from './workers.js';
export declare const LABEL_PAIRS_MAX = 1000;
export declare const QUEUES_MAX = 200;
export declare const OTHER = "_other";
/** Per-second throughput kept (seconds). */
export declare const THROUGHPUT_KEEP_S = 600;
/**
 * prom-client's default metrics include three gauges named like counters (`…_total`); they are
 * published under these names instead, so `rate()` is never applied to a gauge by mistake.
 */
export declare const RENAMED_GAUGES: Record<string, string>;
export interface Throughput {
    /** Per-second buckets, store-wide: [epochSecond, created, succeeded, failed]. */
    series: Array<[number, number, number, number]>;
    /** The same per queue (queues with no activity in the window are left out). */
    queues?: Record<string, Array<[number, number, number, number]>>;
}
export declare class ServerMetrics {
    readonly registry: Registry<"text/plain; version=0.0.4; charset=utf-8">;
    private readonly created;
    private readonly started;
    /** Per second: the store-wide counts and each queue's. */
    private readonly buckets;
    private readonly pairs;
    private readonly queues;
    private readonly counters;
    private readonly collapsed;
    private readonly deduplicated;
    private readonly runTime;
    private readonly queueWait;
    constructor(engine: Engine, workers: WorkerRegistry);
    private renameGauges;
    follow(feed: EventFeedFollower): void;
    /** The labels an event is counted under, within the cardinality bounds. */
    private labelsOf;
    private observe;
    private ended;
    private bump;
    /** The last `seconds` seconds of throughput, one entry per second (zeros included); per queue with `byQueue`. */
    throughput(nowMs: number, seconds?: number, byQueue?: boolean): Throughput;
    text(): Promise<{
        contentType: string;
        body: string;
    }>;
}
