import { afterEach, describe, expect, it } from 'vitest';
import { NonRetryableError } from '../../src/model/errors.js';
import { CanvasFailedError, chain, chord, group, sig, submitCanvas } from '../../src/workflow/canvas.js';
import { harness, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => h?.close());

const handlers = {
  add: (p: { a: number; b: number } | number[]) => (Array.isArray(p) ? p.reduce((x, y) => x + y, 0) : p.a + p.b),
  double: (x: number) => x * 2,
  inc: (x: number) => x + 1,
  sum: (xs: number[]) => xs.reduce((x, y) => x + y, 0),
  boom: () => {
    throw new NonRetryableError('kaput');
  },
};

describe('canvas: chain, group, chord, callbacks, awaitable result', () => {
  it('a chain passes each result to the next step', async () => {
    h = await harness();
    const seen: unknown[] = [];
    h.start({ ...handlers, record: (x: unknown) => seen.push(x) });
    const handle = await submitCanvas(h.engine, chain(sig('add', { a: 2, b: 3 }), sig('double'), sig('inc').onSuccess(sig('record'))));
    expect(await handle.result()).toBe(11);
    await h.finish(handle.run.id);
    expect(seen).toEqual([11]);
  });

  it('a group runs its members at once and gives their results in order; a chord feeds them to a callback', async () => {
    h = await harness();
    h.start(handlers);
    const g = await submitCanvas(h.engine, group(sig('double', 1), sig('double', 2), chain(sig('inc', 10), sig('double'))));
    expect(await g.result()).toEqual([2, 4, 22]);
    const c = await submitCanvas(h.engine, chord([sig('double', 5), sig('inc', 5)], sig('sum')));
    expect(await c.result()).toBe(16);
    // A group inside a chain: the next step receives the list.
    const nested = await submitCanvas(h.engine, chain(sig('inc', 1), group(sig('double'), sig('inc')), sig('sum')));
    expect(await nested.result()).toBe(4 + 3);
    // Members of a group are one level: the only edge among them is inside the member chain.
    const { tasks } = await h.engine.runs.withTasks(g.run.id);
    const user = tasks.filter((t) => t.name in handlers);
    const deps = await h.engine.deps(user.map((t) => t.id));
    const inc = user.find((t) => t.name === 'inc')!;
    expect(deps).toEqual([{ taskId: expect.any(String), depId: inc.id }]);
  });

  it('on-error callbacks run with the error; the handle rejects; later steps are skipped', async () => {
    h = await harness();
    const errors: unknown[] = [];
    h.start({ ...handlers, alert: (e: unknown) => errors.push(e) });
    const handle = await submitCanvas(h.engine, chain(sig('inc', 1), sig('boom').onError(sig('alert')), sig('double')));
    await expect(handle.result()).rejects.toBeInstanceOf(CanvasFailedError);
    await expect(handle.result()).rejects.toThrow(/task "s1" failed: kaput/);
    expect(errors).toEqual([expect.objectContaining({ message: 'kaput' })]);
    const { tasks } = await h.engine.runs.withTasks(handle.run.id);
    expect(tasks.find((t) => t.name === 'double')!.state).toBe('skipped');
  });

  it('an on-error callback that is not needed is skipped and the canvas succeeds', async () => {
    h = await harness();
    h.start({ ...handlers, alert: () => null });
    const handle = await submitCanvas(h.engine, group(sig('inc', 1), sig('inc', 2)).onError(sig('alert')));
    expect(await handle.result()).toEqual([2, 3]);
  });
});
