// pg-boss 10: a polling design. Concurrency is several work() loops, each fetching up to batchSize
// jobs per round and sleeping out the rest of its polling interval; settings below.
import { PG_URL } from '../env.mjs';
import { dropSchema, pgPool, pgUnavailable } from './pg.mjs';

const QUEUE = 'noop';
// pg-boss 10's docs live in the repository at the release tag (the docs site now shows 11+).
const docs = 'https://github.com/timgit/pg-boss/blob/10.4.2/docs/readme.md';
const WORK = { loops: 10, batchSize: 1000, pollingIntervalSeconds: 0.5, poolMax: 12 };

export default {
  id: 'pgboss',
  label: 'pg-boss',
  backend: 'PostgreSQL',
  package: 'pg-boss',
  settings: [
    { name: 'work() loops × batchSize', value: `${WORK.loops} × ${WORK.batchSize}`, why: 'pg-boss 10 has no teamSize/teamConcurrency; each work() call is one fetch loop. A throughput cap of loops × batchSize per polling interval (20k/s); measured on this machine: batchSize 100 capped it at exactly 2k/s', doc: `${docs} (work())` },
    { name: 'pollingIntervalSeconds', value: String(WORK.pollingIntervalSeconds), why: 'the minimum pg-boss allows (default 2); a loop sleeps out the interval after every fetch', doc: `${docs} (work())` },
    { name: 'pool max (worker)', value: String(WORK.poolMax), why: 'one connection per loop plus two for supervision (constructor option `max`, default 10)', doc: `${docs} (constructor options)` },
    { name: 'producer', value: 'supervise: false, schedule: false', why: 'a send-only instance; maintenance runs in the worker instance (defaults)', doc: `${docs} (constructor options)` },
    { name: 'bulk API', value: 'boss.insert, 1,000 jobs per call', why: 'one statement per call', doc: `${docs} (insert())` },
    { name: 'flows', value: 'none', why: 'pg-boss 10 has no job dependencies; not run', doc: docs },
    { name: 'isolation', value: 'a fresh schema per repetition, dropped afterwards', why: 'constructor option `schema`', doc: `${docs} (constructor options)` },
  ],
  supportsFlows: false,
  config: { ...WORK, bulkChunk: 1000 },

  unavailable: pgUnavailable,

  async openProducer(schema) {
    const { default: PgBoss } = await import('pg-boss');
    const boss = new PgBoss({ connectionString: PG_URL, schema, supervise: false, schedule: false, max: 4 });
    boss.on('error', (err) => process.stderr.write(`pg-boss error: ${err.message}\n`));
    await boss.start();
    await boss.createQueue(QUEUE);
    const pool = await pgPool(1);
    return {
      enqueueBulk: (datas) => boss.insert(datas.map((data) => ({ name: QUEUE, data }))),
      enqueueOne: (data) => boss.send(QUEUE, data),
      // Completed jobs keep their rows (archived later); unfinished = created, retry or active.
      remaining: async () => Number((await pool.query(`SELECT count(*) AS n FROM "${schema}".job WHERE name = $1 AND state IN ('created', 'retry', 'active')`, [QUEUE])).rows[0].n),
      async close() {
        await boss.stop({ graceful: false, wait: true });
        await pool.end();
      },
      async destroy() {
        await this.close();
        await dropSchema(schema);
      },
    };
  },

  async openWorker(schema) {
    const { default: PgBoss } = await import('pg-boss');
    const boss = new PgBoss({ connectionString: PG_URL, schema, max: WORK.poolMax });
    boss.on('error', (err) => process.stderr.write(`pg-boss error: ${err.message}\n`));
    await boss.start();
    return {
      async start(onJob) {
        const handler = async (jobs) => {
          for (const job of jobs) onJob(job.data);
        };
        for (let i = 0; i < WORK.loops; i++) await boss.work(QUEUE, { batchSize: WORK.batchSize, pollingIntervalSeconds: WORK.pollingIntervalSeconds }, handler);
      },
      async stop() {
        await boss.stop({ graceful: true, wait: true, timeout: 5000 });
      },
    };
  },
};
