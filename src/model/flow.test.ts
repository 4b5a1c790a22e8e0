import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';
import { flowKeyOf, parseFlowKey, parseRate, rateText, validateLimit, validatePauseTarget } from './flow.js';

const fieldOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e.field;
    throw e;
  }
  throw new Error('did not throw');
};

describe('parseRate', () => {
  it.each([
    ['100/1s', 100, 1000], ['5000/1m', 5000, 60_000], ['10/500ms', 10, 500], ['3/s', 3, 1000], ['1/1d', 1, 86_400_000], ['7/2h', 7, 7_200_000],
  ] as const)('%s', (text, n, periodMs) => {
    expect(parseRate(text)).toEqual({ n, periodMs });
    expect(parseRate(rateText({ n, periodMs }))).toEqual({ n, periodMs });
  });
  it.each(['', '100', '100/', '/1s', '0/1s', '-1/1s', '1.5/1s', '100/0s', '100/1x', '100 / 1s', '100/1s/1s', '1e3/1s', '100/2d', 100, null])('rejects %j naming the field', (v) => {
    expect(fieldOf(() => parseRate(v, 'limits[0].rate'))).toBe('limits[0].rate');
  });
});

describe('parseFlowKey', () => {
  it('payload paths and tag prefixes', () => {
    expect(parseFlowKey('payload.tenant')).toEqual({ kind: 'payload', path: ['tenant'] });
    expect(parseFlowKey('payload.customer.id')).toEqual({ kind: 'payload', path: ['customer', 'id'] });
    expect(parseFlowKey('tag:customer:')).toEqual({ kind: 'tag', prefix: 'customer:' });
  });
  it.each(['payload.', 'payload', 'payload..a', 'payload.a.', 'tag:', 'tags:x', 'tenant', '', 'payload.a b', 5])('rejects %j', (v) => {
    expect(fieldOf(() => parseFlowKey(v))).toBe('key');
  });
});

describe('flowKeyOf', () => {
  it('computes the bucket from the payload or the tags', () => {
    const t = { payload: { tenant: 'acme', n: 42, deep: { id: 'x' } }, tags: ['env:prod', 'customer:7'] };
    expect(flowKeyOf(parseFlowKey('payload.tenant'), t)).toBe('acme');
    expect(flowKeyOf(parseFlowKey('payload.n'), t)).toBe('42');
    expect(flowKeyOf(parseFlowKey('payload.deep.id'), t)).toBe('x');
    expect(flowKeyOf(parseFlowKey('payload.missing'), t)).toBe('');
    expect(flowKeyOf(parseFlowKey('tag:customer:'), t)).toBe('customer:7');
    expect(flowKeyOf(parseFlowKey('tag:team:'), t)).toBe('');
    expect(flowKeyOf(null, t)).toBe('');
  });
});

describe('validateLimit', () => {
  it('accepts a rule and derives its id from the scope and key', () => {
    const l = validateLimit({ queue: 'mail', key: 'payload.tenant', rate: '100/1s', concurrency: 5 }, 7);
    expect(l).toEqual({ id: 'queue=mail/key=payload.tenant', queue: 'mail', name: null, key: 'payload.tenant', rate: { n: 100, periodMs: 1000 }, concurrency: 5, updatedAt: 7 });
    expect(validateLimit({ name: 'send', concurrency: 1, id: 'send-one' }, 0).id).toBe('send-one');
  });
  it.each([
    [{ rate: '1/1s' }, 'queue'],
    [{ queue: 'q' }, 'rate'],
    [{ queue: 'q', rate: 'fast' }, 'rate'],
    [{ queue: 'q', concurrency: 0 }, 'concurrency'],
    [{ queue: 'q', concurrency: -3 }, 'concurrency'],
    [{ queue: 'q', concurrency: 1.5 }, 'concurrency'],
    [{ queue: 'q', concurrency: '2' }, 'concurrency'],
    [{ queue: 'q', concurrency: 1, key: 'payload.' }, 'key'],
    [{ queue: 'q', concurrency: 1, key: 'header.x' }, 'key'],
    [{ queue: 'bad queue', concurrency: 1 }, 'queue'],
    [{ queue: 'q', concurrency: 1, colour: 'red' }, 'colour'],
    [{ queue: 'q', concurrency: 1, id: ' x' }, 'id'],
  ] as const)('%j -> %s', (spec, field) => {
    expect(fieldOf(() => validateLimit(spec, 0))).toBe(field);
    expect(fieldOf(() => validateLimit(spec, 0, 'flow.limits[1]'))).toBe(`flow.limits[1].${field}`);
  });
});

describe('validatePauseTarget', () => {
  it('one of name, run, schedule', () => {
    expect(validatePauseTarget({ name: 'send' })).toEqual({ kind: 'name', target: 'send' });
    expect(validatePauseTarget({ run: 'r_1' })).toEqual({ kind: 'run', target: 'r_1' });
    expect(validatePauseTarget({ schedule: 'nightly' })).toEqual({ kind: 'schedule', target: 'nightly' });
    expect(fieldOf(() => validatePauseTarget({}))).toBe('name');
    expect(fieldOf(() => validatePauseTarget({ name: 'a', run: 'b' }))).toBe('run');
    expect(fieldOf(() => validatePauseTarget({ queue: 'a' }))).toBe('queue');
    expect(fieldOf(() => validatePauseTarget({ name: '' }))).toBe('name');
  });
});
