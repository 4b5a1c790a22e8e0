/** Operator commands that change a task: cancel and retry. */
import type { Command } from 'commander';
import { withTaskframe } from '../context.js';
import { taskJson } from '../../model/json.js';
import { printJson, printLine } from '../output.js';

export function registerControl(program: Command): void {
  program
    .command('cancel <id>')
    .description('cancel a task: at once if not running; a running handler is aborted')
    .option('--reason <text>', 'recorded in the audit log', 'cancelled from the CLI')
    .option('--json', 'print the task as JSON')
    .action(async (id: string, o: { reason: string; json?: boolean }, cmd: Command) => {
      await withTaskframe(cmd, async (tf) => {
        const t = await tf.cancel(id, o.reason);
        if (o.json) printJson(taskJson(t));
        else printLine(`task ${t.id} cancelled`);
      });
    });

  program
    .command('retry <id>')
    .description('run a failed, cancelled or skipped task again with a fresh set of attempts')
    .option('--json', 'print the task as JSON')
    .action(async (id: string, o: { json?: boolean }, cmd: Command) => {
      await withTaskframe(cmd, async (tf) => {
        const t = await tf.retry(id);
        if (o.json) printJson(taskJson(t));
        else printLine(`task ${t.id} is pending again`);
      });
    });
}
