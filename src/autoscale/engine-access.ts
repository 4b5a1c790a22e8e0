/**
 * Every read and write the autoscaler makes through the engine, in one place: the group's
 * sample, the paused queues, the leader lease, and the record (a cursor, compare-and-set).
 */
import type { Engine } from '../engine/engine.js';
import { decodeRecord, encodeRecord, LEADER_NAME, RECORD_NAME, type AutoscaleRecord } from './record.js';
import { buildSample, type GroupSample } from './sample.js';

/** Finished tasks read per group per pass at most: enough for rates and service times, bounded at any throughput. */
export const FINISHED_READ_LIMIT = 5000;

export class AutoscaleAccess {
  constructor(private readonly engine: Engine) {}

  /**
   * The group's sample. Tasks of a paused queue are not claimable, so they need no workers: they
   * count only in the live total (from which arrivals are reckoned), not as ready or coming due.
   */
  async sample(p: { queues: string[]; now: number; since: number; lookaheadMs: number; limit?: number }): Promise<GroupSample> {
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

  async elect(holder: string, ttlMs: number): Promise<boolean> {
    return this.engine.leaders.elect(LEADER_NAME, holder, ttlMs);
  }

  async resign(holder: string): Promise<void> {
    await this.engine.leaders.resign(LEADER_NAME, holder);
  }

  async leader(): Promise<{ holder: string; expiresAt: number } | null> {
    return this.engine.leaders.current(LEADER_NAME);
  }

  /** The record and its stored text (the compare-and-set's expected value). */
  async read(): Promise<{ raw: string | null; record: AutoscaleRecord | null }> {
    const raw = await this.engine.cursors.get(RECORD_NAME);
    return { raw, record: decodeRecord(raw) };
  }

  /** Replaces the record only if it still holds `expect` (null: absent); false if someone else wrote it. */
  async write(record: AutoscaleRecord, expect: string | null): Promise<boolean> {
    return this.engine.cursors.compareAndSet(RECORD_NAME, expect, encodeRecord(record));
  }
}
