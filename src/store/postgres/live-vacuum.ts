/**
 * Keeps the live table small under churn. Every task is inserted, updated at least once and
 * deleted from `tasks`; autovacuum visits a table only once per naptime (a minute by
 * default), by which time a busy queue has left hundreds of thousands of dead row versions
 * that every claim's index walk steps over. So the store vacuums the live table itself after
 * every so many row changes, in the background, one process at a time (a try-lock: the others
 * skip their turn). The table is small by design, so each pass is short; it takes no lock
 * that blocks claims or writes.
 */
import type { Pool } from 'pg';
import { LOCK } from './statements.js';

export interface LiveVacuumOptions {
  /** Row changes (claims, completions, …) between passes. */
  everyChanges?: number;
  /** Never more often than this (ms). */
  minIntervalMs?: number;
}

export class LiveTableVacuum {
  private changes = 0;
  private lastAt = 0;
  private running: Promise<void> | null = null;
  private readonly everyChanges: number;
  private readonly minIntervalMs: number;
  passes = 0;

  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
    options: LiveVacuumOptions = {},
  ) {
    this.everyChanges = options.everyChanges ?? 50_000;
    this.minIntervalMs = options.minIntervalMs ?? 3_000;
  }

  /** Counts row changes just committed; starts a pass when enough have piled up. */
  note(changes: number): void {
    this.changes += changes;
    if (this.running || this.changes < this.everyChanges || Date.now() - this.lastAt < this.minIntervalMs) return;
    this.changes = 0;
    this.lastAt = Date.now();
    this.running = this.vacuum().finally(() => (this.running = null));
  }

  private async vacuum(): Promise<void> {
    let client;
    try {
      client = await this.pool.connect();
      const got = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [LOCK.vacuum, this.schema]);
      if (!got.rows[0]?.ok) return;
      try {
        // No truncation: giving the table's empty tail back needs an exclusive lock that claims
        // never leave free, and VACUUM waits up to 5 s for it (measured: passes of 5.2 s instead of
        // 0.15 s, the table growing to 113 MB meanwhile). Without it the size stays flat.
        await client.query('VACUUM (ANALYZE, TRUNCATE false) tasks');
        this.passes++;
      } finally {
        await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK.vacuum, this.schema]);
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
