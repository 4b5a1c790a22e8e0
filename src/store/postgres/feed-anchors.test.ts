import { describe, expect, it } from 'vitest';
import { EVENT_CLOCK_SLACK_MS } from '../../model/clock.js';
import { FeedAnchors } from './feed-anchors.js';

const at = (xid: number, id: number) => ({ xid: BigInt(xid), id: BigInt(id) });

describe('FeedAnchors', () => {
  it('bounds what follows a place by the latest-stamped anchor at or before it, less the clock slack', () => {
    const a = new FeedAnchors();
    expect(a.floor(at(5, 50))).toBeNull();
    a.note(at(3, 30), 1_000_000);
    a.note(at(7, 70), 3_000_000);
    a.note(at(5, 40), 2_000_000); // noted out of order: kept in feed order
    expect(a.floor(at(2, 99))).toBeNull(); // before every anchor: nothing known
    expect(a.floor(at(3, 30))).toBe(1_000_000 - EVENT_CLOCK_SLACK_MS); // at an anchor
    expect(a.floor(at(5, 50))).toBe(2_000_000 - EVENT_CLOCK_SLACK_MS);
    expect(a.floor(at(9, 1))).toBe(3_000_000 - EVENT_CLOCK_SLACK_MS);
  });

  it('takes the latest time among the anchors before a place, whatever their order in the feed', () => {
    const a = new FeedAnchors();
    a.note(at(3, 30), 5_000_000); // stamped later than the event after it (a clock behind)
    a.note(at(4, 31), 4_000_000);
    expect(a.floor(at(4, 40))).toBe(5_000_000 - EVENT_CLOCK_SLACK_MS);
  });

  it('keeps the newest places in the feed when full, and notes a place once', () => {
    const a = new FeedAnchors(3);
    for (let i = 1; i <= 5; i++) a.note(at(i, i), i * 1000);
    a.note(at(5, 5), 99_000);
    expect(a.floor(at(2, 2))).toBeNull(); // evicted
    expect(a.floor(at(3, 3))).toBe(3000 - EVENT_CLOCK_SLACK_MS);
    expect(a.floor(at(6, 0))).toBe(5000 - EVENT_CLOCK_SLACK_MS);
  });

  it('an anchor with no time (no event before the place) bounds nothing, and a real one after it still does', () => {
    const a = new FeedAnchors();
    a.note(at(4, 40), -Infinity);
    expect(a.floor(at(4, 40))).toBe(-Infinity);
    a.note(at(6, 60), 7_000_000);
    expect(a.floor(at(5, 0))).toBe(-Infinity);
    expect(a.floor(at(6, 61))).toBe(7_000_000 - EVENT_CLOCK_SLACK_MS);
  });
});
