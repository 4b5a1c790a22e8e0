// Graphile Worker with the configuration from its performance page (batched fetch and completion).
import { PG_URL } from '../env.mjs';
import { dropSchema, pgPool, pgUnavailable } from './pg.mjs';

const TASK = 'noop';
const docs = 'https://worker.graphile.org/docs';
const WORKER = { concurrentJobs: 24, maxPoolSize: 25, localQueue: { size: 500 }, completeJobBatchDelay: 0, failJobBatchDelay: 0, pollInterval: 2000 };

async function quietLogger() {
  const { Logger } = await import('graphile-worker');
  // The default logger prints a line per job; warnings and errors are kept.
  return new Logger(() => (level, message) => {
    if (level === 'error' || level === 'warning') process.stderr.write(`graphile-worker ${level}: ${message}\n`);
  });
}

export default {
  id: 'graphile',
  label: 'Graphile Worker',
  backend: 'PostgreSQL',
  package: 'graphile-worker',
  settings: [
    { name: 'concurrentJobs / maxPoolSize', value: `${WORKER.concurrentJobs} / ${WORKER.maxPoolSize}`, why: 'the configuration its performance page used for its published figures', doc: `${docs}/performance` },
    { name: 'localQueue.size', value: String(WORKER.localQueue.size), why: 'batched fetching (0.17+), from the performance page; off by default (measured on this machine: ~10× slower drain without it)', doc: `${docs}/performance` },
    { name: 'completeJobBatchDelay / failJobBatchDelay', value: '0 / 0', why: 'batched completion (0.17+), from the performance page', doc: `${docs}/performance` },
    { name: 'pollInterval', value: `${WORKER.pollInterval} ms (default)`, why: 'new jobs arrive by LISTEN/NOTIFY; polling only finds future-dated jobs', doc: `${docs}/config` },
    { name: 'bulk API', value: 'WorkerUtils.addJobs, 1,000 jobs per call', why: 'one statement per call', doc: `${docs}/library/add-jobs` },
    { name: 'logger', value: 'warnings and errors only', why: 'the default logs one INFO line per job (measured on this machine: no difference beyond the noise)', doc: `${docs}/library/logger` },
    { name: 'flows', value: 'none', why: 'Graphile Worker has no job dependencies; not run', doc: `${docs}/tasks` },
    { name: 'isolation', value: 'a fresh schema per repetition, dropped afterwards', why: 'its `schema` option', doc: `${docs}/config` },
  ],
  supportsFlows: false,
  config: { ...WORKER, bulkChunk: 1000 },

  unavailable: pgUnavailable,

  async openProducer(schema) {
    const { makeWorkerUtils } = await import('graphile-worker');
    const utils = await makeWorkerUtils({ connectionString: PG_URL, schema, logger: await quietLogger() });
    await utils.migrate();
    const pool = await pgPool(1);
    return {
      enqueueBulk: (datas) => utils.addJobs(datas.map((payload) => ({ identifier: TASK, payload }))),
      enqueueOne: (payload) => utils.addJob(TASK, payload),
      // Finished jobs are deleted; permanently failed ones stay with attempts = max_attempts.
      remaining: async () => Number((await pool.query(`SELECT count(*) AS n FROM "${schema}"._private_jobs WHERE attempts < max_attempts`)).rows[0].n),
      async close() {
        await utils.release();
        await pool.end();
      },
      async destroy() {
        await this.close();
        await dropSchema(schema);
      },
    };
  },

  async openWorker(schema) {
    const { run } = await import('graphile-worker');
    const logger = await quietLogger();
    let runner = null;
    return {
      async start(onJob) {
        runner = await run({
          connectionString: PG_URL,
          schema,
          concurrency: WORKER.concurrentJobs,
          maxPoolSize: WORKER.maxPoolSize,
          pollInterval: WORKER.pollInterval,
          noHandleSignals: true,
          logger,
          taskList: { [TASK]: async (payload) => onJob(payload) },
          preset: { worker: { localQueue: WORKER.localQueue, completeJobBatchDelay: WORKER.completeJobBatchDelay, failJobBatchDelay: WORKER.failJobBatchDelay } },
        });
      },
      async stop() {
        await runner?.stop();
      },
    };
  },
};
