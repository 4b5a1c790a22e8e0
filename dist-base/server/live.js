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
import { followerLags } from '../bus/follower-lag.js';
import { runJson, taskJson, eventJson } from '../model/json.js';
import { isBookkeeping } from '../model/step.js';
import { queueOverview, timelineJson, workerOverview } from './overview.js';
/** Throughput window the stats stream sends (seconds). */
export const STATS_WINDOW_S = 300;
export class LiveHub {
    engine;
    metrics;
    registry;
    log;
    statsIntervalMs;
    statsListeners = new Set();
    statsTimer = null;
    statsActive = false;
    runs = new Map();
    tasks = new Map();
    runVersions = new Map();
    /** Feed pages are handled one after another, so a page never overtakes the one before. */
    chain = Promise.resolve();
    constructor(engine, metrics, registry, log, statsIntervalMs = 1000) {
        this.engine = engine;
        this.metrics = metrics;
        this.registry = registry;
        this.log = log;
        this.statsIntervalMs = statsIntervalMs;
    }
    follow(feed) {
        feed.on('events', (events, labels) => {
            if (this.runs.size === 0 && this.tasks.size === 0)
                return;
            this.chain = this.chain.then(() => this.dispatch(events, labels)).catch((err) => this.log.error({ err }, 'live view update failed'));
        });
    }
    // ---- stats ----
    onStats(fn) {
        this.statsListeners.add(fn);
        if (!this.statsActive) {
            this.statsActive = true;
            void this.statsTick();
        }
        // The loop stops by itself at its next turn once nobody listens.
        return () => this.statsListeners.delete(fn);
    }
    /** Stops the stats loop (server closing). */
    close() {
        this.statsListeners.clear();
        if (this.statsTimer)
            clearTimeout(this.statsTimer);
        this.statsTimer = null;
        this.statsActive = false;
    }
    async stats() {
        const now = this.engine.clock.now();
        const [queues, workers, followers] = await Promise.all([queueOverview(this.engine, now), workerOverview(this.engine, this.registry), followerLags(this.engine)]);
        return {
            at: new Date(now).toISOString(),
            queues,
            throughput: this.metrics.throughput(Date.now(), STATS_WINDOW_S, true),
            workers: workers.workers,
            workersTruncated: workers.truncated,
            followers,
        };
    }
    async statsTick() {
        this.statsTimer = null;
        if (this.statsListeners.size === 0) {
            this.statsActive = false;
            return;
        }
        try {
            const s = await this.stats();
            for (const fn of this.statsListeners)
                fn(s);
        }
        catch (err) {
            this.log.error({ err }, 'stats for live views failed');
        }
        if (!this.statsActive)
            return;
        this.statsTimer = setTimeout(() => void this.statsTick(), this.statsIntervalMs);
        this.statsTimer.unref();
    }
    // ---- runs and tasks ----
    onRun(runId, fn) {
        const off = subscribe(this.runs, runId, fn);
        return () => {
            off();
            if (!this.runs.has(runId))
                this.runVersions.delete(runId);
        };
    }
    onTask(taskId, fn) {
        return subscribe(this.tasks, taskId, fn);
    }
    async dispatch(events, labels) {
        const byRun = new Map();
        const byTask = new Map();
        for (const e of events) {
            const runId = labels.get(e.taskId)?.runId;
            if (runId && this.runs.has(runId)) {
                let s = byRun.get(runId);
                if (!s)
                    byRun.set(runId, (s = new Set()));
                s.add(e.taskId);
            }
            if (this.tasks.has(e.taskId)) {
                let l = byTask.get(e.taskId);
                if (!l)
                    byTask.set(e.taskId, (l = []));
                l.push(e);
            }
        }
        for (const [runId, ids] of byRun)
            await this.runChanged(runId, [...ids]);
        for (const [taskId, evs] of byTask) {
            const task = await this.engine.find(taskId);
            const fns = this.tasks.get(taskId);
            if (!fns)
                continue;
            for (const fn of fns) {
                if (task)
                    fn({ kind: 'task', task: taskJson(task) });
                fn({ kind: 'events', events: evs.map(eventJson) });
            }
        }
    }
    async runChanged(runId, ids) {
        const changed = await this.engine.inspect.getMany(ids);
        const steps = changed.filter((t) => !isBookkeeping(t));
        const timeline = steps.length ? await this.engine.inspect.timeline(steps) : [];
        const run = await this.engine.runs.find(runId);
        const fns = this.runs.get(runId);
        if (!fns)
            return;
        const version = run ? `${run.state}:${run.updatedAt}` : '';
        const runUpdate = run && this.runVersions.get(runId) !== version ? { kind: 'run', run: runJson(run) } : null;
        if (run)
            this.runVersions.set(runId, version);
        const tasksUpdate = steps.length ? { kind: 'tasks', timeline: timeline.map(timelineJson) } : null;
        for (const fn of fns) {
            if (tasksUpdate)
                fn(tasksUpdate);
            if (runUpdate)
                fn(runUpdate);
        }
    }
}
function subscribe(m, key, fn) {
    let s = m.get(key);
    if (!s)
        m.set(key, (s = new Set()));
    s.add(fn);
    return () => {
        const set = m.get(key);
        set?.delete(fn);
        if (set && set.size === 0)
            m.delete(key);
    };
}
//# sourceMappingURL=live.js.map