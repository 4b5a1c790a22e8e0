import type { Command } from 'commander';
import { ValidationError } from '../../model/errors.js';
import { RUN_STATES, isRunState } from '../../model/run.js';
import { isBookkeeping } from '../../model/step.js';
import { renderRun } from '../../workflow/render.js';
import { withTaskframe } from '../context.js';
import { iso, runJson, taskJson } from '../../model/json.js';
import { printJson, printLine, table } from '../output.js';

export function registerRuns(program: Command): void {
  program
    .command('runs')
    .description('list workflow runs, or show one run as a graph of its tasks (RUN); --cancel cancels it as a whole')
    .argument('[run]', 'a run id')
    .option('--name <workflow>', 'only runs of this workflow')
    .option('--state <state>', `only runs in this state (${RUN_STATES.join(', ')})`)
    .option('-n, --limit <n>', 'runs listed at most', '20')
    .option('--cancel', 'cancel the run and every live task in it')
    .option('--json', 'print JSON')
    .action(async (runId: string | undefined, opts: { name?: string; state?: string; limit: string; cancel?: boolean; json?: boolean }, cmd: Command) => {
      if (opts.state && !isRunState(opts.state)) throw new ValidationError('--state', `must be one of ${RUN_STATES.join(', ')}`);
      if (opts.cancel && !runId) throw new ValidationError('--cancel', 'name the run to cancel');
      await withTaskframe(cmd, async (tf) => {
        if (!runId) {
          const runs = await tf.engine.runs.list({ ...(opts.name ? { name: opts.name } : {}), ...(opts.state && isRunState(opts.state) ? { states: [opts.state] } : {}), limit: Math.max(1, Number(opts.limit) || 20) });
          if (opts.json) return printJson(runs.map(runJson));
          if (runs.length === 0) return printLine('no runs');
          return printLine(table([['RUN', 'WORKFLOW', 'STATE', 'CREATED', 'FINISHED'], ...runs.map((r) => [r.id, r.name, r.state, iso(r.createdAt) ?? '', iso(r.finishedAt) ?? ''])]));
        }
        if (opts.cancel) await tf.engine.runs.cancel(runId);
        const { run, tasks } = await tf.engine.runs.withTasks(runId);
        if (opts.json) return printJson({ run: runJson(run), tasks: tasks.filter((t) => !isBookkeeping(t)).map(taskJson) });
        printLine(renderRun(run, tasks, { now: tf.engine.clock.now() }).join('\n'));
      });
    });
}
