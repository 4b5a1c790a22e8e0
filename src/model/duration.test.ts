import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['250ms', 250], ['5s', 5000], ['1.5m', 90_000], ['2h', 7_200_000], ['1d', 86_400_000], ['1h30m', 5_400_000], ['1500', 1500], [42, 42],
  ] as const)('%s = %d ms', (input, ms) => expect(parseDuration(input, 'delay')).toBe(ms));

  it.each(['5y', 'soon', '', '5 s', '-1s', '1h30', 'ms'])('rejects %j naming the option', (input) => {
    expect(() => parseDuration(input, '--delay')).toThrow(/^--delay: malformed duration/);
  });

  it('rejects negative numbers', () => expect(() => parseDuration(-5, 'timeout')).toThrow(/timeout: must be a non-negative/));
});
