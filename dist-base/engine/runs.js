import { ConflictError, NotFoundError } from '../model/errors.js';
import { FINISHED_RUN_STATES } from '../model/run.js';
import { LIVE_STATES } from '../model/state.js';
import { graphInserts } from './graph.js';
/** A run's tasks are read whole (a 10,000-item foreach is one run); this bounds the read. */
const RUN_TASKS_MAX = 1_000_000;
export class Runs {
    store;
    clock;
    tasks;
    constructor(store, clock, tasks) {
        this.store = store;
        this.clock = clock;
        this.tasks = tasks;
    }
    /**
     * Records the run and inserts its graph in one transaction. The graph is checked first (a
     * ValidationError names `tasks[i]…`); a task the store refuses (a dependency on a task that does
     * not exist) rolls the run back with it.
     */
    async submit(submission, graph) {
        const now = this.clock.now();
        const run = { ...submission, state: 'running', outputs: null, error: null, createdAt: now };
        const taskInsert = graphInserts(graph, now);
        // Not through the write queue: its batches may split inserts from other groups, and a run
        // is rare next to tasks, so its own transaction costs nothing that matters.
        const r = await this.store.writeBatch({ now, runInsert: [{ run }], taskInsert });
        this.tasks.inserted(r.taskInsert);
        return r.runInsert[0];
    }
    /** Ends a running run with its outcome; null when it had already ended (it is left as it was). */
    finish(id, outcome) {
        const change = outcome.state === 'succeeded' ? { outputs: outcome.outputs } : { error: outcome.error };
        return this.store.runUpdate({ id, fromStates: ['running'], state: outcome.state, ...change, now: this.clock.now() });
    }
    /** Cancels the run and every live task in it (running handlers are aborted). */
    async cancel(id, reason = 'run cancelled by request') {
        const run = await this.store.runUpdate({ id, fromStates: ['running'], state: 'cancelled', error: { message: reason }, now: this.clock.now() });
        if (!run) {
            const existing = await this.find(id);
            if (!existing)
                throw new NotFoundError('run', id);
            throw new ConflictError(`run ${id} is already ${existing.state}`, { runId: id, state: existing.state });
        }
        const live = await this.tasksOf(id, [...LIVE_STATES]);
        // Already finished by a neighbour's cancellation (a skipped dependent, a cancelled subtree): fine.
        await Promise.allSettled(live.map((t) => this.tasks.cancel(t.id, reason)));
        return run;
    }
    async get(id) {
        const run = await this.find(id);
        if (!run)
            throw new NotFoundError('run', id);
        return run;
    }
    find(id) {
        return this.store.runGet({ id });
    }
    /** Newest first. */
    list(p) {
        return this.store.runList(p);
    }
    /** The run's tasks (subtasks included), optionally only those in `states`; in no particular order. */
    tasksOf(id, states) {
        return this.store.taskList({ runId: id, ...(states ? { states } : {}), limit: RUN_TASKS_MAX });
    }
    /** The run with all its tasks, oldest task first. */
    async withTasks(id) {
        const run = await this.get(id);
        const tasks = await this.tasksOf(id);
        tasks.sort((a, b) => Number(a.id) - Number(b.id));
        return { run, tasks };
    }
    /** Resolves with the run once it has ended; polls the store, so it sees runs other processes finish. */
    async wait(id, options = {}) {
        const interval = options.intervalMs ?? 50;
        for (;;) {
            const run = await this.get(id);
            if (FINISHED_RUN_STATES.includes(run.state))
                return run;
            if (options.signal?.aborted)
                throw options.signal.reason;
            await new Promise((r) => setTimeout(r, interval));
        }
    }
}
//# sourceMappingURL=runs.js.map