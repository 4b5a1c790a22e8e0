import { describe, expect, it } from 'vitest';
import { compareFeedPositions, FEED_START, formatFeedPosition, isFeedPosition, parseFeedPosition } from './feed.js';

describe('event feed positions', () => {
  it('read a bare event id as transaction 0, where events written before transaction ids were kept are', () => {
    expect(parseFeedPosition('42')).toEqual({ xid: 0n, id: 42n });
    expect(parseFeedPosition('7:42')).toEqual({ xid: 7n, id: 42n });
    expect(formatFeedPosition(0n, 42n)).toBe('42');
    expect(formatFeedPosition('7', '42')).toBe('7:42');
    expect(parseFeedPosition(FEED_START)).toEqual({ xid: 0n, id: 0n });
  });

  it('order by transaction first, then by event id', () => {
    const inOrder = ['0', '5', '99', '3:1', '3:2', '4:1', '18446744073709551615:1'];
    for (let i = 0; i < inOrder.length; i++) {
      for (let j = 0; j < inOrder.length; j++) expect(Math.sign(compareFeedPositions(inOrder[i]!, inOrder[j]!))).toBe(Math.sign(i - j));
    }
  });

  it('refuse what is not a position, naming the field', () => {
    for (const bad of ['', 'x', '-1', '1:2:3', ':1', '1:', '1.5', ' 1', '123456789012345678901']) {
      expect(isFeedPosition(bad)).toBe(false);
      expect(() => parseFeedPosition(bad, 'cursor rules:x')).toThrow(expect.objectContaining({ code: 'VALIDATION', field: 'cursor rules:x' }));
    }
  });
});
