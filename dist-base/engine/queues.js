import { validateName } from '../model/spec.js';
export class Queues {
    store;
    clock;
    signals;
    constructor(store, clock, 
    /** The engine's signals: a resumed queue wakes its workers. */
    signals) {
        this.store = store;
        this.clock = clock;
        this.signals = signals;
    }
    /** Every queue with tasks (finished ones still retained included), counted by state. */
    counts() {
        return this.store.queueCounts();
    }
    /**
     * Live tasks of the queues by name, state and when they come due (now, by `soonBy`, later):
     * what an autoscaler needs to size the fleet, read in one query.
     */
    liveSummary(p) {
        // `now`: the caller's moment, so a sample's buckets and its rates share one time.
        return this.store.taskLiveSummary({ queues: p.queues, now: p.now ?? this.clock.now(), soonBy: p.soonBy });
    }
    /** The newest tasks finished in the queues since `since` (at most `limit`), by name: completions and service times. */
    finishedSummary(p) {
        return this.store.taskFinishedSummary(p);
    }
    paused() {
        return this.store.queuePausedList();
    }
    /** Nothing is claimed from the queue until it is resumed; its tasks stay where they are. */
    // Through the flow pause (the same flag), so every change is in the flow audit.
    async pause(queue, actor = null) {
        validateName(queue, 'queue');
        await this.store.flowPauseSet({ kind: 'queue', target: queue, paused: true, actor, now: this.clock.now() });
    }
    async resume(queue, actor = null) {
        validateName(queue, 'queue');
        await this.store.flowPauseSet({ kind: 'queue', target: queue, paused: false, actor, now: this.clock.now() });
        this.signals.emit('wake', queue);
    }
}
//# sourceMappingURL=queues.js.map