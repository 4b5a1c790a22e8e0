// One repetition of the queue comparison for one system, in a fresh namespace:
//   bulk enqueue — N no-op jobs through the bulk API in calls of 1,000, no worker running
//   drain        — a worker process (already forked and connected) is started; timer from its
//                  start until every job has run and the backend reports none unfinished
//   steady       — the worker idles; the producer pushes N jobs in bulk calls of 100 as fast as it
//                  can while it runs; rate = N / (first call -> backend reports none unfinished);
//                  latency = handler start - start of the enqueue call for that job's batch
//   paced        — open-loop single-job enqueues at an offered rate; latency includes the call
import { monoMs, sleep, until } from '../clock.mjs';
import { namespace } from '../env.mjs';
import { cpuSampler } from '../cpu.mjs';
import { latencySummary, rate } from '../stats.mjs';
import { forkWorker } from '../worker-handle.mjs';

/** CPU milliseconds per group as microseconds per task (null where not measured). */
const perTask = (spent, n) => (spent ? Object.fromEntries(Object.entries(spent).map(([k, v]) => [k, v === null ? null : (v * 1000) / n])) : null);

const jobs = (from, count, t) => Array.from({ length: count }, (_, k) => ({ i: from + k, t }));

async function settle(w, producer, what) {
  await until(async () => (await producer.remaining()) === 0, { what: `${what}: backend to report no unfinished job` });
  return w.request({ cmd: 'result' }, 'result');
}

function integrity(r, expected) {
  return { expected, ran: r.count, duplicates: r.duplicates, unexpected: r.unexpected };
}

export async function queueRepetition(system, rep, { n, pacedRate, pacedSeconds, log }) {
  const ns = namespace(system.id, rep);
  const producer = await system.openProducer(ns);
  let w = null;
  const out = { system: system.id, rep, n };
  try {
    // ---- bulk enqueue ----
    let t0 = monoMs();
    for (let i = 0; i < n; i += 1000) await producer.enqueueBulk(jobs(i, Math.min(1000, n - i), monoMs()));
    out.enqueue = rate(n, monoMs() - t0);

    // ---- drain ----
    w = await forkWorker(system.id, ns);
    await w.request({ cmd: 'phase', name: 'drain', n }, 'phase-set');
    let reached = w.next('reached');
    t0 = monoMs();
    w.send({ cmd: 'start' });
    await reached;
    let r = await settle(w, producer, 'drain');
    out.drain = rate(n, monoMs() - t0);
    out.drainIntegrity = integrity(r, n);
    log(`${system.id} rep ${rep}: enqueue ${out.enqueue.toFixed(0)}/s, drain ${out.drain.toFixed(0)}/s`);

    // ---- steady: producer and worker at once ----
    await w.request({ cmd: 'phase', name: 'steady', n }, 'phase-set');
    reached = w.next('reached');
    const cpu = cpuSampler({ workerPid: w.child.pid, backend: system.backend });
    t0 = monoMs();
    for (let i = 0; i < n; i += 100) await producer.enqueueBulk(jobs(i, Math.min(100, n - i), monoMs()));
    const produced = rate(n, monoMs() - t0);
    await reached;
    r = await settle(w, producer, 'steady');
    out.steady = { rate: rate(n, monoMs() - t0), produced, cpuUs: perTask(cpu(), n), ...latencySummary(r.lat) };
    out.steadyIntegrity = integrity(r, n);
    log(`${system.id} rep ${rep}: steady ${out.steady.rate.toFixed(0)}/s, p50 ${out.steady.p50.toFixed(1)} ms, p99 ${out.steady.p99.toFixed(1)} ms`);

    // ---- paced: single enqueues at an offered rate ----
    const m = Math.round(pacedRate * pacedSeconds);
    await w.request({ cmd: 'phase', name: 'paced', n: m }, 'phase-set');
    reached = w.next('reached');
    const calls = [];
    const pending = [];
    const start = monoMs();
    for (let i = 0; i < m; i++) {
      const wait = start + (i * 1000) / pacedRate - monoMs();
      if (wait > 1) await sleep(wait);
      const t = monoMs();
      pending.push(producer.enqueueOne({ i, t }).then(() => calls.push(monoMs() - t)));
    }
    const offered = rate(m, monoMs() - start);
    await Promise.all(pending);
    // How fast the add calls were actually answered: below the offered rate, the client queues
    // them and latency becomes time waiting in the producer.
    const accepted = rate(m, monoMs() - start);
    await reached;
    r = await settle(w, producer, 'paced');
    out.paced = { offered, accepted, ...latencySummary(r.lat), call: latencySummary(calls) };
    out.pacedIntegrity = integrity(r, m);
    log(`${system.id} rep ${rep}: paced ${offered.toFixed(0)}/s offered, p50 ${out.paced.p50.toFixed(2)} ms, p99 ${out.paced.p99.toFixed(2)} ms`);
    out.workerRss = r.rss;
    return out;
  } finally {
    await w?.stop().catch(() => w.kill());
    await producer.destroy();
  }
}
