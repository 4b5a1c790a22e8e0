import type { Command } from 'commander';
import { Taskframe } from '../../taskframe.js';
import { TriggerScheduler } from '../../scheduler/triggers.js';
import { defaultWorkerId } from '../../worker/worker.js';
import { workflowHandlers } from '../../workflow/handlers.js';
import { parseWorkflow } from '../../workflow/parse.js';
import { globalOptions } from '../context.js';
import { printLine } from '../output.js';
import { loadHandlers, readWorkflowFile } from '../workflow-files.js';

export function registerSchedule(program: Command): void {
  program
    .command('schedule')
    .description('start runs of workflow files from their triggers (cron, every, if, after) until stopped; the leader among several fires')
    .argument('<files...>', 'workflow YAML files')
    .option('--work', 'also run workers for their tasks in this process')
    .option('--handlers <module>', 'a JS module exporting `handlers` for `handler:` tasks (with --work)')
    .option('-c, --concurrency <n>', 'tasks running at once (with --work)', '8')
    .action(async (files: string[], opts: { work?: boolean; handlers?: string; concurrency: string }, cmd: Command) => {
      const user = await loadHandlers(opts.handlers);
      const workflows = files.map((file) => parseWorkflow(readWorkflowFile(file), { file, ...(opts.work ? { handlers: Object.keys(user), units: [] } : {}) }));
      const tf = await Taskframe.open({ db: globalOptions(cmd).db });
      const sched = new TriggerScheduler(tf.engine, { holderId: defaultWorkerId(), workflows, logger: tf.logger });
      sched.on('fired', (run, wf) => printLine(`${new Date().toISOString()} started ${run.id} (${wf.name}, ${run.trigger})`));
      sched.on('skipped', (wf, t, why) => printLine(`${new Date().toISOString()} skipped ${wf.name} (${t.kind}: ${t.value}): ${why}`));
      if (opts.work) {
        const queues = [...new Set(workflows.flatMap((w) => w.tasks.map((t) => t.queue)))];
        tf.worker({ handlers: workflowHandlers(tf.engine, user), queues, concurrency: Number(opts.concurrency) || 8 }).start();
      }
      sched.start();
      printLine(`scheduling ${workflows.map((w) => `${w.name} (${w.triggers.map((t) => `${t.kind}: ${t.value}`).join('; ') || 'no triggers'})`).join(', ')}`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await sched.stop();
      await tf.close();
    });
}
