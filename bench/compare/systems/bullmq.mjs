// BullMQ on Redis, set up as its docs recommend for throughput (settings below, each with its source).
import { REDIS } from '../env.mjs';

const QUEUE = 'noop';
const CONCURRENCY = 100;
const docs = 'https://docs.bullmq.io';

export default {
  id: 'bullmq',
  label: 'BullMQ',
  backend: 'Redis',
  package: 'bullmq',
  settings: [
    { name: 'Worker concurrency', value: String(CONCURRENCY), why: 'async no-op handlers; a sweep of 20/50/100/200/400 on this machine was flat (~13–15k/s drain) from 50 up; 100 taken', doc: `${docs}/guide/workers/concurrency` },
    { name: 'removeOnComplete / removeOnFail', value: 'true / 1000', why: 'keeps Redis from growing with finished jobs, as the docs advise for production', doc: `${docs}/guide/queues/auto-removal-of-jobs` },
    { name: 'bulk API', value: 'Queue.addBulk, 1,000 jobs per call', why: 'one round trip (MULTI) per call', doc: `${docs}/guide/queues/adding-bulks` },
    { name: 'connection', value: 'ioredis, maxRetriesPerRequest: null', why: 'required for workers', doc: `${docs}/guide/connections` },
    { name: 'flows', value: 'FlowProducer (parent runs after its children)', why: 'the documented way to express dependencies', doc: `${docs}/guide/flows` },
    { name: 'isolation', value: 'a fresh key prefix per repetition, obliterated afterwards', why: 'runs never see each other’s keys', doc: `${docs}/guide/queues` },
  ],
  supportsFlows: true,
  config: { backend: 'redis', concurrency: CONCURRENCY, bulkChunk: 1000, removeOnComplete: true, removeOnFail: 1000 },

  async unavailable() {
    const { default: Redis } = await import('ioredis');
    const r = new Redis({ ...REDIS, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      await r.connect();
      await r.ping();
      return null;
    } catch (err) {
      return `Redis at ${REDIS.host}:${REDIS.port} unreachable (${err.message})`;
    } finally {
      r.disconnect();
    }
  },

  async openProducer(ns) {
    const { Queue, FlowProducer } = await import('bullmq');
    const connection = { ...REDIS, maxRetriesPerRequest: null };
    const prefix = `bull_${ns}`;
    const jobOpts = { removeOnComplete: true, removeOnFail: 1000 };
    const queue = new Queue(QUEUE, { connection, prefix, defaultJobOptions: jobOpts });
    await queue.waitUntilReady();
    let flow = null;
    const flowProducer = () => (flow ??= new FlowProducer({ connection, prefix }));
    return {
      enqueueBulk: (datas) => queue.addBulk(datas.map((data) => ({ name: QUEUE, data, opts: jobOpts }))),
      enqueueOne: (data) => queue.add(QUEUE, data),
      // With removeOnComplete a finished job is gone; anything still counted is unfinished.
      remaining: () => queue.getJobCountByTypes('waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'paused'),
      flows: {
        async fanIn(n) {
          const children = Array.from({ length: n }, (_, i) => ({ name: QUEUE, queueName: QUEUE, data: { i, t: 0 }, opts: jobOpts }));
          await flowProducer().add({ name: QUEUE, queueName: QUEUE, data: { i: n, t: 0 }, opts: jobOpts, children });
        },
        async chain(n) {
          // The innermost child runs first; step n (the root) runs last.
          let node = { name: QUEUE, queueName: QUEUE, data: { i: 0, t: 0 }, opts: jobOpts };
          for (let i = 1; i < n; i++) node = { name: QUEUE, queueName: QUEUE, data: { i, t: 0 }, opts: jobOpts, children: [node] };
          await flowProducer().add(node);
        },
      },
      async close() {
        await flow?.close();
        await queue.close();
      },
      async destroy() {
        await queue.obliterate({ force: true }).catch(() => undefined);
        await this.close();
      },
    };
  },

  async openWorker(ns) {
    const { Worker } = await import('bullmq');
    const connection = { ...REDIS, maxRetriesPerRequest: null };
    let worker = null;
    return {
      async start(onJob) {
        worker = new Worker(QUEUE, async (job) => onJob(job.data), {
          connection,
          prefix: `bull_${ns}`,
          concurrency: CONCURRENCY,
        });
        worker.on('error', (err) => process.stderr.write(`bullmq worker error: ${err.message}\n`));
      },
      async stop() {
        await worker?.close();
      },
    };
  },
};
