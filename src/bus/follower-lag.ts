/**
 * How far behind the store's event feed each durable follower is: bus outboxes (cursor
 * `bus-outbox:NAME`) and taskmaster rules on the store (`rules:NAME`). A follower's lag is the
 * age of the oldest event it has not read yet, 0 when it has read everything: an outbox whose
 * bridge is down, or that publishes more slowly than tasks change, grows it by a second a second.
 * Read from the cursors the followers keep in the store, so any process on the store (the
 * server's /metrics) can tell, without a port on the bridge.
 */
import type { Engine } from '../engine/engine.js';
import { ValidationError } from '../model/errors.js';
import { parseOutboxCursor } from './outbox-cursor.js';

export const OUTBOX_CURSOR_PREFIX = 'bus-outbox:';
export const RULES_CURSOR_PREFIX = 'rules:';

export interface FollowerLag {
  /** The follower's cursor name (`bus-outbox:default`, `rules:default`). */
  follower: string;
  /** Seconds since the oldest unread event happened; 0 when nothing is unread; null when the cursor is not a place in this feed. */
  lagSeconds: number | null;
}

export async function followerLags(engine: Engine): Promise<FollowerLag[]> {
  const cursors = (await Promise.all([OUTBOX_CURSOR_PREFIX, RULES_CURSOR_PREFIX].map((p) => engine.cursors.list(p)))).flat();
  const now = engine.clock.now();
  return Promise.all(
    cursors.map(async ({ name, value }): Promise<FollowerLag> => {
      try {
        // A taskmaster's cursor is a bare position, which reads as an outbox cursor too.
        const [next] = await engine.eventFeed({ after: parseOutboxCursor(value, name).after, limit: 1 });
        return { follower: name, lagSeconds: next ? Math.max(0, now - next.at) / 1000 : 0 };
      } catch (err) {
        // Unreadable, or past the feed's end (kept from another database): the follower is stuck.
        if (err instanceof ValidationError) return { follower: name, lagSeconds: null };
        throw err;
      }
    }),
  );
}
