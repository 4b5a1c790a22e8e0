import { describe, expect, it } from 'vitest';
import { resolveSpec } from './spec.js';

const now = 1_000_000;

describe('resolveSpec', () => {
  it('fills defaults', () => {
    expect(resolveSpec({ name: 'a.b' }, now)).toMatchObject({ name: 'a.b', queue: 'default', priority: 0, maxAttempts: 3, runAt: now, payload: null, key: null, triggerRule: 'all_success' });
  });

  it.each([
    [{ name: 'bad name' }, /task.name: "bad name" has forbidden characters/],
    [{ name: '' }, /task.name: must be a non-empty string/],
    [{ name: 'a', queue: 'q;drop' }, /task.queue: "q;drop" has forbidden characters/],
    [{ name: 'a', priority: 1001 }, /task.priority: must be between -1000 and 1000/],
    [{ name: 'a', priority: 1.5 }, /task.priority: must be an integer/],
    [{ name: 'a', maxAttempts: 0 }, /task.maxAttempts: must be between 1 and 1000/],
    [{ name: 'a', delay: '3 weeks' }, /task.delay: malformed duration/],
    [{ name: 'a', delay: '1s', runAt: 5 }, /task.delay: give delay or runAt, not both/],
    [{ name: 'a', backoff: { kind: 'linear' } }, /task.backoff.kind: must be one of exponential, fibonacci, fixed/],
    [{ name: 'a', backoff: { baseMs: 10, capMs: 5 } }, /task.backoff.capMs: baseMs \(10\) must not exceed capMs \(5\)/],
    [{ name: 'a', backoff: { baseMs: 1e300 } }, /task.backoff.baseMs: must be a number of milliseconds from 0 to 3153600000000 \(36500d\)/],
    [{ name: 'a', backoff: { baseMs: 7_200_000 } }, /task.backoff.baseMs: baseMs \(7200000\) must not exceed capMs \(3600000, the default\)/],
    [{ name: 'a', dependsOn: ['x'] }, /task.dependsOn\[0\]: "x" is not a task id/],
    [{ name: 'a', triggerRule: 'sometimes' }, /task.triggerRule: must be one of/],
    [{ name: 'a', colour: 'red' }, /task.colour: unknown option/],
    [{ name: 'a', payload: { big: 'x'.repeat(1_100_000) } }, /task.payload: is \d+ bytes; the limit is 1048576/],
    [{ name: 'a', payload: { n: 1n } }, /task.payload: is not JSON-serialisable/],
    // Keys built from a value that was not there.
    [{ name: 'a', dedupKey: 'undefined:3' }, /task.dedupKey: "undefined:3" holds "undefined": it was built from a value that is not there \(in a handler, the task's own id is ctx.task.id/],
    [{ name: 'a', dedupKey: 'tree:null:0' }, /task.dedupKey: "tree:null:0" holds "null"/],
    [{ name: 'a', dedupKey: 'part/NaN' }, /holds "NaN"/],
    [{ name: 'a', key: 'job:[object Object]' }, /task.key: "job:\[object Object\]" holds "\[object/],
  ])('rejects bad input, case %#', (spec, message) => {
    expect(() => resolveSpec(spec as never, now)).toThrow(message);
  });

  const TIME = /must be a time from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z: epoch milliseconds \(an integer\), or an ISO 8601 date-time with a time zone \(e.g. 2030-01-01T09:00:00Z\); got /;
  it.each([99999999999999999999, 253402300800000, -1, 1.5, Number.NaN, '2030-02-30T00:00:00Z', '2030-01-01', 'tomorrow', '+275760-09-13T00:00:00Z', true, {}, new Date(Number.NaN), new Date(8.64e15)])(
    'refuses runAt %j with the one message naming the allowed forms and range',
    (runAt) => {
      expect(() => resolveSpec({ name: 'a', runAt } as never, now)).toThrow(new RegExp(`^task.runAt: ${TIME.source}`));
    },
  );

  it('takes runAt as epoch ms, a Date or ISO 8601 text; a past time means now', () => {
    expect(resolveSpec({ name: 'a', runAt: 5_000_000 }, now).runAt).toBe(5_000_000);
    expect(resolveSpec({ name: 'a', runAt: new Date(6_000_000) }, now).runAt).toBe(6_000_000);
    expect(resolveSpec({ name: 'a', runAt: '2030-01-01T09:00:00+01:00' }, now).runAt).toBe(Date.UTC(2030, 0, 1, 8));
    expect(resolveSpec({ name: 'a', runAt: '9999-12-31T23:59:59.999Z' }, now).runAt).toBe(253402300799999);
    expect(resolveSpec({ name: 'a', runAt: 5 }, now).runAt).toBe(now);
  });

  it('bounds delays (36500d) and timeouts (24d, the longest timer Node can set)', () => {
    expect(resolveSpec({ name: 'a', delay: '36500d' }, now).runAt).toBe(now + 36_500 * 86_400_000);
    expect(() => resolveSpec({ name: 'a', delay: '100000000d' }, now)).toThrow(/^task.delay: must be a duration from 0 to 36500d .*got "100000000d"$/);
    expect(() => resolveSpec({ name: 'a', delay: 1e300 }, now)).toThrow(/^task.delay: must be a duration from 0 to 36500d/);
    expect(resolveSpec({ name: 'a', timeout: '24d' }, now).timeoutMs).toBe(24 * 86_400_000);
    expect(() => resolveSpec({ name: 'a', timeout: '100000000d' }, now)).toThrow(/^task.timeout: must be a duration from 0 to 24d/);
  });

  it('keeps keys whose words merely contain null or undefined', () => {
    for (const k of ['nullable:1', 'null-island:2', 'undefined_behaviour', 'tree:42:0']) expect(resolveSpec({ name: 'a', dedupKey: k, key: k }, now)).toMatchObject({ dedupKey: k, key: k });
  });
});
