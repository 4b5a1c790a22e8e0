import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { workerOptions } from '../../config/options.js';
import { ValidationError } from '../../model/errors.js';
import { scheduleUnits } from '../../scheduler/unit-triggers.js';
import { checkUnitsRunnable, unitHandlers } from '../../worker/runners/unit-handlers.js';
import { workflowHandlers } from '../../workflow/handlers.js';
import { applyUnitLimits } from '../../units/flow.js';
import { loadUnitDir } from '../../units/load.js';
import { settingFlags } from '../config-flags.js';
import { applyFlowConfig, commandContext, openTaskframe } from '../context.js';
import { executableSettings } from '../executables.js';
import { followConfig } from '../reload.js';
/** The worker's settings that are flags too (every one is in docs/configuration.md). */
const WORKER_FLAGS = [
    'worker.module',
    'worker.units',
    'worker.concurrency',
    'worker.prefetch',
    'worker.queues',
    'worker.lease',
    'worker.poll',
    'worker.grace',
    'worker.drain',
    'worker.maintenance',
    'worker.schedule',
    'maintenance.retention',
    'worker.id',
];
/** Loads FILE's default export: an object mapping task names to handler functions. */
export async function loadHandlerModule(file) {
    let mod;
    try {
        mod = (await import(pathToFileURL(path.resolve(file)).href));
    }
    catch (err) {
        throw new ValidationError('--module', `cannot load ${file}: ${err.message}`);
    }
    const handlers = mod.default;
    if (!handlers || typeof handlers !== 'object') {
        throw new ValidationError('--module', `${file} must default-export an object mapping task names to handler functions`);
    }
    for (const [name, fn] of Object.entries(handlers)) {
        if (typeof fn !== 'function')
            throw new ValidationError('--module', `${file}: handler "${name}" is not a function`);
    }
    return handlers;
}
export function registerWorker(program) {
    const command = program
        .command('worker')
        .description('run a worker: claim tasks from the queues and run their handlers (workflow command steps need none; SIGHUP or a change of the config file reloads concurrency, queues and log level)');
    settingFlags(command, WORKER_FLAGS)
        .action(async (_flags, cmd) => {
        const ctx = commandContext(cmd);
        const o = ctx.config.values.worker;
        const handlers = o.module ? await loadHandlerModule(o.module) : {};
        // Units are read and validated before the store is opened: a bad directory changes nothing.
        const unitSpecs = o.units ? loadUnitDir(o.units) : null;
        if (unitSpecs)
            checkUnitsRunnable(unitSpecs);
        for (const name of unitSpecs?.keys() ?? []) {
            if (handlers[name])
                throw new ValidationError('--units', `unit "${name}" has the same name as a handler in ${o.module}`);
        }
        if ((o.module || o.units) && Object.keys(handlers).length === 0 && (unitSpecs?.size ?? 0) === 0) {
            throw new ValidationError(o.units ? '--units' : '--module', 'no handlers: the module and units directory define none');
        }
        const tf = await openTaskframe(ctx);
        // The configuration's and the units' flow-control rules hold before the first claim.
        await applyFlowConfig(tf, ctx, true);
        if (unitSpecs)
            await applyUnitLimits(tf.engine, unitSpecs);
        // Workflow command tasks are executables too: the settings apply with or without units.
        const exec = executableSettings(ctx.config.values, tf.logger);
        const units = unitSpecs ? unitHandlers(tf.engine, unitSpecs, exec) : null;
        if (units)
            Object.assign(handlers, units.handlers);
        const leaseMs = o.lease;
        // Leadership lasts one task lease: a dead leader is replaced as fast as a dead worker's tasks.
        const maintenance = {
            intervalMs: Math.max(100, Math.min(1000, Math.floor(leaseMs / 3))),
            leaderTtlMs: Math.max(1000, leaseMs),
            retentionMs: ctx.config.values.maintenance.retention ?? null,
        };
        const worker = tf.worker({
            ...workerOptions(ctx.config.values),
            // Workflow tasks (from `taskframe submit`) unwrapped for the handlers; command tasks included.
            handlers: workflowHandlers(tf.engine, handlers),
            maintenance: o.maintenance ? { ...maintenance, ...(o.id ? { holderId: o.id } : {}) } : false,
        });
        const stats = { succeeded: 0, failed: 0, retrying: 0, skipped: 0 };
        worker.on('task:end', (_t, outcome) => {
            if (outcome === 'succeeded' || outcome === 'failed' || outcome === 'retrying' || outcome === 'skipped')
                stats[outcome]++;
        });
        const stopped = new Promise((resolve) => {
            process.once('SIGINT', () => resolve('SIGINT'));
            process.once('SIGTERM', () => resolve('SIGTERM'));
            // Started by `taskframe autoscale` (local provider) with an IPC channel: if the autoscaler
            // is gone, stop as on SIGTERM rather than run on unmanaged.
            if (process.channel)
                process.once('disconnect', () => resolve('autoscaler gone'));
        });
        // Units with a [RunIf] schedule are started by the trigger scheduler, leader-elected per unit.
        const schedule = o.schedule && unitSpecs ? scheduleUnits(tf.engine, unitSpecs, { holderId: worker.id, queue: worker.queues[0], intervalMs: maintenance.intervalMs, logger: tf.logger }) : null;
        schedule?.on('fired', (run, wf) => process.stderr.write(`started ${run.id} (${wf.name}, ${run.trigger})\n`));
        schedule?.on('error', (err) => tf.logger.error({ err }, 'unit schedule failed'));
        worker.start();
        schedule?.start();
        const serves = o.module || o.units ? '' : ', workflow tasks only: no --module or --units';
        process.stderr.write(`worker ${worker.id} serving ${worker.queues.join(',')} (concurrency ${worker.concurrency}${serves})\n`);
        // Live settings: concurrency, prefetch and queues (and the log level) follow the configuration.
        const reloader = followConfig(cmd, ctx, (c) => worker.reconfigure({ concurrency: c.worker.concurrency, queues: c.worker.queues, ...(c.worker.prefetch !== undefined ? { prefetch: c.worker.prefetch } : {}) }));
        const why = await Promise.race([stopped, worker.drained.then(() => 'drained')]);
        reloader.stop();
        await schedule?.stop();
        await tf.close();
        // Runner processes stop after the worker has finished or given back their tasks.
        await units?.close();
        // An open IPC channel would keep the process alive.
        if (process.connected)
            process.disconnect();
        process.stderr.write(`worker stopped (${why}): ${stats.succeeded} succeeded, ${stats.failed} failed, ${stats.retrying} to retry${stats.skipped ? `, ${stats.skipped} skipped` : ''}\n`);
    });
}
//# sourceMappingURL=worker.js.map