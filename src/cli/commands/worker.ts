import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { parseDuration } from '../../model/duration.js';
import { ValidationError } from '../../model/errors.js';
import { Taskframe } from '../../taskframe.js';
import type { HandlerMap } from '../../worker/worker.js';
import { globalOptions } from '../context.js';
import { parseIntOption, parseList } from '../parse.js';

interface WorkerOpts {
  module?: string;
  concurrency: string;
  queue: string;
  lease: string;
  poll: string;
  grace: string;
  drain?: boolean;
  maintenance: boolean;
  retention?: string;
  id?: string;
}

/** Loads FILE's default export: an object mapping task names to handler functions. */
export async function loadHandlerModule(file: string): Promise<HandlerMap> {
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(path.resolve(file)).href)) as { default?: unknown };
  } catch (err) {
    throw new ValidationError('--module', `cannot load ${file}: ${(err as Error).message}`);
  }
  const handlers = mod.default;
  if (!handlers || typeof handlers !== 'object') {
    throw new ValidationError('--module', `${file} must default-export an object mapping task names to handler functions`);
  }
  for (const [name, fn] of Object.entries(handlers)) {
    if (typeof fn !== 'function') throw new ValidationError('--module', `${file}: handler "${name}" is not a function`);
  }
  return handlers as HandlerMap;
}

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('run a worker: claim tasks from the queues and run their handlers')
    .option('--module <file>', 'JS module whose default export maps task names to handler functions')
    .option('--concurrency <n>', 'handlers running at once', '10')
    .option('--queue <queues>', 'queues to serve, comma-separated', 'default')
    .option('--lease <duration>', 'lease per claimed task; renewed every third of it', '30s')
    .option('--poll <duration>', 'idle poll interval when no wake-up arrives', '200ms')
    .option('--grace <duration>', 'on SIGINT/SIGTERM, how long in-flight tasks may take before they are given back', '10s')
    .option('--drain', 'exit once no task is left that this worker could run')
    .option('--no-maintenance', 'do not take part in lease reaping and retention')
    .option('--retention <duration>', 'remove finished tasks and their events after this long')
    .option('--id <workerId>', 'worker id shown in the audit log (default host:pid:random)')
    .action(async (o: WorkerOpts, cmd: Command) => {
      const handlers: HandlerMap = o.module ? await loadHandlerModule(o.module) : {};
      if (Object.keys(handlers).length === 0) throw new ValidationError('--module', 'no handlers: give --module FILE');
      const tf = await Taskframe.open({ db: globalOptions(cmd).db });
      const leaseMs = parseDuration(o.lease, '--lease');
      // Leadership lasts one task lease: a dead leader is replaced as fast as a dead worker's tasks.
      const maintenance = {
        intervalMs: Math.max(100, Math.min(1000, Math.floor(leaseMs / 3))),
        leaderTtlMs: Math.max(1000, leaseMs),
        retentionMs: o.retention ? parseDuration(o.retention, '--retention') : null,
      };
      const worker = tf.worker({
        ...(o.id ? { workerId: o.id } : {}),
        handlers,
        concurrency: parseIntOption(o.concurrency, '--concurrency'),
        queues: parseList(o.queue),
        leaseMs,
        pollIntervalMs: parseDuration(o.poll, '--poll'),
        shutdownGraceMs: parseDuration(o.grace, '--grace'),
        drain: o.drain ?? false,
        maintenance: o.maintenance ? { ...maintenance, ...(o.id ? { holderId: o.id } : {}) } : false,
      });
      let stats = { succeeded: 0, failed: 0, retrying: 0 };
      worker.on('task:end', (_t, outcome) => {
        if (outcome === 'succeeded' || outcome === 'failed' || outcome === 'retrying') stats = { ...stats, [outcome]: stats[outcome] + 1 };
      });
      const stopped = new Promise<string>((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
      });
      worker.start();
      process.stderr.write(`worker ${worker.id} serving ${worker.queues.join(',')} (concurrency ${worker.concurrency})\n`);
      const why = await Promise.race([stopped, worker.drained.then(() => 'drained')]);
      await tf.close();
      process.stderr.write(`worker stopped (${why}): ${stats.succeeded} succeeded, ${stats.failed} failed, ${stats.retrying} to retry\n`);
    });
}
