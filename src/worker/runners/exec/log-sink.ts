/**
 * One writer of captured output for every task a worker runs: entries from all tasks are
 * gathered and written in one store call per batch (a busy worker would otherwise run a
 * transaction per task per flush). Routine flushes happen on a short timer; a task that is
 * finishing asks for the next turn of the event loop, so its outcome is not held up, and
 * every task finishing in the same turn shares the write.
 */
import type { Logs } from '../../../engine/logs.js';
import type { LogEntry } from '../../../model/log.js';

interface Batch {
  entries: LogEntry[];
  done: Promise<void>;
  resolve: () => void;
}

export class LogSink {
  private batch: Batch | null = null;
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private chain: Promise<void> = Promise.resolve();
  /** Write failures (the store was unreachable); logs are best effort, outcomes are not held. */
  errors = 0;

  constructor(
    private readonly logs: Logs,
    private readonly intervalMs = 100,
    private readonly maxBatch = 5000,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  /** Resolves once these entries are in the store. `soon`: write on the next turn, not the timer. */
  append(entries: LogEntry[], soon = false): Promise<void> {
    const b = (this.batch ??= newBatch());
    if (entries.length > 0) b.entries.push(...entries);
    if (soon || b.entries.length >= this.maxBatch) {
      this.immediate ??= setImmediate(() => {
        this.immediate = null;
        this.flush();
      });
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.flush();
      }, this.intervalMs);
      this.timer.unref();
    }
    return b.done;
  }

  private flush(): void {
    const b = this.batch;
    this.batch = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!b) return;
    // Batches are chained so entries reach the store in the order they were captured.
    this.chain = this.chain
      .then(() => this.logs.append(b.entries))
      .catch((err: unknown) => {
        this.errors++;
        this.onError(err);
      })
      .then(b.resolve);
  }
}

function newBatch(): Batch {
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  return { entries: [], done, resolve };
}
