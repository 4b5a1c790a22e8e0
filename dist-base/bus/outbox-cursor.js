/**
 * What an outbox's durable cursor holds: the feed position (model/feed.ts) up to which every message is settled
 * (confirmed by the broker or dead-lettered), and the ids of messages beyond it that are
 * settled too. The second part is non-empty only while an earlier message is still waiting
 * (the broker is away, or one topic is); it lets a restarted outbox skip what the broker
 * already has, so a confirmed message is not published again.
 *
 * Stored as the bare position when nothing beyond it is settled (the usual case; older versions
 * wrote a bare event id, which is a position too), else as
 * `{"after":"<position>","published":["<message id>",…]}`.
 */
import { ValidationError } from '../model/errors.js';
import { isFeedPosition } from '../model/feed.js';
export function formatOutboxCursor(p) {
    return p.published.length === 0 ? p.after : JSON.stringify({ after: p.after, published: p.published });
}
export function parseOutboxCursor(raw, name) {
    if (isFeedPosition(raw))
        return { after: raw, published: [] };
    let v;
    try {
        v = JSON.parse(raw);
    }
    catch {
        v = null;
    }
    const o = v;
    if (o && typeof o.after === 'string' && isFeedPosition(o.after) && Array.isArray(o.published) && o.published.every((id) => typeof id === 'string')) {
        return { after: o.after, published: o.published };
    }
    throw new ValidationError(`cursor ${name}`, `is not an outbox position (a feed position, or {"after","published"}): ${raw.slice(0, 200)}`);
}
//# sourceMappingURL=outbox-cursor.js.map