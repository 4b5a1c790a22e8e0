/**
 * One writer of captured output for every task a worker runs: entries from all tasks are
 * gathered and written in one store call per batch (a busy worker would otherwise run a
 * transaction per task per flush). Routine flushes happen on a short timer; a task that is
 * finishing asks for the next turn of the event loop, so its outcome is not held up, and
 * every task finishing in the same turn shares the write.
 */
import type { Logs } from '../../../engine/logs.js';
import type { LogEntry } from '../../../model/log.js';
export declare class LogSink {
    private readonly logs;
    private readonly intervalMs;
    private readonly maxBatch;
    private readonly onError;
    private batch;
    private timer;
    private immediate;
    private chain;
    /** Write failures (the store was unreachable); logs are best effort, outcomes are not held. */
    errors: number;
    constructor(logs: Logs, intervalMs?: number, maxBatch?: number, onError?: (err: unknown) => void);
    /** Resolves once these entries are in the store. `soon`: write on the next turn, not the timer. */
    append(entries: LogEntry[], soon?: boolean): Promise<void>;
    private flush;
}
