import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { parseDuration } from '../../model/duration.js';
import { ValidationError } from '../../model/errors.js';
import { scheduleUnits } from '../../scheduler/unit-triggers.js';
import { Taskframe } from '../../taskframe.js';
import type { HandlerMap } from '../../worker/worker.js';
import { checkUnitsRunnable, unitHandlers, type UnitHandlers } from '../../worker/runners/unit-handlers.js';
import { workflowHandlers } from '../../workflow/handlers.js';
import { loadUnitDir } from '../../units/load.js';
import { globalOptions } from '../context.js';
import { parseIntOption, parseList } from '../parse.js';

interface WorkerOpts {
  module?: string;
  units?: string;
  concurrency: string;
  queue: string;
  lease: string;
  poll?: string;
  grace: string;
  drain?: boolean;
  maintenance: boolean;
  schedule: boolean;
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
    .description('run a worker: claim tasks from the queues and run their handlers (workflow command steps need none)')
    .option('--module <file>', 'JS module whose default export maps task names to handler functions')
    .option('--units <dir>', 'serve every unit file (.service/.ini/.yaml) in DIR: a task named after a unit runs it')
    .option('--concurrency <n>', 'handlers running at once', '10')
    .option('--queue <queues>', 'queues to serve, comma-separated', 'default')
    .option('--lease <duration>', 'lease per claimed task; renewed every third of it', '30s')
    .option('--poll <duration>', 'idle poll interval when no wake-up arrives (default 200ms; 5s on PostgreSQL, which pushes wake-ups)')
    .option('--grace <duration>', 'on SIGINT/SIGTERM, how long in-flight tasks may take before they are given back', '10s')
    .option('--drain', 'exit once no task is left that this worker could run')
    .option('--no-maintenance', 'do not take part in lease reaping and retention')
    .option('--no-schedule', 'do not start units on their [RunIf] cron=/every= schedules (one worker of those serving a unit fires it)')
    .option('--retention <duration>', 'remove finished tasks and their events after this long')
    .option('--id <workerId>', 'worker id shown in the audit log (default host:pid:random)')
    .action(async (o: WorkerOpts, cmd: Command) => {
      // With neither, the worker serves workflow tasks: command steps and the run machinery.
      const handlers: HandlerMap = o.module ? await loadHandlerModule(o.module) : {};
      // Units are read and validated before the store is opened: a bad directory changes nothing.
      const unitSpecs = o.units ? loadUnitDir(o.units) : null;
      if (unitSpecs) checkUnitsRunnable(unitSpecs);
      for (const name of unitSpecs?.keys() ?? []) {
        if (handlers[name]) throw new ValidationError('--units', `unit "${name}" has the same name as a handler in ${o.module}`);
      }
      if ((o.module || o.units) && Object.keys(handlers).length === 0 && (unitSpecs?.size ?? 0) === 0) {
        throw new ValidationError(o.units ? '--units' : '--module', 'no handlers: the module and units directory define none');
      }
      const tf = await Taskframe.open({ db: globalOptions(cmd).db });
      const units: UnitHandlers | null = unitSpecs ? unitHandlers(tf.engine, unitSpecs, { logger: tf.logger }) : null;
      if (units) Object.assign(handlers, units.handlers);
      const leaseMs = parseDuration(o.lease, '--lease');
      // Leadership lasts one task lease: a dead leader is replaced as fast as a dead worker's tasks.
      const maintenance = {
        intervalMs: Math.max(100, Math.min(1000, Math.floor(leaseMs / 3))),
        leaderTtlMs: Math.max(1000, leaseMs),
        retentionMs: o.retention ? parseDuration(o.retention, '--retention') : null,
      };
      const worker = tf.worker({
        ...(o.id ? { workerId: o.id } : {}),
        // Workflow tasks (from `taskframe submit`) unwrapped for the handlers; command tasks included.
        handlers: workflowHandlers(tf.engine, handlers),
        concurrency: parseIntOption(o.concurrency, '--concurrency'),
        queues: parseList(o.queue),
        leaseMs,
        pollIntervalMs: o.poll === undefined ? undefined : parseDuration(o.poll, '--poll'),
        shutdownGraceMs: parseDuration(o.grace, '--grace'),
        drain: o.drain ?? false,
        maintenance: o.maintenance ? { ...maintenance, ...(o.id ? { holderId: o.id } : {}) } : false,
      });
      const stats = { succeeded: 0, failed: 0, retrying: 0, skipped: 0 };
      worker.on('task:end', (_t, outcome) => {
        if (outcome === 'succeeded' || outcome === 'failed' || outcome === 'retrying' || outcome === 'skipped') stats[outcome]++;
      });
      const stopped = new Promise<string>((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
        // Started by `taskframe autoscale` (local provider) with an IPC channel: if the autoscaler
        // is gone, stop as on SIGTERM rather than run on unmanaged.
        if (process.channel) process.once('disconnect', () => resolve('autoscaler gone'));
      });
      // Units with a [RunIf] schedule are started by the trigger scheduler, leader-elected per unit.
      const schedule = o.schedule && unitSpecs ? scheduleUnits(tf.engine, unitSpecs, { holderId: worker.id, queue: worker.queues[0], intervalMs: maintenance.intervalMs, logger: tf.logger }) : null;
      schedule?.on('fired', (run, wf) => process.stderr.write(`started ${run.id} (${wf.name}, ${run.trigger})\n`));
      schedule?.on('error', (err) => tf.logger.error({ err }, 'unit schedule failed'));
      worker.start();
      schedule?.start();
      const serves = o.module || o.units ? '' : ', workflow tasks only: no --module or --units';
      process.stderr.write(`worker ${worker.id} serving ${worker.queues.join(',')} (concurrency ${worker.concurrency}${serves})\n`);
      const why = await Promise.race([stopped, worker.drained.then(() => 'drained')]);
      await schedule?.stop();
      await tf.close();
      // Runner processes stop after the worker has finished or given back their tasks.
      await units?.close();
      // An open IPC channel would keep the process alive.
      if (process.connected) process.disconnect();
      process.stderr.write(`worker stopped (${why}): ${stats.succeeded} succeeded, ${stats.failed} failed, ${stats.retrying} to retry${stats.skipped ? `, ${stats.skipped} skipped` : ''}\n`);
    });
}
