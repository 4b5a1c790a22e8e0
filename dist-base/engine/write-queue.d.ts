/**
 * Group commit. Every caller's write goes into one in-process queue; whatever has piled up
 * while the previous transaction ran is written in the next one. Under light load a
 * transaction carries a single operation and returns at once; under heavy load it carries
 * hundreds. No timer waits to fill a batch: a flush is scheduled with setImmediate so that
 * operations issued in the same turn of the event loop travel together.
 */
import { emptyBatchResult, type Store, type WriteBatch, type WriteBatchResult } from '../store/store.js';
import type { Clock } from '../model/clock.js';
type Group = Exclude<keyof WriteBatch, 'now'>;
declare const GROUPS: Group[];
export interface WriteQueueStats {
    transactions: number;
    operations: number;
    maxBatch: number;
}
export declare class WriteQueue {
    private readonly store;
    private readonly clock;
    /** Upper bound on operations per transaction, so one transaction never grows unbounded. */
    private readonly maxBatch;
    /**
     * Batches in flight at once. A store that applies batches in order off the main thread
     * (the SQLite writer thread) takes 2, so it never idles while this thread handles results.
     */
    private readonly depth;
    private pending;
    /** Batches handed to the store and not answered yet. */
    private inFlight;
    private scheduled;
    readonly stats: WriteQueueStats;
    constructor(store: Store, clock: Clock, 
    /** Upper bound on operations per transaction, so one transaction never grows unbounded. */
    maxBatch?: number, 
    /**
     * Batches in flight at once. A store that applies batches in order off the main thread
     * (the SQLite writer thread) takes 2, so it never idles while this thread handles results.
     */
    depth?: number);
    push<G extends Group>(group: G, op: NonNullable<WriteBatch[G]>[number]): Promise<WriteBatchResult[G][number]>;
    /** Queues operations that commit together or not at all (never split across transactions). */
    pushAtomic<G extends Group>(group: G, ops: NonNullable<WriteBatch[G]>): Promise<WriteBatchResult[G]>;
    /** Resolves once everything queued so far has been written. */
    drain(): Promise<void>;
    private schedule;
    /** Sends what has piled up, as long as fewer than `depth` batches are in flight. */
    private flush;
    private write;
}
export { emptyBatchResult, GROUPS };
