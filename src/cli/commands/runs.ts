import type { Command } from 'commander';
import { ValidationError } from '../../model/errors.js';
import type { RunState } from '../../store/store.js';
import { renderRun } from '../../workflow/render.js';
import { cancelRun, runWithTasks } from '../../workflow/runs.js';
import { isBookkeeping } from '../../workflow/step.js';
import { withTaskframe } from '../context.js';
import { iso, printJson, printLine, table, taskJson } from '../output.js';

const RUN_STATES: RunState[] = ['running', 'succeeded', 'failed', 'cancelled'];

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
      if (opts.state && !RUN_STATES.includes(opts.state as RunState)) throw new ValidationError('--state', `must be one of ${RUN_STATES.join(', ')}`);
      if (opts.cancel && !runId) throw new ValidationError('--cancel', 'name the run to cancel');
      await withTaskframe(cmd, async (tf) => {
        if (!runId) {
          const runs = await tf.store.runList({ ...(opts.name ? { name: opts.name } : {}), ...(opts.state ? { states: [opts.state as RunState] } : {}), limit: Math.max(1, Number(opts.limit) || 20) });
          if (opts.json) return printJson(runs);
          if (runs.length === 0) return printLine('no runs');
          return printLine(table([['RUN', 'WORKFLOW', 'STATE', 'CREATED', 'FINISHED'], ...runs.map((r) => [r.id, r.name, r.state, iso(r.createdAt) ?? '', iso(r.finishedAt) ?? ''])]));
        }
        if (opts.cancel) await cancelRun(tf.engine, runId);
        const { run, tasks } = await runWithTasks(tf.engine, runId);
        if (opts.json) return printJson({ run, tasks: tasks.filter((t) => !isBookkeeping(t)).map(taskJson) });
        printLine(renderRun(run, tasks, { now: tf.engine.clock.now() }).join('\n'));
      });
    });
}
