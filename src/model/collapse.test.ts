import { describe, expect, it } from 'vitest';
import { debouncedRunAt, planCollapse, resolveCollapse } from './collapse.js';
import { ValidationError } from './errors.js';

const debounce = resolveCollapse('debounce', { key: 'k', window: '5s', maxWait: '12s' }, 'debounce');
const throttle = resolveCollapse('throttle', { key: 'k', window: '1m' }, 'throttle');
const win = { taskId: '1', openedAt: 1000, until: 6000 };

describe('debounce and throttle decisions', () => {
  it('defaults: debounce keeps the last payload, throttle the first', () => {
    expect(debounce).toEqual({ mode: 'debounce', key: 'k', windowMs: 5000, keep: 'last', maxWaitMs: 12_000 });
    expect(throttle).toMatchObject({ keep: 'first', maxWaitMs: null });
  });

  it('a debounce pushes the run back a window from now, never past maxWait after the first, never earlier', () => {
    expect(debouncedRunAt(debounce, 3000, 1000, 6000)).toBe(8000);
    expect(debouncedRunAt(debounce, 10_000, 1000, 13_000)).toBe(13_000);
    expect(debouncedRunAt(debounce, 20_000, 1000, 13_000)).toBe(13_000);
  });

  it('a debounce joins only a task still waiting to run', () => {
    expect(planCollapse(debounce, win, { state: 'scheduled', runAt: 6000 }, 3000)).toEqual({ action: 'join', change: { replacePayload: true, runAt: 8000 } });
    expect(planCollapse(debounce, win, { state: 'running', runAt: 6000 }, 3000)).toEqual({ action: 'open' });
    expect(planCollapse(debounce, null, null, 3000)).toEqual({ action: 'open' });
  });

  it('a throttle joins its task, in any state, until the window ends', () => {
    const w = { taskId: '1', openedAt: 0, until: 60_000 };
    expect(planCollapse(throttle, w, { state: 'succeeded', runAt: 0 }, 59_999)).toEqual({ action: 'join', change: null });
    expect(planCollapse(throttle, w, { state: 'succeeded', runAt: 0 }, 60_000)).toEqual({ action: 'open' });
    const last = { ...throttle, keep: 'last' as const };
    expect(planCollapse(last, w, { state: 'pending', runAt: 0 }, 10)).toEqual({ action: 'join', change: { replacePayload: true, runAt: null } });
    expect(planCollapse(last, w, { state: 'running', runAt: 0 }, 10)).toEqual({ action: 'join', change: null });
    expect(planCollapse(throttle, w, null, 10)).toEqual({ action: 'open' });
  });

  it('bad options name their field', () => {
    expect(() => resolveCollapse('debounce', { key: 'k', window: '0s' }, 'd')).toThrow(new ValidationError('d.window', 'must be greater than zero'));
    expect(() => resolveCollapse('throttle', { key: 'k' }, 't')).toThrow(/t\.window/);
    expect(() => resolveCollapse('throttle', null, 't')).toThrow(/^t: must be an object/);
  });
});
