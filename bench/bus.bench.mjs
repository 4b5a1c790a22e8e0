// Bus bridge benchmark against the machine's NATS JetStream (127.0.0.1:4222) and the embedded
// SQLite store:
//   ingress         — N seed-format task messages already in a JetStream stream; Ingress
//                     consumes, enqueues (dedup key per message) and acks. Tasks/s into the store.
//   baseline        — the same N tasks enqueued one call each (enqueueOne, 1,000 in flight) with
//                     no bus, same run: the ceiling ingress is measured against.
//   egress lag      — tasks enqueued at an offered 1,000/s, a no-op worker, the outbox publishing
//                     done messages to JetStream; lag = a subscriber's receive time minus the
//                     task's finish time (`completed` in the done message). p50/p99.
//   lag baseline    — the bus alone at the same rate (publish with confirm → subscriber).
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { Ingress, Outbox, Taskframe, createLogger, openBus } from '../dist/index.js';
import { fmt, sleep, summarize, tempDb } from './lib.mjs';

const NATS = process.env.TASKFRAME_BENCH_NATS ?? 'nats://127.0.0.1:4222';
const quiet = createLogger({ level: 'error' });
const topicName = (p) => `bench-${p}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

async function withTf(fn) {
  const db = tempDb();
  const tf = await Taskframe.open({ db: db.url, logger: quiet });
  try {
    return await fn(tf);
  } finally {
    await tf.close();
    db.cleanup();
  }
}

/** Deletes the JetStream streams this bench made. */
async function dropStreams(topics) {
  const nats = await import('nats');
  const u = new URL(NATS);
  const nc = await nats.connect({ servers: `${u.hostname}:${u.port || 4222}` });
  const jsm = await nc.jetstreamManager();
  for (const t of topics) await jsm.streams.delete(`TF_${t.replace(/[.]/g, '_')}`).catch(() => undefined);
  await nc.close();
}

async function ingress(n) {
  const topic = topicName('in');
  const bus = await openBus(NATS);
  try {
    // Make the stream, then fill it: 1,000 publishes in flight at a time.
    await (await bus.subscribe(topic, async () => undefined, { group: 'setup' })).close();
    const t0 = performance.now();
    for (let i = 0; i < n; i += 1000) {
      await Promise.all(
        Array.from({ length: Math.min(1000, n - i) }, (_, k) =>
          bus.publish(topic, JSON.stringify({ type: 'bench.item', task: String(i + k), created: new Date().toISOString() }), { id: `b${i + k}` }),
        ),
      );
    }
    const publishRate = (n / (performance.now() - t0)) * 1000;
    return await withTf(async (tf) => {
      let resolve;
      const all = new Promise((r) => (resolve = r));
      const ing = new Ingress({ bus, engine: tf.engine, topic, maxInFlight: 2000, logger: quiet });
      ing.on('task', () => ing.stats.created + ing.stats.duplicates >= n && resolve());
      const t1 = performance.now();
      await ing.start();
      await all;
      const rate = (n / (performance.now() - t1)) * 1000;
      await ing.stop();
      const counts = await tf.engine.countLive();
      return { rate, publishRate, created: ing.stats.created, duplicates: ing.stats.duplicates, pending: counts.pending ?? 0 };
    });
  } finally {
    await bus.close();
    await dropStreams([topic]);
  }
}

async function directBaseline(n) {
  return withTf(async (tf) => {
    const t0 = performance.now();
    let next = 0;
    const lane = async () => {
      while (next < n) {
        const i = next++;
        await tf.engine.enqueueOne({ name: 'bench.item', payload: { type: 'bench.item', task: String(i) }, dedupKey: `direct:${i}` });
      }
    };
    await Promise.all(Array.from({ length: 1000 }, lane));
    return (n / (performance.now() - t0)) * 1000;
  });
}

async function egressLag(seconds, rate) {
  const doneTopic = topicName('done');
  const pub = await openBus(NATS);
  const sub = await openBus(NATS);
  try {
    return await withTf(async (tf) => {
      const lags = [];
      const total = seconds * rate;
      let resolve;
      const all = new Promise((r) => (resolve = r));
      const seen = new Set();
      await sub.subscribe(
        doneTopic,
        async (m) => {
          const now = Date.now();
          await m.ack();
          if (seen.has(m.id)) return;
          seen.add(m.id);
          lags.push(now - Date.parse(JSON.parse(m.data.toString()).completed));
          if (seen.size >= total) resolve();
        },
        { group: 'bench', maxInFlight: 2000 },
      );
      const outbox = new Outbox({ bus: pub, engine: tf.engine, doneTopic, name: doneTopic, pollIntervalMs: 10, logger: quiet }).start();
      const worker = tf.worker({ handlers: { 'bench.noop': () => null }, concurrency: 50, maintenance: false, pollIntervalMs: 50 }).start();
      // Offered load: `rate` single enqueues a second, paced in 10 ms steps.
      const t0 = performance.now();
      let sent = 0;
      while (sent < total) {
        const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate));
        const batch = [];
        for (; sent < due; sent++) batch.push(tf.enqueue('bench.noop', { i: sent }));
        await Promise.all(batch);
        await sleep(10);
      }
      const timeout = sleep(30_000).then(() => 'timeout');
      const r = await Promise.race([all, timeout]);
      await worker.stop();
      await outbox.stop();
      return { ...summarize(lags), offered: rate, received: seen.size, total, timedOut: r === 'timeout' };
    });
  } finally {
    await pub.close();
    await sub.close();
    await dropStreams([doneTopic]);
  }
}

/** Baseline for the lag: the same bus (adapter, publish confirms, subscriber) alone at the same rate, no store. */
async function busAloneLag(seconds, rate) {
  const topic = topicName('raw');
  const pub = await openBus(NATS);
  const sub = await openBus(NATS);
  try {
    const lags = [];
    const total = seconds * rate;
    let resolve;
    const all = new Promise((r) => (resolve = r));
    await sub.subscribe(
      topic,
      async (m) => {
        lags.push(Date.now() - Number(m.data.toString()));
        await m.ack();
        if (lags.length >= total) resolve();
      },
      { group: 'bench', maxInFlight: 2000 },
    );
    const t0 = performance.now();
    let sent = 0;
    const inflight = [];
    while (sent < total) {
      const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate));
      for (; sent < due; sent++) inflight.push(pub.publish(topic, String(Date.now()), { id: `r${sent}` }));
      await sleep(10);
    }
    await Promise.all(inflight);
    await Promise.race([all, sleep(30_000)]);
    return summarize(lags);
  } finally {
    await pub.close();
    await sub.close();
    await dropStreams([topic]);
  }
}

export async function run({ quick }) {
  const n = quick ? 20_000 : 100_000;
  const seconds = quick ? 5 : 15;
  const base = await directBaseline(n);
  const ing = await ingress(n);
  const lag = await egressLag(seconds, 1000);
  const raw = await busAloneLag(seconds, 1000);
  const markdown = `
