/**
 * Prometheus metrics. Counters and histograms are fed by the store's event feed (feed.ts), so
 * they count every task whoever ran it; gauges of tasks by queue and state are read from the
 * store at scrape time. Several servers on one store each report the same store-wide figures:
 * aggregate them with max(), not sum().
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { TaskEvent } from '../model/task.js';
import type { Engine } from '../engine/engine.js';
import type { EventFeedFollower } from './feed.js';
import type { WorkerRegistry } from './workers.js';

const SECONDS = [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];
/** Bounded memory for start times of tasks seen in the feed. */
const TRACK_MAX = 200_000;

export interface Throughput {
  /** Per-second buckets: [epochSecond, created, succeeded, failed]. */
  series: Array<[number, number, number, number]>;
}

export class ServerMetrics {
  readonly registry = new Registry();
  private readonly created = new Map<string, number>();
  private readonly started = new Map<string, number>();
  private readonly buckets = new Map<number, [number, number, number]>();
  private readonly counters;
  private readonly runTime;
  private readonly queueWait;

  constructor(engine: Engine, workers: WorkerRegistry) {
    collectDefaultMetrics({ register: this.registry, prefix: 'taskframe_process_' });
    const c = (name: string, help: string) => new Counter({ name, help, registers: [this.registry] });
    this.counters = {
      enqueued: c('taskframe_tasks_enqueued_total', 'Tasks created'),
      started: c('taskframe_tasks_started_total', 'Attempts started (claims)'),
      succeeded: c('taskframe_tasks_succeeded_total', 'Tasks succeeded'),
      failed: c('taskframe_tasks_failed_total', 'Attempts failed (including ones that will be retried)'),
      retried: c('taskframe_tasks_retry_scheduled_total', 'Failed attempts scheduled for retry'),
      leaseExpired: c('taskframe_lease_expirations_total', 'Leases that ran out (worker died or stalled)'),
      cancelled: c('taskframe_tasks_cancelled_total', 'Tasks cancelled'),
    };
    this.runTime = new Histogram({ name: 'taskframe_task_run_seconds', help: 'Attempt run time, claim to outcome', buckets: SECONDS, registers: [this.registry] });
    this.queueWait = new Histogram({
      name: 'taskframe_task_queue_wait_seconds',
      help: 'Creation to first claim (includes any requested delay)',
      buckets: SECONDS,
      registers: [this.registry],
    });
    new Gauge({
      name: 'taskframe_tasks',
      help: 'Tasks by queue and state (finished states count history still retained)',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const q of await engine.queues.counts()) {
          for (const [state, n] of Object.entries(q.counts)) this.set({ queue: q.queue, state }, n ?? 0);
        }
      },
    });
    new Gauge({
      name: 'taskframe_workers_live',
      help: 'Remote workers seen (claim or heartbeat) within their lease',
      registers: [this.registry],
      collect() {
        this.set(workers.live().length);
      },
    });
  }

  follow(feed: EventFeedFollower): void {
    feed.on('events', (events) => {
      for (const e of events) this.observe(e);
    });
  }

  private observe(e: TaskEvent): void {
    const sec = Math.floor(e.at / 1000);
    switch (e.type) {
      case 'created':
        this.counters.enqueued.inc();
        remember(this.created, e.taskId, e.at);
        this.bump(sec, 0);
        break;
      case 'claimed': {
        this.counters.started.inc();
        remember(this.started, e.taskId, e.at);
        const c = this.created.get(e.taskId);
        if (c !== undefined) {
          this.queueWait.observe((e.at - c) / 1000);
          this.created.delete(e.taskId);
        }
        break;
      }
      case 'succeeded':
        this.counters.succeeded.inc();
        this.ended(e);
        this.bump(sec, 1);
        break;
      case 'failed':
      case 'timed_out':
        this.counters.failed.inc();
        this.ended(e);
        this.bump(sec, 2);
        break;
      case 'retry_scheduled':
        this.counters.retried.inc();
        this.ended(e);
        break;
      case 'lease_expired':
        this.counters.leaseExpired.inc();
        this.started.delete(e.taskId);
        break;
      case 'cancelled':
        this.counters.cancelled.inc();
        this.started.delete(e.taskId);
        break;
      default:
        break;
    }
  }

  private ended(e: TaskEvent): void {
    const s = this.started.get(e.taskId);
    if (s !== undefined) {
      this.runTime.observe((e.at - s) / 1000);
      this.started.delete(e.taskId);
    }
  }

  private bump(sec: number, i: 0 | 1 | 2): void {
    let b = this.buckets.get(sec);
    if (!b) {
      b = [0, 0, 0];
      this.buckets.set(sec, b);
      // Keep ten minutes of per-second history.
      for (const k of this.buckets.keys()) if (k < sec - 600) this.buckets.delete(k);
    }
    b[i]++;
  }

  /** The last `seconds` seconds of throughput, one entry per second (zeros included). */
  throughput(nowMs: number, seconds = 120): Throughput {
    const end = Math.floor(nowMs / 1000);
    const series: Throughput['series'] = [];
    for (let s = end - seconds + 1; s <= end; s++) {
      const b = this.buckets.get(s) ?? [0, 0, 0];
      series.push([s, b[0], b[1], b[2]]);
    }
    return { series };
  }

  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

function remember(m: Map<string, number>, k: string, v: number): void {
  if (m.size >= TRACK_MAX) {
    const oldest = m.keys().next().value;
    if (oldest !== undefined) m.delete(oldest);
  }
  m.set(k, v);
}
