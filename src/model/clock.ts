/** Everything that needs the time asks a Clock, so tests can move time by hand. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock tests set and advance by hand. */
export class ManualClock implements Clock {
  constructor(private current = Date.UTC(2026, 0, 1)) {}
  now(): number {
    return this.current;
  }
  set(ms: number): void {
    this.current = ms;
  }
  advance(ms: number): number {
    this.current += ms;
    return this.current;
  }
}

/**
 * How far a process's clock is from its database's: positive when the process is ahead. Within
 * `uncertaintyMs` (half the round trip that measured it).
 */
export interface ClockSkew {
  skewMs: number;
  uncertaintyMs: number;
}

/** Skew beyond which a process says so: leases and run-at times are judged by each host's clock. */
export const CLOCK_SKEW_WARN_MS = 1000;

/**
 * How far apart the clocks of the hosts that stamp events are taken to be, at most: an event may
 * carry a time before its task's creation (a worker behind the producer), or before an event
 * that precedes it in the feed. Searches for a task's events, or for what follows a place in
 * the feed, look no further back than that less this, so that PostgreSQL need not open every
 * day of history it keeps (its events are in day partitions). A day: far beyond the skew that
 * makes hosts warn (CLOCK_SKEW_WARN_MS); leases stop working long before it.
 */
export const EVENT_CLOCK_SLACK_MS = 86_400_000;

/**
 * The earliest time an event of these tasks can carry: the first creation less the slack. None
 * when fewer than `wanted` were found (a task not found says nothing about its events).
 */
export function eventsSince(tasks: ReadonlyArray<{ createdAt: number }>, wanted: number): number | undefined {
  if (tasks.length === 0 || tasks.length < wanted) return undefined;
  return tasks.reduce((min, t) => Math.min(min, t.createdAt), Infinity) - EVENT_CLOCK_SLACK_MS;
}

/**
 * A warning for a skew larger than CLOCK_SKEW_WARN_MS (beyond its uncertainty), or null. A
 * worker's leases end at its own clock's time plus the lease, and another host expires them by
 * its clock: hosts apart by S run leases S shorter (a task may run twice) or longer (a crashed
 * worker's tasks wait longer), and delayed tasks start S early or late.
 */
export function clockSkewWarning(skew: ClockSkew, leaseMs: number | null): string | null {
  const off = Math.abs(skew.skewMs) - skew.uncertaintyMs;
  if (off <= CLOCK_SKEW_WARN_MS) return null;
  const s = (Math.abs(skew.skewMs) / 1000).toFixed(1);
  return `this host's clock is ${s} s ${skew.skewMs > 0 ? 'ahead of' : 'behind'} the database's: hosts judge each other's leases${leaseMs !== null ? ` (${leaseMs} ms here)` : ''} and delayed tasks by their own clocks, so tasks may run twice or start late; synchronise the clocks (NTP)`;
}

/**
 * Measures once and hands `warn` the warning, if any. A measurement that fails (the store is
 * unreachable) says nothing: the outage is reported where it is met.
 */
export async function reportClockSkew(measure: () => Promise<ClockSkew | null>, leaseMs: number | null, warn: (fields: { skewMs: number }, message: string) => void): Promise<void> {
  const skew = await measure().catch(() => null);
  const warning = skew && clockSkewWarning(skew, leaseMs);
  if (warning) warn({ skewMs: Math.round(skew!.skewMs) }, warning);
}
