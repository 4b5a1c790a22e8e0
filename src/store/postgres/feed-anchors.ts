/**
 * Places in the event feed this process has read, each with its event's time: what lets a feed
 * read skip the old day partitions of `events` (partitions.ts), which it would otherwise open
 * one by one for every page (a store keeping a year of events: 44 ms for each poll of an idle
 * feed, measured, against under 1 ms).
 *
 * The feed is in (transaction, id) order, not in time order, but an event is stamped by the
 * host that wrote it shortly before its transaction takes its id, and hosts' clocks are at most
 * EVENT_CLOCK_SLACK_MS apart (model/clock.ts). So every event after a place whose event was
 * stamped T has a time of at least T less the slack. That stays true after the event at the
 * place is deleted (retention, history none).
 */
import { EVENT_CLOCK_SLACK_MS } from '../../model/clock.js';
import type { ParsedFeedPosition } from '../../model/feed.js';

interface Anchor {
  xid: bigint;
  id: bigint;
  at: number;
}

const before = (a: { xid: bigint; id: bigint }, b: { xid: bigint; id: bigint }) => a.xid < b.xid || (a.xid === b.xid && a.id <= b.id);

export class FeedAnchors {
  /** In feed order; the newest `max` noted. */
  private readonly list: Anchor[] = [];

  constructor(private readonly max = 64) {}

  /** The event at `place` was stamped `at`. */
  note(place: ParsedFeedPosition, at: number): void {
    let i = this.list.length;
    while (i > 0 && !before(this.list[i - 1]!, place)) i--;
    if (i > 0 && this.list[i - 1]!.xid === place.xid && this.list[i - 1]!.id === place.id) return;
    this.list.splice(i, 0, { xid: place.xid, id: place.id, at });
    if (this.list.length > this.max) this.list.shift();
  }

  /**
   * The earliest time an event after `place` can have: from the latest anchor at or before it,
   * or null when none is known (the read must look at every partition).
   */
  floor(place: ParsedFeedPosition): number | null {
    let best: Anchor | undefined;
    for (const a of this.list) {
      if (!before(a, place)) break;
      if (best === undefined || a.at > best.at) best = a;
    }
    return best === undefined ? null : best.at - EVENT_CLOCK_SLACK_MS;
  }
}
