import { afterEach, describe, expect, it } from 'vitest';
import { harness, label, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => h?.close());


describe('level-parallel execution at scale', () => {
  it('a 10,000-wide level becomes pending in one step when its parent succeeds, and the run finishes', async () => {
    h = await harness();
    const runId = await h.submit(`name: wide
inputs:
  n: 10000
tasks:
  root: { handler: noop }
  level: { handler: noop, needs: root, foreach: "\${{ range(inputs.n) }}", payload: { i: "\${{ index }}" } }
  end: { handler: count, needs: level, payload: { all: "\${{ needs.level.output }}" } }
`, { handlers: ['noop', 'count'] });
    expect(await h.engine.countLive()).toMatchObject({ pending: 1, blocked: 10_000 + 3 });
    // Run the root by hand: its completion is the one transaction that unblocks the level.
    const [root] = await h.engine.claim({ queues: ['default'], workerId: 'test', limit: 10, leaseMs: 30_000 });
    expect(label(root!)).toBe('root');
    await h.engine.complete({ id: root!.id, leaseToken: root!.leaseToken, result: null });
    expect(await h.engine.countLive()).toMatchObject({ pending: 10_000, blocked: 3 });

    h.start({ noop: (p: { i: number }) => p.i, count: (p: { all: number[] }) => p.all.length === 10_000 && p.all.every((v, i) => v === i) }, 64);
    const { run, tasks } = await h.finish(runId);
    expect(run.state).toBe('succeeded');
    expect(tasks.find((t) => label(t) === 'end')!.result).toBe(true);
  });

  it('a 1,000-deep chain finishes', async () => {
    h = await harness();
    const steps = Array.from({ length: 1000 }, (_, i) => `  s${i}: { handler: step, payload: { i: ${i} } }`).join('\n');
    const runId = await h.submit(`name: deep\nsequential: true\ntasks:\n${steps}\n`);
    const order: number[] = [];
    h.start({ step: (p: { i: number }) => order.push(p.i) });
    const { run } = await h.finish(runId);
    expect(run.state).toBe('succeeded');
    expect(order).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });
});
