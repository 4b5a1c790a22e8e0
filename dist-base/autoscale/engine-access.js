import { decodeRecord, encodeRecord, LEADER_NAME, RECORD_NAME } from './record.js';
import { buildSample } from './sample.js';
/** Finished tasks read per group per pass at most: enough for rates and service times, bounded at any throughput. */
export const FINISHED_READ_LIMIT = 5000;
export class AutoscaleAccess {
    engine;
    constructor(engine) {
        this.engine = engine;
    }
    /**
     * The group's sample. Tasks of a paused queue are not claimable, so they need no workers: they
     * count only in the live total (from which arrivals are reckoned), not as ready or coming due.
     */
    async sample(p) {
        const { queues: q } = this.engine;
        const pausedAll = new Set(await q.paused());
        const queues = p.queues.filter((q) => !pausedAll.has(q));
        const paused = p.queues.filter((q) => pausedAll.has(q));
        const limit = p.limit ?? FINISHED_READ_LIMIT;
        const [live, finished, held] = await Promise.all([
            q.liveSummary({ queues, now: p.now, soonBy: p.now + p.lookaheadMs }),
            q.finishedSummary({ queues: p.queues, since: p.since, limit }),
            paused.length ? this.engine.countLive(paused) : Promise.resolve({}),
        ]);
        return buildSample(p.now, live, finished, p.since, limit, held);
    }
    async elect(holder, ttlMs) {
        return this.engine.leaders.elect(LEADER_NAME, holder, ttlMs);
    }
    async resign(holder) {
        await this.engine.leaders.resign(LEADER_NAME, holder);
    }
    async leader() {
        return this.engine.leaders.current(LEADER_NAME);
    }
    /** The record and its stored text (the compare-and-set's expected value). */
    async read() {
        const raw = await this.engine.cursors.get(RECORD_NAME);
        return { raw, record: decodeRecord(raw) };
    }
    /** Replaces the record only if it still holds `expect` (null: absent); false if someone else wrote it. */
    async write(record, expect) {
        return this.engine.cursors.compareAndSet(RECORD_NAME, expect, encodeRecord(record));
    }
}
//# sourceMappingURL=engine-access.js.map