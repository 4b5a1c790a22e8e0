import { afterEach, describe, expect, it } from 'vitest';
import { followRun, workerSlots } from '../../src/cli/run-progress.js';
import type { TaskContext } from '../../src/worker/worker.js';
import { harness, label, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => h?.close());

/** The progress output, and a way to wait until it shows something. */
function capture() {
  const chunks: string[] = [];
  let waiters: Array<() => void> = [];
  const write = (s: string) => {
    chunks.push(s);
    const ws = waiters;
    waiters = [];
    for (const w of ws) w();
    return true;
  };
  /** Resolves once the output written so far satisfies `check` (looked at on each write). */
  const until = async (check: (text: string) => boolean, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!check(chunks.join(''))) {
      if (Date.now() > deadline) throw new Error(`the progress output never showed what a handler waited for:\n${chunks.join('')}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, deadline - Date.now()).unref();
      });
    }
  };
  return { chunks, until, out: { write } as unknown as NodeJS.WritableStream };
}

const src = `name: p
tasks:
  a: { handler: slow }
  fan: { handler: slow, needs: a, foreach: [1, 2, 3] }
`;

describe('live progress', () => {
  it('on a terminal, redraws the tree in place until the run ends', async () => {
    h = await harness();
    const c = capture();
    // Each task runs until the next frame is drawn, so frames show tasks running.
    h.start({
      slow: async () => {
        const n = c.chunks.length;
        await c.until(() => c.chunks.length > n);
      },
    });
    const runId = await h.submit(src);
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
    const c = capture();
    // Each task runs until the output has said its step is running (a foreach item: its group).
    h.start({ slow: (_p: unknown, ctx: TaskContext) => c.until((text) => text.includes(`] ${label(ctx.task).replace(/\[\d+\]$/, '')} running`)) });
    const runId = await h.submit(src);
    await followRun(h.engine, runId, { tty: false, out: c.out, intervalMs: 10 });
    const text = c.chunks.join('');
    expect(text).toMatch(/\] a running\n[^]*\] a succeeded\n[^]*\] fan running\n[^]*\] fan succeeded/);
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
    const slots = workerSlots(worker, 4, false);
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
    expect(run.state).toBe('succeeded');
    const running = c.chunks.map((f) => Number(/\((?:\d+) tasks: (\d+) running/.exec(f)?.[1] ?? 0));
    expect(Math.max(...running)).toBe(4);
    expect(c.chunks.some((f) => f.includes('⧗ 16 ready tasks wait for a slot: 4 run at once here (-c 4); more with -c N'))).toBe(true);
    expect(c.chunks.at(-1)).not.toContain('⧗');
  });

  it('a task whose handler returned while its result is still being recorded no longer shows as running', async () => {
    h = await harness();
    // The first four results wait to be recorded; their slots are free meanwhile, and the next
    // four tasks start and hold them until the output has shown a frame with them running.
    let recordFirst!: () => void;
    const recorded = new Promise<void>((r) => (recordFirst = r));
    const complete = h.engine.complete.bind(h.engine);
    let held = 0;
    h.engine.complete = async (p) => {
      if (held++ < 4) await recorded;
      return complete(p);
    };
    let started = 0;
    let secondWave!: () => void;
    const secondRunning = new Promise<void>((r) => (secondWave = r));
    const worker = h.start({ slow: () => (++started <= 4 ? null : secondRunning) }, 4);
    const slots = workerSlots(worker, 4, false);
    const runId = await h.submit(`name: waves\ntasks:\n  level: { handler: slow, foreach: [${Array.from({ length: 8 }, (_, i) => i).join(', ')}] }\n`);
    const frames: string[] = [];
    const out = {
      write: (s: string) => {
        frames.push(s);
        // Once all eight handlers have started (four returned, four running), let it all finish.
        if (started === 8 && frames.length > 3) {
          secondWave();
          recordFirst();
        }
        return true;
      },
    } as unknown as NodeJS.WritableStream;
    const run = await followRun(h.engine, runId, { tty: true, out, intervalMs: 20, slots });
    expect(run.state).toBe('succeeded');
    expect(started).toBe(8);
    const running = frames.map((f) => Number(/\((?:\d+) tasks: (\d+) running/.exec(f)?.[1] ?? 0));
    expect(Math.max(...running)).toBe(4);
  });
});
