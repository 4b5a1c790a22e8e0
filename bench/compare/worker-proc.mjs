// A worker process: runs one system's worker and tells the producer (its parent, over IPC) what
// it saw. Every job carries its index `i` and the producer's timestamp `t` (monotonic clock);
// this process counts distinct indexes (duplicates and strays are reported, never hidden) and,
// unless the phase is `light`, records enqueue-to-start latency per job.
//
//   fork('worker-proc.mjs', [systemId, namespace, optionsJson])
//   parent -> child: {cmd:'phase', name, n, size, light, progressMs} | {cmd:'start'} | {cmd:'result'} | {cmd:'stop'}
//   child -> parent: {ev:'ready'} {ev:'started'} {ev:'reached'} {ev:'progress', count, rss} {ev:'result', ...} {ev:'stopped', rss}
import { monoMs } from './clock.mjs';
import { byId } from './systems/index.mjs';

const [systemId, ns, optionsJson] = process.argv.slice(2);
const system = byId(systemId);
const worker = await system.openWorker(ns, JSON.parse(optionsJson ?? '{}'));

let phase = null;
let strays = 0;
let progressTimer = null;

function onJob(data) {
  const now = monoMs();
  const p = phase;
  if (!p) {
    strays++;
    return;
  }
  const i = data?.i;
  if (!Number.isInteger(i) || i < 0 || i >= p.size) p.unexpected++;
  else if (p.seen[i]) p.duplicates++;
  else p.seen[i] = 1;
  // Order checks for flows: a chain must run 0, 1, 2, …; a fan-in's parent (the highest index) last.
  if (i !== p.count) p.outOfSequence++;
  p.last = i;
  if (!p.light) p.lat[p.count] = now - data.t;
  p.count++;
  if (p.count === p.n) process.send({ ev: 'reached' });
}

process.on('message', async (m) => {
  try {
    if (m.cmd === 'phase') {
      const size = m.size ?? m.n;
      phase = { name: m.name, n: m.n, size, light: !!m.light, seen: new Uint8Array(size), lat: m.light ? null : new Float64Array(m.n * 2), count: 0, duplicates: 0, unexpected: 0, outOfSequence: 0, last: null };
      if (progressTimer) clearInterval(progressTimer);
      if (m.progressMs) progressTimer = setInterval(() => process.send({ ev: 'progress', count: phase.count, rss: process.memoryUsage().rss }), m.progressMs);
      process.send({ ev: 'phase-set' });
    } else if (m.cmd === 'start') {
      await worker.start(onJob);
      process.send({ ev: 'started' });
    } else if (m.cmd === 'result') {
      if (progressTimer) clearInterval(progressTimer);
      progressTimer = null;
      const p = phase;
      phase = null;
      process.send({ ev: 'result', name: p.name, count: p.count, duplicates: p.duplicates, unexpected: p.unexpected, outOfSequence: p.outOfSequence, last: p.last, strays, lat: p.light ? [] : Array.from(p.lat.subarray(0, Math.min(p.count, p.lat.length))), rss: process.memoryUsage().rss });
    } else if (m.cmd === 'stop') {
      if (progressTimer) clearInterval(progressTimer);
      await worker.stop();
      process.send({ ev: 'stopped', rss: process.memoryUsage().rss }, () => process.exit(0));
    }
  } catch (err) {
    process.send({ ev: 'error', message: err.stack ?? String(err) });
  }
});
process.send({ ev: 'ready' });
