/**
 * Group commit. Every caller's write goes into one in-process queue; whatever has piled up
 * while the previous transaction ran is written in the next one. Under light load a
 * transaction carries a single operation and returns at once; under heavy load it carries
 * hundreds. No timer waits to fill a batch: a flush is scheduled with setImmediate so that
 * operations issued in the same turn of the event loop travel together.
 */
import { emptyBatchResult, type Store, type TaskClaimOp, type TaskInsertOp, type WriteBatch, type WriteBatchResult } from '../store/store.js';
import type { Clock } from '../model/clock.js';
import { isStoreUnavailable } from '../model/errors.js';

type Group = Exclude<keyof WriteBatch, 'now'>;
const GROUPS: Group[] = ['taskInsert', 'taskComplete', 'taskFail', 'taskSkip', 'taskUnclaim', 'taskHeartbeat', 'taskCancel', 'taskRetry', 'taskExpireLeases', 'taskClaim'];

interface Pending {
  group: Group;
  /** Operations that must share one transaction (one for an ordinary push). */
  ops: unknown[];
  /** An ordinary push: answered with its one result, not an array of them. */
  single: boolean;
  resolve: (results: unknown) => void;
  reject: (err: unknown) => void;
}

export interface WriteQueueStats {
  transactions: number;
  operations: number;
  maxBatch: number;
}

export class WriteQueue {
  private pending: Pending[] = [];
  /** Batches handed to the store and not answered yet. */
  private inFlight = 0;
  private scheduled = false;
  readonly stats: WriteQueueStats = { transactions: 0, operations: 0, maxBatch: 0 };

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    /** Upper bound on operations per transaction, so one transaction never grows unbounded. */
    private readonly maxBatch = 2000,
    /**
     * Batches in flight at once. A store that applies batches in order off the main thread
     * (the SQLite writer thread) takes 2, so it never idles while this thread handles results.
     */
    private readonly depth = Math.max(1, store.pipelineDepth ?? 1),
  ) {}

  push<G extends Group>(group: G, op: NonNullable<WriteBatch[G]>[number]): Promise<WriteBatchResult[G][number]> {
    return new Promise((resolve, reject) => {
      this.pending.push({ group, ops: [op], single: true, resolve: resolve as (r: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Queues operations that commit together or not at all (never split across transactions). */
  pushAtomic<G extends Group>(group: G, ops: NonNullable<WriteBatch[G]>): Promise<WriteBatchResult[G]> {
    return new Promise((resolve, reject) => {
      this.pending.push({ group, ops, single: false, resolve: resolve as (r: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Resolves once everything queued so far has been written. */
  async drain(): Promise<void> {
    while (this.pending.length > 0 || this.inFlight > 0) {
      await new Promise((r) => setImmediate(r));
    }
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.depth) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  /** Sends what has piled up, as long as fewer than `depth` batches are in flight. */
  private flush(): void {
    while (this.pending.length > 0 && this.inFlight < this.depth) {
      let n = 0;
      let ops = 0;
      // A worker's second claim waits for the next batch (sent at once while depth allows): in
      // the same batch both would come back together and the worker's claims would never overlap.
      const claimants = new Set<string>();
      while (n < this.pending.length && (n === 0 || ops + this.pending[n]!.ops.length <= this.maxBatch)) {
        const next = this.pending[n]!;
        if (next.group === 'taskClaim') {
          const worker = (next.ops[0] as TaskClaimOp).workerId;
          if (claimants.has(worker)) break;
          claimants.add(worker);
        }
        ops += this.pending[n++]!.ops.length;
      }
      const items = this.pending.slice(0, n);
      this.pending = this.pending.slice(n);
      this.inFlight++;
      // No further .then/.catch in this chain: every microtask between a batch's answer and the
      // next flush changes what the next batch gathers (one more hop here split a producer's
      // inserts and a worker's completions into two transactions: twice the commits in the
      // steady state). write() settles its callers itself, whatever happens.
      void this.write(items).finally(() => {
        this.inFlight--;
        // Whatever arrived while this batch was written goes in the next one, at once.
        if (this.pending.length > 0) this.flush();
      });
    }
  }

  private async write(items: Pending[]): Promise<void> {
    const batch: WriteBatch = { now: this.clock.now() };
    const index: number[] = [];
    let ops = 0;
    try {
      for (const it of items) {
        const arr = (batch[it.group] ??= []) as unknown[];
        index.push(arr.length);
        // One by one, not push(...ops): an atomic group can hold any number of operations, and
        // spreading 150,000 of them overflowed the call stack.
        for (const op of it.group === 'taskInsert' && arr.length > 0 ? rebaseInserts(it.ops as TaskInsertOp[], arr.length) : it.ops) arr.push(op);
        ops += it.ops.length;
      }
    } catch (err) {
      // Its callers hear of it (a promise left unsettled would hang them).
      for (const it of items) it.reject(err);
      return;
    }
    this.stats.transactions++;
    this.stats.operations += ops;
    if (ops > this.stats.maxBatch) this.stats.maxBatch = ops;
    let result: WriteBatchResult;
    try {
      result = await this.store.writeBatch(batch);
    } catch (err) {
      // The store could not be reached: every operation of the batch would fail the same way
      // (one by one, each waiting out its own connection attempt), so all get the error now.
      if (items.length === 1 || isStoreUnavailable(err)) {
        for (const it of items) it.reject(err);
        return;
      }
      // One bad operation must not fail its neighbours: replay them one by one so only the
      // culprit sees the error.
      for (const it of items) await this.write([it]);
      return;
    }
    items.forEach((it, i) => {
      const all = result[it.group] as unknown[];
      it.resolve(it.single ? all[index[i]!] : all.slice(index[i]!, index[i]! + it.ops.length));
    });
  }
}

/** In-batch dependency indexes are positions in the batch: shift them past the inserts queued before. */
function rebaseInserts(ops: TaskInsertOp[], base: number): TaskInsertOp[] {
  return ops.map((op) => (op.dependsOnIndex?.length ? { ...op, dependsOnIndex: op.dependsOnIndex.map((i) => i + base) } : op));
}

export { emptyBatchResult, GROUPS };
