/**
 * Every read and write the autoscaler makes through the engine, in one place: the group's
 * sample, the paused queues, the leader lease, and the record (a cursor, compare-and-set).
 */
import type { Engine } from '../engine/engine.js';
import { type AutoscaleRecord } from './record.js';
import { type GroupSample } from './sample.js';
/** Finished tasks read per group per pass at most: enough for rates and service times, bounded at any throughput. */
export declare const FINISHED_READ_LIMIT = 5000;
export declare class AutoscaleAccess {
    private readonly engine;
    constructor(engine: Engine);
    /**
     * The group's sample. Tasks of a paused queue are not claimable, so they need no workers: they
     * count only in the live total (from which arrivals are reckoned), not as ready or coming due.
     */
    sample(p: {
        queues: string[];
        now: number;
        since: number;
        lookaheadMs: number;
        limit?: number;
    }): Promise<GroupSample>;
    elect(holder: string, ttlMs: number): Promise<boolean>;
    resign(holder: string): Promise<void>;
    leader(): Promise<{
        holder: string;
        expiresAt: number;
    } | null>;
    /** The record and its stored text (the compare-and-set's expected value). */
    read(): Promise<{
        raw: string | null;
        record: AutoscaleRecord | null;
    }>;
    /** Replaces the record only if it still holds `expect` (null: absent); false if someone else wrote it. */
    write(record: AutoscaleRecord, expect: string | null): Promise<boolean>;
}
