// taskframe itself, through its public API (the same calls `taskframe worker --module` makes),
// on SQLite and on PostgreSQL. The worker runs in its own process, like every peer's.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PG_URL } from '../env.mjs';
import { dropSchema, pgUnavailable } from './pg.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const DIST = path.join(ROOT, 'dist/index.js');
const CONCURRENCY = 100;
/** PostgreSQL only: a claim is a statement with a round trip and a commit; SQLite's cost little. */
const PG_PREFETCH = 400;
const LIVE = ['blocked', 'scheduled', 'pending', 'running', 'waiting', 'retrying'];

export const importTaskframe = () => import(pathToFileURL(DIST).href);

export function sqliteFile(ns) {
  const dir = path.join(os.tmpdir(), 'taskframe-compare');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, `${ns}.db`);
}

function make({ id, label, backend, variant, history, url, pollIntervalMs, prefetch, settings, unavailable, destroy }) {
  const open = (Taskframe, ns) => Taskframe.open({ db: url(ns), ...(history ? { history } : {}) });
  return {
    id,
    label,
    backend,
    variant,
    package: 'taskframe',
    settings: [
      { name: `worker concurrency${prefetch ? '' : ' (prefetch = concurrency)'}`, value: String(CONCURRENCY), why: 'the same as BullMQ’s; async no-op handlers', doc: 'src/worker/worker.ts' },
      ...settings,
      { name: 'maintenance', value: 'on (lease reaping every 1 s under leader election), no retention', why: 'what `taskframe worker` runs by default', doc: 'src/scheduler/maintenance.ts' },
      { name: 'bulk API', value: 'enqueueMany, 1,000 tasks per call (one transaction)', why: 'the bulk API', doc: 'src/taskframe.ts' },
      { name: 'flows', value: 'fan-in: the children in enqueueMany calls of 1,000, then the parent with dependsOn every child; chain: one enqueueMany call, each step `after` the previous', why: 'declared dependencies, like BullMQ Flows', doc: 'README.md' },
    ],
    supportsFlows: true,
    config: { concurrency: CONCURRENCY, ...(prefetch ? { prefetch } : {}), pollIntervalMs, bulkChunk: 1000 },
    unavailable,

    async openProducer(ns) {
      const { Taskframe } = await importTaskframe();
      const tf = await open(Taskframe, ns);
      return {
        tf,
        enqueueBulk: (datas) => tf.enqueueMany(datas.map((payload) => ({ name: 'noop', payload }))),
        enqueueOne: (payload) => tf.enqueue('noop', payload),
        remaining: async () => {
          const counts = await tf.engine.countLive(['default']);
          return LIVE.reduce((n, s) => n + (counts[s] ?? 0), 0);
        },
        flows: {
          async fanIn(n) {
            const ids = [];
            for (let i = 0; i < n; i += 1000) {
              const chunk = Array.from({ length: Math.min(1000, n - i) }, (_, j) => ({ name: 'noop', payload: { i: i + j, t: 0 } }));
              for (const t of await tf.enqueueMany(chunk)) ids.push(t.id);
            }
            await tf.enqueue('noop', { i: n, t: 0 }, { dependsOn: ids });
          },
          // The whole chain in one call (as BullMQ's FlowProducer takes its tree): each step's
          // `after` names the step before it in the same batch.
          async chain(n) {
            await tf.enqueueMany(Array.from({ length: n }, (_, i) => ({ name: 'noop', payload: { i, t: 0 }, ...(i ? { after: [i - 1] } : {}) })));
          },
        },
        close: () => tf.close(),
        async destroy() {
          await tf.close();
          await destroy(ns);
        },
      };
    },

    async openWorker(ns, options = {}) {
      const { Taskframe } = await importTaskframe();
      const tf = await open(Taskframe, ns);
      return {
        tf,
        async start(onJob) {
          tf.worker({
            concurrency: CONCURRENCY,
            ...(prefetch ? { prefetch } : {}),
            ...(pollIntervalMs ? { pollIntervalMs } : {}),
            handlers: { noop: (payload) => onJob(payload) },
            maintenance: options.maintenance ?? {},
          }).start();
        },
        stop: () => tf.close(),
      };
    },
  };
}

