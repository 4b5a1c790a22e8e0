/**
 * The TypeScript API takes options objects; these build them from a loaded configuration (the
 * CLI does exactly this, and so can a program that calls loadConfig()).
 */
import type { CreateLoggerOptions, LogLevel } from '../logger.js';
import type { TaskframeOptions } from '../taskframe.js';
import type { WorkerOptions } from '../worker/worker.js';
import type { TaskframeConfig } from './schema.js';

/** For Taskframe.open / openStore: the URL and the store's options. */
export function storeOptions(c: TaskframeConfig): TaskframeOptions & { db: string } {
  return {
    db: c.store.url,
    migrate: c.store.migrate,
    ...(c.store.poolSize !== undefined ? { poolSize: c.store.poolSize } : {}),
    ...(c.store.schema !== undefined ? { schema: c.store.schema } : {}),
    writerThread: c.store.sqliteWriterThread,
    checkpointThread: c.store.sqliteCheckpointThread,
    history: c.store.history,
  };
}

/** For createLogger; `level` when the config sets none (the server logs requests at info). */
export function loggerOptions(c: TaskframeConfig, level: LogLevel = 'warn'): CreateLoggerOptions {
  return { level: c.log.level ?? level, format: c.log.format };
}

/** For tf.worker, less the handlers. */
export function workerOptions(c: TaskframeConfig): Omit<WorkerOptions, 'handlers'> {
  const w = c.worker;
  return {
    concurrency: w.concurrency,
    ...(w.prefetch !== undefined ? { prefetch: w.prefetch } : {}),
    queues: w.queues,
    leaseMs: w.lease,
    ...(w.poll !== undefined ? { pollIntervalMs: w.poll } : {}),
    shutdownGraceMs: w.grace,
    drain: w.drain,
    ...(w.id !== undefined ? { workerId: w.id } : {}),
  };
}
