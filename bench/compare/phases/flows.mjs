// Flows: a parent with N children (fan-in) and an N-step chain, declared up front while no worker
// runs (submission timed on its own), then executed by a fresh worker process: timer from its
// start until the last job has run and the backend reports nothing unfinished. The worker checks
// the order: a chain must run 0, 1, 2, … and a fan-in's parent must be the last job to start.
import { monoMs, until } from '../clock.mjs';
import { namespace } from '../env.mjs';
import { forkWorker } from '../worker-handle.mjs';

export const FLOW_KINDS = {
  fanIn: { title: 'fan-in: a parent with {n} children', jobs: (n) => n + 1 },
  chain: { title: 'chain of {n} steps', jobs: (n) => n },
};

export async function flowRepetition(system, rep, kind, n, log) {
  const ns = namespace(system.id, `${kind}${rep}`);
  const producer = await system.openProducer(ns);
  let w = null;
  try {
    const total = FLOW_KINDS[kind].jobs(n);
    w = await forkWorker(system.id, ns);
    await w.request({ cmd: 'phase', name: kind, n: total, light: true }, 'phase-set');
    let t0 = monoMs();
    await producer.flows[kind](n);
    const submitMs = monoMs() - t0;
    const reached = w.next('reached');
    t0 = monoMs();
    w.send({ cmd: 'start' });
    await reached;
    await until(async () => (await producer.remaining()) === 0, { what: `${kind}: backend to report nothing unfinished` });
    const runMs = monoMs() - t0;
    const r = await w.request({ cmd: 'result' }, 'result');
    const orderOk = kind === 'chain' ? r.outOfSequence === 0 : r.last === n;
    log(`${system.id} ${kind} rep ${rep}: submit ${submitMs.toFixed(0)} ms, run ${runMs.toFixed(0)} ms, order ${orderOk ? 'ok' : 'WRONG'}`);
    return { system: system.id, kind, rep, n, jobs: total, submitMs, runMs, perSec: (total / runMs) * 1000, ran: r.count, duplicates: r.duplicates, orderOk };
  } finally {
    await w?.stop().catch(() => w.kill());
    await producer.destroy();
  }
}
