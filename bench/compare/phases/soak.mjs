// Soak: `total` no-op tasks end to end through one taskframe store with retention on (finished
// tasks and their events purged after 1 s by the worker's maintenance). The producer enqueues in
// calls of 1,000 and keeps the backlog at most 20,000 so this measures sustained flow, not a
// growing queue. Every `step` tasks: the rate over the last step, both processes' RSS, and the
// store's sizes. The claim's plan is taken at the start (20,000 queued, nothing run yet) and at
// the end (worker stopped, 20,000 more queued into the churned tables): same backlog, so the two
// are comparable.
import os from 'node:os';
import { monoMs, sleep, until } from '../clock.mjs';
import { namespace } from '../env.mjs';
import { forkWorker } from '../worker-handle.mjs';
import { openInspector } from './inspect.mjs';

const BACKLOG = 20_000;
const chunk = (from, count) => Array.from({ length: count }, (_, k) => ({ i: from + k, t: 0 }));

export async function soak(system, { total, step, log }) {
  const ns = namespace(system.id, 'soak');
  const producer = await system.openProducer(ns);
  let w = null;
  let inspector = null;
  try {
    for (let i = 0; i < BACKLOG; i += 1000) await producer.enqueueBulk(chunk(total + i, 1000));
    inspector = await openInspector(system, ns);
    const start = { ...(await inspector.plan()), sizes: await inspector.sizes() };
    // The start backlog carries indexes past `total` (the worker counts them as unexpected
    // only if they are out of range, so the phase size covers them).
    w = await forkWorker(system.id, ns, { maintenance: { retentionMs: 1000, intervalMs: 1000 } });
    const size = total + BACKLOG;
    await w.request({ cmd: 'phase', name: 'soak', n: size, size, light: true, progressMs: 100 }, 'phase-set');
    let done = 0;
    const samples = [];
    const pending = [];
    let mark = step;
    let last = { count: 0, t: monoMs() };
    w.on('progress', (m) => {
      done = m.count;
      if (m.count >= mark && mark <= total) {
        const t = monoMs();
        const s = { at: mark, count: m.count, rate: ((m.count - last.count) / (t - last.t)) * 1000, workerRss: m.rss, producerRss: process.memoryUsage().rss, load: os.loadavg()[0] };
        samples.push(s);
        pending.push(inspector.sizes().then((z) => Object.assign(s, z)));
        log(`${system.id} soak: ${m.count.toLocaleString()} done, ${s.rate.toFixed(0)}/s, worker RSS ${(m.rss / 2 ** 20).toFixed(0)} MB`);
        last = { count: m.count, t };
        while (mark <= m.count) mark += step;
      }
    });
    const reached = w.next('reached', 1_800_000);
    const t0 = monoMs();
    w.send({ cmd: 'start' });
    for (let i = 0; i < total; i += 1000) {
      await producer.enqueueBulk(chunk(i, Math.min(1000, total - i)));
      while (i + BACKLOG - done > BACKLOG) {
        w.assertAlive();
        await sleep(5);
      }
    }
    await reached;
    await until(async () => (await producer.remaining()) === 0, { what: 'soak: nothing unfinished' });
    const elapsedMs = monoMs() - t0;
    const r = await w.request({ cmd: 'result' }, 'result');
    await Promise.all(pending);
    await w.stop();
    w = null;
    // Retention is not given time to catch up: the end sizes show what the worker left behind.
    const endSizes = await inspector.sizes();
    const largest = await inspector.largest();
    for (let i = 0; i < BACKLOG; i += 1000) await producer.enqueueBulk(chunk(total + BACKLOG + i, 1000));
    const end = { ...(await inspector.plan()), sizes: endSizes };
    return { system: system.id, largest, total, step, elapsedMs, rate: (size / elapsedMs) * 1000, ran: r.count, duplicates: r.duplicates, unexpected: r.unexpected, start, end, samples };
  } finally {
    await w?.stop().catch(() => w.kill());
    await inspector?.close();
    await producer.destroy();
  }
}
