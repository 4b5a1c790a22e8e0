/**
 * `taskframe autoscale`: run the autoscaler (several may run; one acts).
 * `taskframe autoscale status [--json]`: what it decided and why.
 * `taskframe autoscale check`: check the configuration and print the autoscaler's part resolved.
 * `taskframe autoscale simulate --curve diurnal-1b`: replay a day against the policy.
 * The settings are the `autoscale:` section of the one configuration (`--config FILE`, as for every
 * command; docs/configuration.md), the store is `store.url`.
 */
import fs from 'node:fs';
import { autoscaleConfig } from '../../autoscale/config.js';
import { Autoscaler } from '../../autoscale/runner.js';
import { calibrate, chartOf, compare, loadCurve, tableOf } from '../../autoscale/simulate/index.js';
import { formatStatus, statusJson } from '../../autoscale/status.js';
import { AutoscaleAccess } from '../../autoscale/engine-access.js';
import { parseDuration } from '../../model/duration.js';
import { ValidationError } from '../../model/errors.js';
import { commandConfig, settingFlags } from '../config-flags.js';
import { commandContext, openTaskframe, withTaskframe } from '../context.js';
import { printJson, printLine } from '../output.js';
import { followConfig } from '../reload.js';
/** The autoscaler's part of the configuration; refused (before anything is opened) without groups. */
const settingsOf = (loaded) => autoscaleConfig(loaded.values, loaded.file);
const hhmmss = (ms) => new Date(ms).toISOString().slice(11, 19);
export function registerAutoscale(program) {
    const autoscale = program
        .command('autoscale')
        .description('decide how many workers each queue needs and ask a provider for them: the autoscale section of the config file (subcommands: status, check, simulate)');
    settingFlags(autoscale, ['autoscale.id']);
    autoscale.action(async (_o, cmd) => {
        // The configuration is checked before anything is opened or started.
        const ctx = commandContext(cmd);
        const config = settingsOf(ctx.config);
        const db = ctx.config.values.store.url;
        const tf = await openTaskframe(ctx);
        const autoscaler = new Autoscaler(tf.engine, { config, db, logger: ctx.logger });
        // A group's policy (and the history kept) follow the file; the rest is logged as needing a restart.
        const reloader = followConfig(cmd, ctx, (values) => autoscaler.reconfigure(autoscaleConfig(values)));
        autoscaler.on('leader', (h) => process.stderr.write(`${hhmmss(Date.now())} leader: ${h}\n`));
        autoscaler.on('follower', () => process.stderr.write(`${hhmmss(Date.now())} no longer the leader: standing by\n`));
        autoscaler.on('decision', (group, d, rec) => {
            if (d.desired !== d.from || rec.providerError) {
                const err = rec.providerError ? `  PROVIDER ERROR: ${rec.providerError.message}` : '';
                process.stderr.write(`${hhmmss(d.at)} ${group}: ${d.from} -> ${d.desired} [${d.rule}] ${d.reason}${err}\n`);
            }
        });
        const stopped = new Promise((resolve) => {
            process.once('SIGINT', () => resolve('SIGINT'));
            process.once('SIGTERM', () => resolve('SIGTERM'));
        });
        // The loop's timer and the workers do not hold the process open; this does, until stopped.
        const keepAlive = setInterval(() => undefined, 1 << 30);
        autoscaler.start();
        process.stderr.write(`autoscaler ${autoscaler.holderId}: groups ${config.groups.map((g) => `${g.name} (${g.provider.type})`).join(', ')}, every ${config.intervalMs} ms\n`);
        const why = await stopped;
        process.stderr.write(`stopping (${why}): workers of the local provider finish or give back their tasks\n`);
        reloader.stop();
        await autoscaler.stop();
        await tf.close();
        // Only now: waiting for the workers to exit holds nothing else open.
        clearInterval(keepAlive);
        process.stderr.write('autoscaler stopped\n');
    });
    autoscale
        .command('status')
        .description('the last decision per group, why it was taken, its inputs, and the recent changes')
        .option('--json', 'JSON output')
        .action(async (o, cmd) => {
        await withTaskframe(cmd, async (tf) => {
            const access = new AutoscaleAccess(tf.engine);
            const [{ record }, leader] = await Promise.all([access.read(), access.leader()]);
            const now = tf.engine.clock.now();
            if (o.json)
                printJson(statusJson(record, leader, now));
            else
                printLine(formatStatus(record, leader, now));
        });
    });
    autoscale
        .command('check')
        .description('check the configuration; print the autoscaler\'s part with every default filled in')
        .action((_o, cmd) => {
        printJson(settingsOf(commandConfig(cmd)));
    });
    autoscale
        .command('simulate')
        .description('replay a day (or a curve file) against the real policy; print the table, write the SVG chart')
        .option('--curve <name|file>', 'built-in curve (diurnal-1b) or a curve file', 'diurnal-1b')
        .option('--group <name>', 'which group (default: the first)')
        .option('--service-rate <n>', 'tasks per second one worker serves (default: measured by a short calibration run)')
        .option('--task-time <duration>', 'calibration: how long each task takes', '50ms')
        .option('--startup <duration>', 'from asking for a worker to its serving', '30s')
        .option('--out <file.svg>', 'write the chart here')
        .option('--json', 'print the results as JSON (points included)')
        .action(async (o, cmd) => {
        // The group's policy is used; providers are not.
        const config = settingsOf(commandConfig(cmd));
        const curve = loadCurve(o.curve);
        const startupMs = parseDuration(o.startup, '--startup');
        let serviceRate;
        let calibration = '';
        if (o.serviceRate !== undefined) {
            serviceRate = Number(o.serviceRate);
            if (!Number.isFinite(serviceRate) || serviceRate <= 0)
                throw new ValidationError('--service-rate', `must be a positive number of tasks per second, got "${o.serviceRate}"`);
        }
        else {
            const group = config.groups.find((g) => g.name === (o.group ?? config.groups[0].name)) ?? config.groups[0];
            const c = await calibrate({ concurrency: group.policy.concurrency, taskMs: parseDuration(o.taskTime, '--task-time') });
            serviceRate = c.rate;
            calibration = `calibration: 1 worker, concurrency ${c.concurrency}, ${c.tasks} tasks of ${c.taskMs} ms on SQLite in ${Math.round(c.elapsedMs)} ms: ${Math.round(c.rate * 10) / 10} tasks/s\n`;
        }
        const result = compare(config, { curve, serviceRate, startupMs, ...(o.group ? { group: o.group } : {}) });
        if (o.out)
            fs.writeFileSync(o.out, chartOf(result, curve));
        if (o.json)
            printJson(result);
        else
            printLine(`${calibration}${tableOf(result)}${o.out ? `\n\nchart: ${o.out}` : ''}`);
    });
}
//# sourceMappingURL=autoscale.js.map