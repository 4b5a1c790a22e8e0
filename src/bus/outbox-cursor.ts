/**
 * What an outbox's durable cursor holds: the event id up to which every message is settled
 * (confirmed by the broker or dead-lettered), and the ids of messages beyond it that are
 * settled too. The second part is non-empty only while an earlier message is still waiting
 * (the broker is away, or one topic is); it lets a restarted outbox skip what the broker
 * already has, so a confirmed message is not published again.
 *
 * Stored as the bare event id when nothing beyond it is settled (the usual case, and the only
 * form older versions wrote), else as `{"after":"<id>","published":["<message id>",…]}`.
 */
import { ValidationError } from '../model/errors.js';

export interface OutboxPosition {
  after: string;
  published: string[];
}

const EVENT_ID = /^\d+$/;

export function formatOutboxCursor(p: OutboxPosition): string {
  return p.published.length === 0 ? p.after : JSON.stringify({ after: p.after, published: p.published });
}

export function parseOutboxCursor(raw: string, name: string): OutboxPosition {
  if (EVENT_ID.test(raw)) return { after: raw, published: [] };
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    v = null;
  }
  const o = v as { after?: unknown; published?: unknown } | null;
  if (o && typeof o.after === 'string' && EVENT_ID.test(o.after) && Array.isArray(o.published) && o.published.every((id) => typeof id === 'string')) {
    return { after: o.after, published: o.published as string[] };
  }
  throw new ValidationError(`cursor ${name}`, `is not an outbox position (an event id, or {"after","published"}): ${raw.slice(0, 200)}`);
}
