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
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { followerLags } from '../bus/follower-lag.js';
const SECONDS = [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];
/** Bounded memory for start times of tasks seen in the feed. */
const TRACK_MAX = 200_000;
export const LABEL_PAIRS_MAX = 1000;
export const QUEUES_MAX = 200;
export const OTHER = '_other';
/** Per-second throughput kept (seconds). */
export const THROUGHPUT_KEEP_S = 600;
const PREFIX = 'taskframe_process_';
/**
 * prom-client's default metrics include three gauges named like counters (`…_total`); they are
 * published under these names instead, so `rate()` is never applied to a gauge by mistake.
 */
export const RENAMED_GAUGES = {
    [`${PREFIX}nodejs_active_handles_total`]: `${PREFIX}nodejs_active_handles_all`,
    [`${PREFIX}nodejs_active_requests_total`]: `${PREFIX}nodejs_active_requests_all`,
    [`${PREFIX}nodejs_active_resources_total`]: `${PREFIX}nodejs_active_resources_all`,
};
export class ServerMetrics {
    registry = new Registry();
    created = new Map();
    started = new Map();
    /** Per second: the store-wide counts and each queue's. */
    buckets = new Map();
    pairs = new Set();
    queues = new Set();
    counters;
    collapsed;
    deduplicated;
    runTime;
    queueWait;
    constructor(engine, workers) {
        collectDefaultMetrics({ register: this.registry, prefix: PREFIX });
        this.renameGauges();
        const c = (name, help) => new Counter({ name, help, labelNames: ['queue', 'name'], registers: [this.registry] });
        this.counters = {
            enqueued: c('taskframe_tasks_enqueued_total', 'Tasks created'),
            started: c('taskframe_tasks_started_total', 'Attempts started (claims)'),
            succeeded: c('taskframe_tasks_succeeded_total', 'Tasks succeeded'),
            failed: c('taskframe_tasks_failed_total', 'Attempts failed (including ones that will be retried)'),
            retried: c('taskframe_tasks_retry_scheduled_total', 'Failed attempts scheduled for retry'),
            leaseExpired: c('taskframe_lease_expirations_total', 'Leases that ran out (worker died or stalled)'),
            cancelled: c('taskframe_tasks_cancelled_total', 'Tasks cancelled'),
        };
        this.collapsed = new Counter({
            name: 'taskframe_enqueues_collapsed_total',
            help: 'Enqueues that joined an existing task by their debounce or throttle key instead of creating one',
            labelNames: ['queue', 'name', 'mode'],
            registers: [this.registry],
        });
        this.deduplicated = new Counter({
            name: 'taskframe_enqueues_deduplicated_total',
            help: 'Enqueues that returned an existing task by its idempotency key or dedup key instead of creating one',
            labelNames: ['queue', 'name', 'by'],
            registers: [this.registry],
        });
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
                    for (const [state, n] of Object.entries(q.counts))
                        this.set({ queue: q.queue, state }, n ?? 0);
                }
            },
        });
        flowGauges(engine, this.registry);
        new Gauge({
            name: 'taskframe_feed_follower_lag_seconds',
            help: 'Per durable follower of the event feed (bus outboxes bus-outbox:NAME, taskmaster rules rules:NAME): age of the oldest event it has not read yet, 0 when caught up; ' +
                'NaN when its cursor is not a place in this feed (kept from another database)',
            labelNames: ['follower'],
            registers: [this.registry],
            async collect() {
                this.reset();
                for (const f of await followerLags(engine))
                    this.set({ follower: f.follower }, f.lagSeconds ?? Number.NaN);
            },
        });
        // SQLite has no clock of its own: every process on the file shares its host's.
        if (engine.driver === 'postgres')
            new Gauge({
                name: 'taskframe_clock_skew_seconds',
                help: "This server's clock minus the database's, as measured now (absent on SQLite, which has no clock of its own); hosts judge each other's leases by their own clocks",
                registers: [this.registry],
                async collect() {
                    const skew = await engine.clockSkew().catch(() => null);
                    if (skew)
                        this.set(skew.skewMs / 1000);
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
    renameGauges() {
        for (const [from, to] of Object.entries(RENAMED_GAUGES)) {
            const old = this.registry.getSingleMetric(from);
            // Not every Node.js version has every one (active resources came with Node 17).
            if (!old)
                continue;
            this.registry.removeSingleMetric(from);
            new Gauge({
                name: to,
                help: `${old.help} (all types)`,
                registers: [this.registry],
                async collect() {
                    const v = await old.get();
                    this.set(v.values[0]?.value ?? 0);
                },
            });
        }
    }
    follow(feed) {
        feed.on('events', (events, labels) => {
            for (const e of events)
                this.observe(e, labels.get(e.taskId));
        });
    }
    /** The labels an event is counted under, within the cardinality bounds. */
    labelsOf(l) {
        if (!l)
            return { queue: OTHER, name: OTHER };
        let queue = l.queue;
        if (!this.queues.has(queue)) {
            if (this.queues.size >= QUEUES_MAX)
                queue = OTHER;
            else
                this.queues.add(queue);
        }
        const pair = `${queue}\u0000${l.name}`;
        if (this.pairs.has(pair))
            return { queue, name: l.name };
        if (this.pairs.size >= LABEL_PAIRS_MAX)
            return { queue, name: OTHER };
        this.pairs.add(pair);
        return { queue, name: l.name };
    }
    observe(e, label) {
        const sec = Math.floor(e.at / 1000);
        const labels = this.labelsOf(label);
        switch (e.type) {
            case 'created':
                this.counters.enqueued.inc(labels);
                remember(this.created, e.taskId, e.at);
                this.bump(sec, 0, labels.queue);
                break;
            case 'claimed': {
                this.counters.started.inc(labels);
                remember(this.started, e.taskId, e.at);
                const c = this.created.get(e.taskId);
                if (c !== undefined) {
                    this.queueWait.observe((e.at - c) / 1000);
                    this.created.delete(e.taskId);
                }
                break;
            }
            case 'succeeded':
                this.counters.succeeded.inc(labels);
                this.ended(e);
                this.bump(sec, 1, labels.queue);
                break;
            case 'failed':
            case 'timed_out':
                this.counters.failed.inc(labels);
                this.ended(e);
                this.bump(sec, 2, labels.queue);
                break;
            case 'retry_scheduled':
                this.counters.retried.inc(labels);
                this.ended(e);
                break;
            case 'lease_expired':
                this.counters.leaseExpired.inc(labels);
                this.started.delete(e.taskId);
                break;
            case 'cancelled':
                this.counters.cancelled.inc(labels);
                this.started.delete(e.taskId);
                break;
            case 'debounced': {
                const mode = e.detail?.mode;
                this.collapsed.inc({ ...labels, mode: mode === 'throttle' ? 'throttle' : 'debounce' });
                break;
            }
            case 'deduplicated': {
                const by = e.detail?.by;
                this.deduplicated.inc({ ...labels, by: by === 'dedupKey' ? 'dedupKey' : 'key' });
                break;
            }
            default:
                break;
        }
    }
    ended(e) {
        const s = this.started.get(e.taskId);
        if (s !== undefined) {
            this.runTime.observe((e.at - s) / 1000);
            this.started.delete(e.taskId);
        }
    }
    bump(sec, i, queue) {
        let b = this.buckets.get(sec);
        if (!b) {
            b = { total: [0, 0, 0], byQueue: new Map() };
            this.buckets.set(sec, b);
            for (const k of this.buckets.keys())
                if (k < sec - THROUGHPUT_KEEP_S)
                    this.buckets.delete(k);
        }
        b.total[i]++;
        let q = b.byQueue.get(queue);
        if (!q)
            b.byQueue.set(queue, (q = [0, 0, 0]));
        q[i]++;
    }
    /** The last `seconds` seconds of throughput, one entry per second (zeros included); per queue with `byQueue`. */
    throughput(nowMs, seconds = 120, byQueue = false) {
        const end = Math.floor(nowMs / 1000);
        const series = [];
        const names = new Set();
        for (let s = end - seconds + 1; s <= end; s++) {
            const b = this.buckets.get(s);
            const t = b?.total ?? [0, 0, 0];
            series.push([s, t[0], t[1], t[2]]);
            if (b && byQueue)
                for (const q of b.byQueue.keys())
                    names.add(q);
        }
        if (!byQueue)
            return { series };
        const queues = {};
        for (const q of [...names].sort()) {
            queues[q] = series.map(([s]) => {
                const c = this.buckets.get(s)?.byQueue.get(q) ?? [0, 0, 0];
                return [s, c[0], c[1], c[2]];
            });
        }
        return { series, queues };
    }
    async text() {
        return { contentType: this.registry.contentType, body: await this.registry.metrics() };
    }
}
function remember(m, k, v) {
    if (m.size >= TRACK_MAX) {
        const oldest = m.keys().next().value;
        if (oldest !== undefined)
            m.delete(oldest);
    }
    m.set(k, v);
}
/**
 * Flow control at scrape time, per limit rule (rules are few and named by operators, so the
 * label is bounded; keys are not used as labels, they are data): tasks running under the rule,
 * keys at their concurrency (their other tasks wait), and the pauses in force by kind.
 */
function flowGauges(engine, registry) {
    const read = async () => {
        const [limits, usage] = await Promise.all([engine.flow.listLimits(), engine.flow.usage()]);
        const out = new Map(limits.map((l) => [l.id, { running: 0, atLimit: 0, concurrency: l.concurrency }]));
        for (const u of usage) {
            const l = out.get(u.limitId);
            if (!l)
                continue;
            l.running += u.running;
            if (l.concurrency !== null && u.running >= l.concurrency)
                l.atLimit++;
        }
        return out;
    };
    // prom-client collects every metric of a scrape at once: the two per-limit gauges share one read.
    let inFlight = null;
    const perLimit = () => (inFlight ??= read().finally(() => (inFlight = null)));
    new Gauge({
        name: 'taskframe_flow_running',
        help: 'Tasks running under each flow-control limit (all its keys)',
        labelNames: ['limit'],
        registers: [registry],
        async collect() {
            this.reset();
            for (const [limit, l] of await perLimit())
                this.set({ limit }, l.running);
        },
    });
    new Gauge({
        name: 'taskframe_flow_keys_at_concurrency',
        help: 'Keys of each limit with as many tasks running as its concurrency allows (their other tasks wait)',
        labelNames: ['limit'],
        registers: [registry],
        async collect() {
            this.reset();
            for (const [limit, l] of await perLimit())
                if (l.concurrency !== null)
                    this.set({ limit }, l.atLimit);
        },
    });
    new Gauge({
        name: 'taskframe_flow_paused',
        help: 'Pauses in force, by what is paused (queue, name, run, schedule)',
        labelNames: ['kind'],
        registers: [registry],
        async collect() {
            const p = await engine.flow.paused();
            this.set({ kind: 'queue' }, p.queues.length);
            this.set({ kind: 'name' }, p.names.length);
            this.set({ kind: 'run' }, p.runs.length);
            this.set({ kind: 'schedule' }, p.schedules.length);
        },
    });
}
//# sourceMappingURL=metrics.js.map