export const taskframeSqlite = make({
  id: 'tf-sqlite',
  label: 'taskframe',
  backend: 'SQLite',
  url: (ns) => `sqlite:${sqliteFile(ns)}`,
  pollIntervalMs: undefined,
  settings: [
    { name: 'idle poll interval', value: 'worker default (200 ms)', why: 'a worker in another process is woken by a watch on the database file when tasks are written; the poll is only the fallback', doc: 'src/store/sqlite/driver.ts' },
    { name: 'store', value: 'one SQLite file (WAL, synchronous=NORMAL) in the temp dir, fresh per repetition', why: 'the embedded default', doc: 'src/store/sqlite/driver.ts' },
  ],
  unavailable: async () => (fs.existsSync(DIST) ? null : `${DIST} missing: run npm run build`),
  destroy: async (ns) => {
    const f = sqliteFile(ns);
    for (const x of [f, `${f}-wal`, `${f}-shm`]) fs.rmSync(x, { force: true });
  },
});

export const PG_DRIVER_SRC = path.join(ROOT, 'src/store/postgres/driver.ts');

/** What each history mode keeps (docs/configuration.md, store.history), as the settings table says it. */
const HISTORY = {
  full: { value: 'full (the default): every event, finished tasks kept', why: 'the default' },
  compact: {
    value: 'compact: finished tasks kept, their row carrying the final attempt; event rows only for what the row cannot show (retries, lease expiries, progress)',
    why: 'the same story in `taskframe audit` for less writing: the middle choice between full and none',
  },
  none: { value: 'none: a task that succeeds is deleted at once with its events (failed ones kept)', why: 'what Graphile Worker does with a finished job (and BullMQ with removeOnComplete)' },
};

const postgres = (history) => make({
  id: history === 'full' ? 'tf-postgres' : `tf-postgres-${history}`,
  label: 'taskframe',
  backend: 'PostgreSQL',
  // The default (full) is the plain "taskframe (PostgreSQL)" of earlier runs.
  variant: history === 'full' ? undefined : `history: ${history}`,
  history: history === 'full' ? undefined : history,
  url: (ns) => `${PG_URL}?schema=${ns}`,
  pollIntervalMs: undefined,
  prefetch: PG_PREFETCH,
  settings: [
    { name: 'worker prefetch', value: String(PG_PREFETCH), why: 'tasks claimed ahead of free slots: fewer, larger claim statements (Graphile Worker’s local queue holds 500 here)', doc: 'src/worker/worker.ts' },
    { name: 'idle poll interval', value: 'worker default', why: 'new tasks wake workers by LISTEN/NOTIFY', doc: 'src/store/postgres/driver.ts' },
    { name: 'store', value: 'a fresh schema per repetition in database `test`, dropped afterwards; driver’s default pool', why: '`?schema=` in the store URL', doc: 'src/store/postgres/driver.ts' },
    {
      name: 'history',
      value: HISTORY[history].value,
      why: HISTORY[history].why,
      doc: 'docs/configuration.md (store.history)',
    },
  ],
  unavailable: async () => {
    if (!fs.existsSync(PG_DRIVER_SRC)) return 'the PostgreSQL driver (src/store/postgres/driver.ts) is not on this branch yet';
    if (!fs.existsSync(path.join(ROOT, 'dist/store/postgres/driver.js'))) return 'dist/store/postgres/driver.js missing: run npm run build';
    return pgUnavailable();
  },
  destroy: dropSchema,
});

export const taskframePostgres = postgres('full');
/** Finished tasks kept, without the routine event rows. */
export const taskframePostgresCompact = postgres('compact');
/** Like Graphile Worker, which deletes a job once it completes. */
export const taskframePostgresNone = postgres('none');
