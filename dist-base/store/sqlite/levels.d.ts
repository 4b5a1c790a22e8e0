/**
 * A queue's claimable tasks read a priority level at a time, highest first (sql-rules.ts says
 * why): each level found by one index probe, then read by the caller as a bounded range.
 */
import type { Statements } from './statements.js';
/** Calls `take(priority, room)` for each level until it has taken `limit` in all; `take` says how many it took. */
export declare function byLevel(s: Statements, queue: string, limit: number, take: (priority: number, room: number) => number): void;
