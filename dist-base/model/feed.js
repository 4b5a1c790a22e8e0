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
const POSITION = /^(?:(\d{1,20}):)?(\d{1,20})$/;
/** The start of the feed: every event comes after it. */
export const FEED_START = '0';
export function isFeedPosition(raw) {
    return POSITION.test(raw);
}
/** Reads a position; `field` names where it came from in the error. */
export function parseFeedPosition(raw, field = 'after') {
    const m = POSITION.exec(raw);
    if (!m)
        throw new ValidationError(field, `is not an event feed position (an event id, or <transaction>:<event id>): ${JSON.stringify(raw.slice(0, 100))}`);
    return { xid: BigInt(m[1] ?? 0), id: BigInt(m[2]) };
}
/**
 * A well-formed position this store never gave: its event id is above every id handed out (or,
 * on PostgreSQL, its transaction has not begun). Kept by a client of another database, or of
 * this one before it was restored from a backup; reading on from it would wait, silently, until
 * new events passed it, and skip every one before.
 */
export function pastFeedEnd(raw, highestId, field = 'after') {
    return new ValidationError(field, `is past the end of this store's event feed (no event id above ${highestId} has been given): ${raw} is a position from another database, or from before a restore; start again from the beginning ("0") or from the end`, { highestId });
}
export function formatFeedPosition(xid, id) {
    return String(xid) === '0' ? String(id) : `${xid}:${id}`;
}
/** Negative when a comes first in the feed, positive when b does, 0 when they are the same place. */
export function compareFeedPositions(a, b) {
    const x = parseFeedPosition(a);
    const y = parseFeedPosition(b);
    if (x.xid !== y.xid)
        return x.xid < y.xid ? -1 : 1;
    return x.id === y.id ? 0 : x.id < y.id ? -1 : 1;
}
//# sourceMappingURL=feed.js.map