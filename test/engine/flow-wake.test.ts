/**
 * A claim held back by a rate rule wakes the workers at the next slot of the sliding window
 * (1/50 of the period: claims leave the window slot by slot; engine/flow.ts). The slot that held
 * it back is the one the claim was asked in: an answer that arrives just after a slot began must
 * not put the wake-up a slot later (with fixed windows, bench:flow lost one second in twenty to
 * that: the worker slept through the window).
 */
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Flow } from '../../src/engine/flow.js';
import { ManualClock } from '../../src/model/clock.js';
import { freshStore, type TestStore } from '../helpers/stores.js';

describe('waking workers when a rate window moves on', () => {
  let ts: TestStore;
  beforeEach(async () => {
    ts = await freshStore('sqlite');
  });
  afterEach(async () => {
    vi.useRealTimers();
    await ts.cleanup();
  });

  async function flowWithRate(clock: ManualClock) {
    const signals = new EventEmitter();
    const wakes: number[] = [];
    signals.on('wake', () => wakes.push(clock.now()));
    const flow = new Flow(ts.store, clock, signals);
    await flow.setLimit({ name: 'r', rate: '1000/1s' });
    // The first short claim reads the rules; timers start from the next one.
    flow.claimedShort(clock.now());
    await vi.waitFor(async () => {
      flow.claimedShort(clock.now());
      vi.advanceTimersByTime(1000);
      expect(wakes.length).toBeGreaterThan(0);
    });
    wakes.length = 0;
    return { flow, wakes };
  }

  it('an answer that arrives after the next slot began wakes at once, not a slot later', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const window = Date.UTC(2026, 0, 1, 12);
    const clock = new ManualClock(window - 5_000);
    const { flow, wakes } = await flowWithRate(clock);
    clock.set(window + 3); // asked 2 ms before a slot began, answered 3 ms after
    flow.claimedShort(window - 2);
    vi.advanceTimersByTime(1);
    expect(wakes).toEqual([window + 3]);
  });

  it('a claim asked within a slot wakes when the next slot begins (1000/1s: every 20 ms), not at the next second', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const window = Date.UTC(2026, 0, 1, 12);
    const clock = new ManualClock(window - 5_000);
    const { flow, wakes } = await flowWithRate(clock);
    clock.set(window + 386);
    flow.claimedShort(window + 385);
    vi.advanceTimersByTime(13);
    expect(wakes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(wakes.length).toBe(1);
  });
});
