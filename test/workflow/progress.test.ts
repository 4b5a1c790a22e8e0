import { afterEach, describe, expect, it } from 'vitest';
import { followRun, trackSlots } from '../../src/cli/run-progress.js';
import { harness, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => h?.close());

function capture() {
  const chunks: string[] = [];
  return { chunks, out: { write: (s: string) => (chunks.push(s), true) } as unknown as NodeJS.WritableStream };
}

const src = `name: p
tasks:
  a: { handler: slow }
  fan: { handler: slow, needs: a, foreach: [1, 2, 3] }
`;

describe('live progress', () => {
  it('on a terminal, redraws the tree in place until the run ends', async () => {
    h = await harness();
    h.start({ slow: () => new Promise((r) => setTimeout(r, 60)) });
    const runId = await h.submit(src);
    const c = capture();
    const run = await followRun(h.engine, runId, { tty: true, out: c.out, intervalMs: 20 });
    expect(run.state).toBe('succeeded');
    expect(c.chunks.length).toBeGreaterThan(2);
    // Every frame after the first moves the cursor up over the previous one and clears it.
    const lines = c.chunks[0]!.split('\n').length - 1;
    expect(c.chunks[1]!.startsWith(`\x1b[${lines}A\x1b[J`)).toBe(true);
    const last = c.chunks.at(-1)!;
    expect(last).toMatch(/SUCCEEDED/);
    expect(last).toMatch(/✓ fan +foreach 3\/3: 3 succeeded/);
  });

  it('elsewhere, prints one line per change and the final tree', async () => {
    h = await harness();
    h.start({ slow: () => new Promise((r) => setTimeout(r, 30)) });
    const runId = await h.submit(src);
    const c = capture();
    await followRun(h.engine, runId, { tty: false, out: c.out, intervalMs: 10 });
    const text = c.chunks.join('');
    expect(text).not.toContain('\x1b[');
    expect(text).toMatch(/\] a succeeded/);
    expect(text).toMatch(/\] fan succeeded \(3 items\)/);
    expect(text).toMatch(/run run-\S+ +p +SUCCEEDED/);
  });

  it('shows as running only what runs (at most -c), and says when ready tasks wait for a slot', async () => {
    h = await harness();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    // 4 slots; the worker also claims 4 ahead of them, which the store calls running.
    const worker = h.start({ slow: () => gate }, 4);
    const slots = trackSlots(worker, 4, false);
    const runId = await h.submit(`name: wide\ntasks:\n  level: { handler: slow, foreach: [${Array.from({ length: 20 }, (_, i) => i).join(', ')}] }\n`);
    const c = capture();
    let frames = 0;
    const out = {
      write: (s: string) => {
        c.chunks.push(s);
        // Once the progress says tasks wait for a slot, let everything finish (or after 200
        // frames, for code that never says it).
        if (s.includes('⧗') || ++frames === 200) release();
        return true;
      },
    } as unknown as NodeJS.WritableStream;
    const run = await followRun(h.engine, runId, { tty: true, out, intervalMs: 20, slots });
    slots.stop();
    expect(run.state).toBe('succeeded');
    const running = c.chunks.map((f) => Number(/\((?:\d+) tasks: (\d+) running/.exec(f)?.[1] ?? 0));
    expect(Math.max(...running)).toBe(4);
    expect(c.chunks.some((f) => f.includes('⧗ 16 ready tasks wait for a slot: 4 run at once here (-c 4); more with -c N'))).toBe(true);
    expect(c.chunks.at(-1)).not.toContain('⧗');
  });
});
