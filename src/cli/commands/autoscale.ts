/**
 * `taskframe autoscale --config FILE`: run the autoscaler (several may run; one acts).
 * `taskframe autoscale status [--json]`: what it decided and why.
 * `taskframe autoscale check --config FILE`: check a configuration and print it resolved.
 * `taskframe autoscale simulate --config FILE --curve diurnal-1b`: replay a day against the policy.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { loadAutoscaleConfig, type AutoscaleConfig } from '../../autoscale/config.js';
import { Autoscaler } from '../../autoscale/runner.js';
import { calibrate, chartOf, compare, loadCurve, tableOf } from '../../autoscale/simulate/index.js';
import { formatStatus, statusJson } from '../../autoscale/status.js';
import { AutoscaleAccess } from '../../autoscale/engine-access.js';
import { parseDuration } from '../../model/duration.js';
import { ValidationError } from '../../model/errors.js';
import { Taskframe } from '../../taskframe.js';
import { withTaskframe } from '../context.js';
import { printJson, printLine } from '../output.js';

/** --db given on the command line, else TASKFRAME_DB, else the file's `db`, else the default. */
function storeUrl(cmd: Command, config: AutoscaleConfig | null): string {
  const program = cmd.parent?.parent ?? cmd.parent ?? cmd;
  const flag = (program.opts() as { db: string }).db;
  if (program.getOptionValueSource('db') === 'cli') return flag;
  return process.env.TASKFRAME_DB ?? config?.db ?? flag;
}

function requireConfig(file: string | undefined): AutoscaleConfig {
  if (!file) throw new ValidationError('--config', 'give the autoscaler configuration: --config FILE (YAML or JSON; see docs/autoscale.md)');
  return loadAutoscaleConfig(file);
}

const configOf = (cmd: Command) => (cmd.optsWithGlobals() as { config?: string }).config;

const hhmmss = (ms: number) => new Date(ms).toISOString().slice(11, 19);

export function registerAutoscale(program: Command): void {
  const autoscale = program
    .command('autoscale')
    .description('decide how many workers each queue needs and ask a provider for them (subcommands: status, check, simulate)')
    // Also read by the subcommands (`autoscale simulate --config FILE` lands here).
    .option('--config <file>', 'autoscaler configuration (YAML or JSON)')
    .option('--id <holder>', 'this instance\'s name in the leader lease (default host:pid:random)')
    .action(async (o: { config?: string; id?: string }, cmd: Command) => {
      // The configuration is checked before anything is opened or started.
      const config = requireConfig(o.config);
      const db = storeUrl(cmd, config);
      const tf = await Taskframe.open({ db });
      const autoscaler = new Autoscaler(tf.engine, { config, db, logger: tf.logger, ...(o.id ? { holderId: o.id } : {}) });
      autoscaler.on('leader', (h) => process.stderr.write(`${hhmmss(Date.now())} leader: ${h}\n`));
      autoscaler.on('follower', () => process.stderr.write(`${hhmmss(Date.now())} no longer the leader: standing by\n`));
      autoscaler.on('decision', (group, d, rec) => {
        if (d.desired !== d.from || rec.providerError) {
          const err = rec.providerError ? `  PROVIDER ERROR: ${rec.providerError.message}` : '';
          process.stderr.write(`${hhmmss(d.at)} ${group}: ${d.from} -> ${d.desired} [${d.rule}] ${d.reason}${err}\n`);
        }
      });
      const stopped = new Promise<string>((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
      });
      // The loop's timer and the workers do not hold the process open; this does, until stopped.
      const keepAlive = setInterval(() => undefined, 1 << 30);
      autoscaler.start();
      process.stderr.write(`autoscaler ${autoscaler.holderId}: groups ${config.groups.map((g) => `${g.name} (${g.provider.type})`).join(', ')}, every ${config.intervalMs} ms\n`);
      const why = await stopped;
      process.stderr.write(`stopping (${why}): workers of the local provider finish or give back their tasks\n`);
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
    .action(async (o: { json?: boolean }, cmd: Command) => {
      await withTaskframe(cmd, async (tf) => {
        const access = new AutoscaleAccess(tf.engine);
        const [{ record }, leader] = await Promise.all([access.read(), access.leader()]);
        const now = tf.engine.clock.now();
        if (o.json) printJson(statusJson(record, leader, now));
        else printLine(formatStatus(record, leader, now));
      });
    });

  autoscale
    .command('check')
    .description('check a configuration; print it with every default filled in')
    .action((_o: unknown, cmd: Command) => {
      printJson(requireConfig(configOf(cmd)));
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
    .action(async (o: { curve: string; group?: string; serviceRate?: string; taskTime: string; startup: string; out?: string; json?: boolean }, cmd: Command) => {
      // The group's policy is used; providers are not.
      const config = requireConfig(configOf(cmd));
      const curve = loadCurve(o.curve);
      const startupMs = parseDuration(o.startup, '--startup');
      let serviceRate: number;
      let calibration = '';
      if (o.serviceRate !== undefined) {
        serviceRate = Number(o.serviceRate);
        if (!Number.isFinite(serviceRate) || serviceRate <= 0) throw new ValidationError('--service-rate', `must be a positive number of tasks per second, got "${o.serviceRate}"`);
      } else {
        const group = config.groups.find((g) => g.name === (o.group ?? config.groups[0]!.name)) ?? config.groups[0]!;
        const c = await calibrate({ concurrency: group.policy.concurrency, taskMs: parseDuration(o.taskTime, '--task-time') });
        serviceRate = c.rate;
        calibration = `calibration: 1 worker, concurrency ${c.concurrency}, ${c.tasks} tasks of ${c.taskMs} ms on SQLite in ${Math.round(c.elapsedMs)} ms: ${Math.round(c.rate * 10) / 10} tasks/s\n`;
      }
      const result = compare(config, { curve, serviceRate, startupMs, ...(o.group ? { group: o.group } : {}) });
      if (o.out) fs.writeFileSync(o.out, chartOf(result, curve));
      if (o.json) printJson(result);
      else printLine(`${calibration}${tableOf(result)}${o.out ? `\n\nchart: ${o.out}` : ''}`);
    });
}
