import { ValidationError } from '../model/errors.js';
import { parseOutboxCursor } from './outbox-cursor.js';
export const OUTBOX_CURSOR_PREFIX = 'bus-outbox:';
export const RULES_CURSOR_PREFIX = 'rules:';
export async function followerLags(engine) {
    const cursors = (await Promise.all([OUTBOX_CURSOR_PREFIX, RULES_CURSOR_PREFIX].map((p) => engine.cursors.list(p)))).flat();
    const now = engine.clock.now();
    return Promise.all(cursors.map(async ({ name, value }) => {
        try {
            // A taskmaster's cursor is a bare position, which reads as an outbox cursor too.
            const [next] = await engine.eventFeed({ after: parseOutboxCursor(value, name).after, limit: 1 });
            return { follower: name, lagSeconds: next ? Math.max(0, now - next.at) / 1000 : 0 };
        }
        catch (err) {
            // Unreadable, or past the feed's end (kept from another database): the follower is stuck.
            if (err instanceof ValidationError)
                return { follower: name, lagSeconds: null };
            throw err;
        }
    }));
}
//# sourceMappingURL=follower-lag.js.map