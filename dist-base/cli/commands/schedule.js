import { parseDuration } from '../../model/duration.js';
import { ValidationError } from '../../model/errors.js';
import { TriggerScheduler } from '../../scheduler/triggers.js';
import { scheduleUnits } from '../../scheduler/unit-triggers.js';
import { defaultWorkerId } from '../../worker/worker.js';
import { checkUnitsRunnable, unitHandlers } from '../../worker/runners/unit-handlers.js';
import { workflowHandlers } from '../../workflow/handlers.js';
import { parseWorkflow } from '../../workflow/parse.js';
import { loadUnitDir } from '../../units/load.js';
import { settingFlags } from '../config-flags.js';
import { commandContext, openTaskframe } from '../context.js';
import { executableSettings } from '../executables.js';
import { printLine } from '../output.js';
import { followConfig } from '../reload.js';
import { loadHandlers, readWorkflowFile } from '../workflow-files.js';
function nextSignal() {
    return new Promise((resolve) => {
        const done = () => {
            process.off('SIGINT', done);
            process.off('SIGTERM', done);
            resolve();
        };
        process.once('SIGINT', done);
        process.once('SIGTERM', done);
    });
}
/**
 * On stop with --work: no run is started any more; the runs this process started get up to the
 * grace period to finish, here, with this process's workers (a second signal cuts it short).
 * What is still running then stays running in the store: its tasks are given back and wait
 * for the next worker serving their queues, which finishes the run (nothing is lost). Said on
 * stdout, run by run.
 */
async function finishStarted(engine, started, grace) {
    const open = [];
    for (const [id, wf] of started) {
        const run = await engine.runs.find(id);
        if (run?.state === 'running')
            open.push({ id, wf });
    }
    if (open.length === 0)
        return;
    printLine(`stopping: letting ${open.length} run${open.length === 1 ? '' : 's'} started here finish (up to ${grace.text}; signal again to stop now)`);
    const stop = new AbortController();
    const now = () => stop.abort();
    const timer = setTimeout(now, grace.ms);
    process.once('SIGINT', now);
    process.once('SIGTERM', now);
    await Promise.all(open.map(({ id }) => engine.runs.wait(id, { signal: stop.signal, intervalMs: 100 }).catch(() => undefined)));
    clearTimeout(timer);
    process.off('SIGINT', now);
    process.off('SIGTERM', now);
    for (const { id, wf } of open) {
        const run = await engine.runs.find(id);
        if (run?.state !== 'running')
            continue;
        const queues = [...new Set(wf.tasks.map((t) => t.queue))].join(', ');
        printLine(`stopping: run ${id} (${wf.name}) is still running; its tasks wait for a worker on queue ${queues} (taskframe worker, or taskframe schedule --work)`);
    }
}
export function registerSchedule(program) {
    const command = program
        .command('schedule')
        .description('start runs of workflow files (and units) from their triggers (cron, every, if, after) until stopped; the leader among several fires')
        .argument('[files...]', 'workflow YAML files (default: scheduler.workflows of the configuration)');
    settingFlags(command, ['scheduler.units'])
        .option('--work', 'also run workers for their tasks in this process')
        .option('--handlers <module>', 'a JS module exporting `handlers` for `handler:` tasks (with --work)')
        .option('-c, --concurrency <n>', 'tasks running at once (with --work)', '8')
        .option('--grace <duration>', 'on stop (with --work), how long the runs started here may take to finish (a second signal stops at once)', '10s')
        .action(async (given, opts, cmd) => {
        const ctx = commandContext(cmd);
        const { scheduler: settings } = ctx.config.values;
        const files = given.length ? given : settings.workflows;
        if (files.length === 0 && !settings.units)
            throw new ValidationError('files', 'give workflow files and/or --units DIR (or scheduler.workflows / scheduler.units in the config file)');
        const graceMs = parseDuration(opts.grace, '--grace');
        const user = await loadHandlers(opts.handlers);
        // Everything is read and validated before the store is opened: bad input changes nothing.
        const units = settings.units ? loadUnitDir(settings.units) : null;
        if (units && opts.work)
            checkUnitsRunnable(units);
        const workflows = files.map((file) => parseWorkflow(readWorkflowFile(file), { file, ...(opts.work ? { handlers: Object.keys(user), units: [...(units?.keys() ?? [])] } : {}) }));
        const tf = await openTaskframe(ctx);
        const holderId = defaultWorkerId();
        const schedulers = [];
        if (workflows.length)
            schedulers.push(new TriggerScheduler(tf.engine, { holderId, workflows, intervalMs: settings.interval, logger: tf.logger }));
        const unitSched = units ? scheduleUnits(tf.engine, units, { holderId, intervalMs: settings.interval, logger: tf.logger }) : null;
        if (unitSched)
            schedulers.push(unitSched);
        /** Runs this process started: with --work, what it lets finish when it stops. */
        const started = new Map();
        for (const sched of schedulers) {
            sched.on('fired', (run, wf) => {
                started.set(run.id, wf);
                printLine(`${new Date().toISOString()} started ${run.id} (${wf.name}, ${run.trigger})`);
            });
            sched.on('skipped', (wf, t, why) => printLine(`${new Date().toISOString()} skipped ${wf.name} (${t.kind}: ${t.value}): ${why}`));
            sched.on('error', (err) => tf.logger.error({ err }, 'trigger failed'));
        }
        const exec = executableSettings(ctx.config.values, tf.logger);
        const served = units && opts.work ? unitHandlers(tf.engine, units, exec) : null;
        if (opts.work) {
            const queues = [...new Set([...workflows.flatMap((w) => w.tasks.map((t) => t.queue)), ...(units ? ['default'] : [])])];
            tf.worker({ handlers: workflowHandlers(tf.engine, { ...user, ...served?.handlers }), queues, concurrency: Number(opts.concurrency) || 8 }).start();
        }
        for (const sched of schedulers)
            sched.start();
        const described = workflows.map((w) => `${w.name} (${w.triggers.map((t) => `${t.kind}: ${t.value}`).join('; ') || 'no triggers'})`);
        const scheduledUnits = [...(units?.values() ?? [])].filter((u) => u.runIf?.triggers.length);
        described.push(...scheduledUnits.map((u) => `unit ${u.name} (${u.runIf.triggers.map((t) => `${t.kind}: ${t.value}`).join('; ')})`));
        printLine(`scheduling ${described.join(', ') || 'nothing (no unit in the folder has a cron= or every=)'}`);
        const reloader = followConfig(cmd, ctx);
        // Signal listeners do not keep a process alive, and the scheduler's own timer is unref'd:
        // with nothing else open (no workers without --work; its database connections dropped in a
        // restart) it would exit. This holds it until stopped.
        const keepAlive = setInterval(() => undefined, 1 << 30);
        await nextSignal();
        reloader.stop();
        await Promise.all(schedulers.map((s) => s.stop()));
        if (opts.work)
            await finishStarted(tf.engine, started, { ms: graceMs, text: opts.grace });
        clearInterval(keepAlive);
        await tf.close();
        await served?.close();
    });
}
//# sourceMappingURL=schedule.js.map