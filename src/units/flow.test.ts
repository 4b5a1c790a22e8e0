import { describe, expect, it } from 'vitest';
import { ValidationError } from '../model/errors.js';
import { parseUnit } from './load.js';

const INI = (service: string) => `[Service]\n${service}\n[Command]\ncommand=./run.sh\n`;

function fails(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return err as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('unit flow control: [Service] RateLimit=, ConcurrencyLimit=, LimitKey=', () => {
  it('builds one rule on the unit\'s task name, id unit:<name>, at its first key', () => {
    const u = parseUnit(INI('MaxTime=2s\nRateLimit=100/1s\nConcurrencyLimit=5\nLimitKey=payload.tenant'), '/u/resize.service');
    expect(u.flowLimit).toEqual({ spec: { id: 'unit:resize', name: 'resize', rate: '100/1s', concurrency: 5, key: 'payload.tenant' }, at: '/u/resize.service:3:1' });
    expect(u.at['service.ratelimit']).toBe('/u/resize.service:3:1');
  });

  it('reads the same from YAML, and a rate or a concurrency alone', () => {
    const y = parseUnit('command: ./run.sh\nservice:\n  concurrencyLimit: 2\n  limitKey: "tag:customer:"\n', '/u/bill.yaml');
    expect(y.flowLimit?.spec).toEqual({ id: 'unit:bill', name: 'bill', concurrency: 2, key: 'tag:customer:' });
    expect(parseUnit(INI('RateLimit=5000/1m'), '/u/a.service').flowLimit?.spec).toEqual({ id: 'unit:a', name: 'a', rate: '5000/1m' });
    expect(parseUnit(INI('MaxTime=1s'), '/u/a.service').flowLimit).toBeNull();
  });

  it('bad input names the file and line: an unparseable rate, K <= 0, a key naming nothing, a key without a limit', () => {
    expect(fails(() => parseUnit(INI('MaxTime=1s\nRateLimit=100 per second'), '/u/a.service')).message).toMatch(/^\/u\/a\.service:3:1: malformed rate "100 per second"/);
    expect(fails(() => parseUnit(INI('RateLimit=0/1s'), '/u/a.service')).message).toMatch(/^\/u\/a\.service:2:1: malformed rate/);
    expect(fails(() => parseUnit(INI('RateLimit=5/2d'), '/u/a.service')).message).toMatch(/^\/u\/a\.service:2:1: .*longer than 1d/);
    expect(fails(() => parseUnit(INI('ConcurrencyLimit=0'), '/u/a.service')).message).toMatch(/^\/u\/a\.service:2:1: Service.ConcurrencyLimit: expected a positive integer/);
    expect(fails(() => parseUnit(INI('ConcurrencyLimit=-3'), '/u/a.service')).message).toMatch(/^\/u\/a\.service:2:1: Service.ConcurrencyLimit: expected a positive integer/);
    expect(fails(() => parseUnit(INI('ConcurrencyLimit=2\nLimitKey=tenant'), '/u/a.service')).message).toMatch(/^\/u\/a\.service:3:1: unknown key expression "tenant"/);
    expect(fails(() => parseUnit(INI('ConcurrencyLimit=2\nLimitKey=payload.'), '/u/a.service')).message).toMatch(/^\/u\/a\.service:3:1: "payload\." names no payload field/);
    expect(fails(() => parseUnit(INI('LimitKey=payload.tenant'), '/u/a.service')).message).toMatch(/^\/u\/a\.service:2:1: LimitKey= splits a limit into buckets, and this unit has none/);
  });
});
