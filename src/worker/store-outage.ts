/**
 * What a worker does while its store cannot be written: wait longer after each failure
 * (exponential with jitter, capped), and say so once when the trouble starts and once when it
 * ends, not once per attempt. A worker on a full SQLite disk once logged its failed claims
 * 1,800 times a second at 100% CPU; a PostgreSQL restart logged one line per held task per
 * heartbeat.
 */
import type { Logger } from '../logger.js';

export interface OutageOptions {
  /** First pause after a failure (ms). */
  minMs?: number;
  /** Longest pause (ms): once the store is back, work resumes within about this. */
  maxMs?: number;
  random?: () => number;
  now?: () => number;
}

export class StoreOutage {
  private failures = 0;
  private since = 0;
  /** When an unanswered call was first reported (null: none is). */
  private stalledSince: number | null = null;
  private lastMessage = '';
  private readonly minMs: number;
  private readonly maxMs: number;
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(
    private readonly log: Logger,
    options: OutageOptions = {},
  ) {
    this.minMs = options.minMs ?? 100;
    this.maxMs = options.maxMs ?? 2000;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  get failing(): boolean {
    return this.failures > 0 || this.stalledSince !== null;
  }

  /**
   * Watches a store call: if it has not answered within `afterMs`, says so once (a host cut off
   * from the database sees no error at all, only silence, until TCP gives up many minutes later).
   */
  watch<T>(what: string, call: Promise<T>, afterMs: number): Promise<T> {
    const started = this.now();
    const timer = setTimeout(() => {
      if (this.stalledSince !== null || this.failures > 0) return;
      this.stalledSince = started;
      this.log.warn({ waitedMs: this.now() - started }, `store has not answered a ${what} for ${this.now() - started} ms; the host may be cut off from it (its leases run out meanwhile and other workers take over its tasks)`);
    }, afterMs);
    timer.unref();
    return call.finally(() => clearTimeout(timer));
  }

  /**
   * A store call failed (`what`: claim, result, heartbeat) for the `attempt`-th time in a row.
   * Returns how long that call waits before its next attempt. Logs only when the outage starts.
   */
  failed(what: string, err: unknown, attempt = 1): number {
    const message = err instanceof Error ? err.message : String(err);
    if (this.failures === 0) {
      this.since = this.now();
      this.log.warn({ err: message, code: (err as { code?: unknown })?.code }, `store unavailable (${what} failed); claims paused, results and heartbeats retried with backoff up to ${this.maxMs} ms`);
    }
    this.lastMessage = message;
    this.failures++;
    return this.delay(attempt);
  }

  /**
   * The pause after the `attempt`-th failure in a row of one call (or one round of calls).
   * Counted per call, not per outage: twenty results that failed together in a short blip wait
   * 100 ms, not the 2 s that the outage's twentieth failure would call for (their leases ran out
   * meanwhile in a failover test).
   */
  delay(attempt: number): number {
    const base = Math.min(this.maxMs, this.minMs * 2 ** Math.min(20, Math.max(0, attempt - 1)));
    // ±20%: workers that lost the store together do not come back in lockstep.
    return Math.round(base * (0.8 + 0.4 * this.random()));
  }

  /** A store call worked: logs once if an outage just ended. */
  recovered(): void {
    if (this.failures === 0 && this.stalledSince === null) return;
    const since = this.failures > 0 || this.stalledSince === null ? this.since : this.stalledSince;
    this.log.warn({ failedAttempts: this.failures, ...(this.failures ? { lastError: this.lastMessage } : {}) }, `store available again after ${this.now() - since} ms`);
    this.failures = 0;
    this.stalledSince = null;
  }
}