| measure | result | target |
|---|---|---|
| ingress NATS JetStream → SQLite (${fmt(n)} seed-format messages, dedup key each, ack after commit) | **${fmt(ing.rate)} tasks/s** (${fmt(ing.created)} created, ${fmt(ing.duplicates)} duplicates, ${fmt(ing.pending)} pending in the store) | ≥ 10,000 tasks/s |
| baseline: same tasks by enqueueOne with a dedup key, no bus, same run | ${fmt(base)} tasks/s → ingress is **${fmt(ing.rate / base, 2)}×** the store's own rate | |
| (setup) publishing them to JetStream, 1,000 in flight | ${fmt(ing.publishRate)} msgs/s | |
| egress lag at an offered ${fmt(lag.offered)} tasks/s for ${seconds} s: finish → done message received | p50 **${fmt(lag.p50)} ms**, p90 ${fmt(lag.p90)} ms, p99 **${fmt(lag.p99)} ms**, max ${fmt(lag.max)} ms (${fmt(lag.received)}/${fmt(lag.total)} received${lag.timedOut ? ', TIMED OUT' : ''}) | p99 < 100 ms |
| baseline: the bus alone at 1,000 msgs/s (publish with confirm → subscriber), same run | p50 ${fmt(raw.p50)} ms, p99 ${fmt(raw.p99)} ms → egress p99 is **${fmt(lag.p99 / Math.max(raw.p99, 1), 1)}×** the bus's own | |

Machine load (1-minute load average on 2 cores) at the end of this bench: ${os.loadavg()[0].toFixed(1)}.
`;
  return { title: 'Bus bridges (NATS JetStream ⇄ SQLite)', markdown };
}
