/**
 * Keeps the live table small under churn. Every task is inserted, updated at least once and
 * deleted from `tasks`; autovacuum visits a table only once per naptime (a minute by
 * default), by which time a busy queue has left hundreds of thousands of dead row versions
 * that every claim's index walk steps over. So the store vacuums the live table itself after
 * every so many row changes, in the background, one process at a time (a try-lock: the others
 * skip their turn). The table is small by design, so each pass is short; it takes no lock
 * that blocks claims or writes.
 *
 * The same pass serves retention shorter than a day: the day partitions of history and events
 * that new rows go into are then purged row by row, and their dead rows must be reclaimed for
 * new rows to reuse the space (see PostgresStore.retentionPurge). A pass over them scans every
 * index of what retention keeps, so those passes come half the retention window apart (measured
 * at 10,000 tasks/s with 60 s kept, two minutes: 6 passes took 11.1-11.4 s of PostgreSQL's time,
 * 2 passes 30 s apart 4.9-5.2 s; bench/RESULTS-fleet.md).
 */
import type { Pool } from 'pg';
import { LOCK } from './statements.js';

/**
 * A pass waits at least this many times as long as the last one took, from its start: passes take
 * at most a fifth of the time. A pass scans the table and every index; with a backlog of half a
 * million tasks (a live table of 300 MB) one took 0.25-1.1 s, and a pass every second kept a
 * vacuum running a third of the time on a 2-core box. A small table's passes (80 ms) keep their
 * one-second rhythm.
 */
export const VACUUM_DUTY = 5;

export interface TableVacuumOptions {
  /** Row changes (claims, completions, …) between passes. */
  everyChanges?: number;
  /** Never more often than this (ms). */
  minIntervalMs?: number;
  /** From a pass's start, wait at least this many times as long as it took (default VACUUM_DUTY). */
  duty?: number;
  /** What is vacuumed (tables of the store's schema); default the live table. */
  tables?: string[];
  /** Names the try-lock, so passes over other tables do not take the live table's turn. */
  lockName?: string;
  /**
   * ANALYZE on every this many passes (0: never). Statistics of a table this small and this
   * busy hardly change between passes, and sampling it tripled a pass's time (measured: 220 ms
   * against 80 ms, with every write of the store slowed meanwhile).
   */
  analyzeEvery?: number;
  /**
   * Lets PostgreSQL vacuum the indexes with parallel workers (a pass over big tables). Off, a
   * pass over the small live table starts none: measured, 30,000 live tasks and 20,000 just
   * deleted, PostgreSQL's CPU a pass 30 -> 20 ms (medians of 8), its time 30 -> 26 ms.
   */
  parallel?: boolean;
}

export class TableVacuum {
  private changes = 0;
  private lastAt = 0;
  private running: Promise<void> | null = null;
  private readonly everyChanges: number;
  private readonly minIntervalMs: number;
  private readonly duty: number;
  private readonly analyzeEvery: number;
  private readonly lockName: string;
  private readonly parallel: boolean;
  private tables: string[];
  passes = 0;
  /** How long the last pass took (ms), this process's. */
  lastPassMs = 0;

  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
    options: TableVacuumOptions = {},
  ) {
    // Measured at 20k tasks/s, one worker: passes every 1 s / 20,000 changes cost less in all
    // (PostgreSQL 41 us per task) than every 3 s / 50,000 (45 us; likely the claims stepping over
    // more dead index entries between passes) or every 250 ms (46 us: the passes themselves).
    this.everyChanges = options.everyChanges ?? 20_000;
    this.minIntervalMs = options.minIntervalMs ?? 1_000;
    this.duty = options.duty ?? VACUUM_DUTY;
    this.tables = options.tables ?? ['tasks'];
    this.analyzeEvery = options.analyzeEvery ?? 10;
    this.lockName = options.lockName ?? schema;
    this.parallel = options.parallel ?? false;
  }

  /**
   * Counts row changes just committed; starts a pass when enough have piled up. `tables`
   * replaces the tables to vacuum (a new day's partitions) from this pass on; `minIntervalMs`
   * spaces passes further than the store's own minimum for this note.
   */
  note(changes: number, tables?: string[], minIntervalMs = this.minIntervalMs): void {
    if (tables) this.tables = tables;
    this.changes += changes;
    if (this.running || this.changes < this.everyChanges || Date.now() - this.lastAt < Math.max(this.minIntervalMs, minIntervalMs, this.duty * this.lastPassMs)) return;
    this.changes = 0;
    this.lastAt = Date.now();
    this.running = this.vacuum().finally(() => (this.running = null));
  }

  private async vacuum(): Promise<void> {
    let client;
    try {
      client = await this.pool.connect();
      const got = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [LOCK.vacuum, this.lockName]);
      if (!got.rows[0]?.ok) return;
      try {
        // No truncation: giving the table's empty tail back needs an exclusive lock that claims
        // never leave free, and VACUUM waits up to 5 s for it (measured: passes of 5.2 s instead of
        // 0.15 s, the table growing to 113 MB meanwhile). Without it the size stays flat.
        const names = this.tables.map((t) => `"${this.schema.replace(/"/g, '""')}"."${t.replace(/"/g, '""')}"`).join(', ');
        const analyze = this.analyzeEvery > 0 && this.passes % this.analyzeEvery === 0;
        const t0 = Date.now();
        await client.query(`VACUUM (${analyze ? 'ANALYZE, ' : ''}TRUNCATE false${this.parallel ? '' : ', PARALLEL 0'}) ${names}`);
        this.lastPassMs = Date.now() - t0;
        this.passes++;
      } finally {
        await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK.vacuum, this.lockName]);
      }
    } catch {
      // Best effort: autovacuum remains the safety net.
    } finally {
      client?.release();
    }
  }

  async close(): Promise<void> {
    await this.running;
  }
}
