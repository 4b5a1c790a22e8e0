import { describe, expect, it } from 'vitest';
import { MAX_DURATION_MS, MAX_TIMER_MS, parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['250ms', 250], ['5s', 5000], ['1.5m', 90_000], ['2h', 7_200_000], ['1d', 86_400_000], ['1h30m', 5_400_000], ['1500', 1500], [42, 42], ['36500d', MAX_DURATION_MS],
  ] as const)('%s = %d ms', (input, ms) => expect(parseDuration(input, 'delay')).toBe(ms));

  it.each(['5y', 'soon', '', '5 s', '-1s', '1h30', 'ms', '1e3s'])('rejects %j naming the option and the allowed forms', (input) => {
    expect(() => parseDuration(input, '--delay')).toThrow(/^--delay: malformed duration .* \(use milliseconds \(a number\) or text like 500ms, 5s, 2m, 1h30m, 1d; at most 36500d\)$/);
  });

  it.each([-5, Number.NaN, Number.POSITIVE_INFINITY, 1e300, '100000000d', '99999999999999999999', '9'.repeat(400), '36500d1ms'])('rejects %j as out of range', (input) => {
    expect(() => parseDuration(input, 'timeout')).toThrow(/^timeout: must be a duration from 0 to 36500d \(milliseconds \(a number\) or text like .*\); got /);
  });

  it.each([true, null, {}, [5], undefined])('rejects %j as the wrong type', (input) => {
    expect(() => parseDuration(input, 'delay')).toThrow(/^delay: must be a duration: milliseconds \(a number\) or text like 500ms, 5s, 2m, 1h30m, 1d; got /);
  });

  it('takes a smaller limit for timers, and names it', () => {
    expect(parseDuration('24d', 'timeout', MAX_TIMER_MS)).toBe(MAX_TIMER_MS);
    expect(() => parseDuration('25d', 'timeout', MAX_TIMER_MS)).toThrow(/from 0 to 24d .*got "25d"/);
  });
});
