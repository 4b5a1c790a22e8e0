/**
 * Positions in the store's event feed: what followers (bus outboxes, taskmaster rules, the
 * server's live metrics) keep as their cursor and hand back to read on.
 *
 * A position is `<id>` or `<xid>:<id>`. SQLite has one writer, so its events commit in id order
 * and the id alone is a position. PostgreSQL commits concurrent transactions in any order, so a
 * follower reading by id alone would step past an event whose transaction took a lower id and
 * committed later; its feed is ordered by (transaction id, event id) and read only below the
 * oldest transaction still running (postgres/statements.ts, eventFeed). A bare id (every position
 * written before, and every SQLite one) reads as transaction 0, which is where PostgreSQL's
 * events written before the transaction id was kept are: an old cursor resumes where it was.
 */
import { ValidationError } from './errors.js';
import type { TaskEvent } from './task.js';
export type FeedPosition = string;
/** An event as the feed gives it: with its place in the feed. */
export interface FeedEvent extends TaskEvent {
    position: FeedPosition;
}
/** The start of the feed: every event comes after it. */
export declare const FEED_START: FeedPosition;
export interface ParsedFeedPosition {
    xid: bigint;
    id: bigint;
}
export declare function isFeedPosition(raw: string): boolean;
/** Reads a position; `field` names where it came from in the error. */
export declare function parseFeedPosition(raw: string, field?: string): ParsedFeedPosition;
/**
 * A well-formed position this store never gave: its event id is above every id handed out (or,
 * on PostgreSQL, its transaction has not begun). Kept by a client of another database, or of
 * this one before it was restored from a backup; reading on from it would wait, silently, until
 * new events passed it, and skip every one before.
 */
export declare function pastFeedEnd(raw: FeedPosition, highestId: string, field?: string): ValidationError;
export declare function formatFeedPosition(xid: bigint | string | number, id: bigint | string | number): FeedPosition;
/** Negative when a comes first in the feed, positive when b does, 0 when they are the same place. */
export declare function compareFeedPositions(a: FeedPosition, b: FeedPosition): number;
