/**
 * A queue's claimable tasks read a priority level at a time, highest first (sql-rules.ts says
 * why): each level found by one index probe, then read by the caller as a bounded range.
 */
import type { Statements } from './statements.js';

/** Above every priority a task can have (model/spec.ts): the first level read is the highest. */
const ABOVE_ALL = Number.MAX_SAFE_INTEGER;

/** Calls `take(priority, room)` for each level until it has taken `limit` in all; `take` says how many it took. */
export function byLevel(s: Statements, queue: string, limit: number, take: (priority: number, room: number) => number): void {
  let below = ABOVE_ALL;
  let room = limit;
  while (room > 0) {
    const level = (s.priorityBelow.get({ q: queue, below }) as { prio: number | null }).prio;
    if (level === null) return;
    room -= take(level, room);
    below = level;
  }
}
