/** Operator commands that change a task, or many: cancel and retry. */
import type { Command } from 'commander';
import { ValidationError } from '../../model/errors.js';
import { bulkSelection, hasBulkSelection, runBulk, type BulkAction, type BulkOptions } from '../bulk.js';
import type { Taskframe } from '../../taskframe.js';
import { withTaskframe } from '../context.js';
import { taskJson } from '../../model/json.js';
import { printJson, printLine } from '../output.js';

const SELECTION_HELP = 'without an id: the tasks to act on, as for `ls` (';
const CANCEL_REASON = 'cancelled from the CLI';

function selectionOptions(cmd: Command, action: BulkAction): Command {
  const states = action === 'retry' ? 'failed,cancelled,skipped' : 'every unfinished state';
  return cmd
    .option('--queue <queue>', `${SELECTION_HELP}this queue)`)
    .option('--name <name>', `${SELECTION_HELP}this task name)`)
    .option('--state <states>', `${SELECTION_HELP}these states, comma-separated; default ${states})`)
    .option('--all', 'with a selection: every matching task')
    .option('--limit <n>', 'with a selection: the newest N matching tasks');
}

/** One task by id, or many by selection (bulk.ts); never both. */
async function byIdOrSelection(action: BulkAction, id: string | undefined, o: BulkOptions & { reason?: string }, cmd: Command, single: (tf: Taskframe, id: string) => Promise<void>): Promise<void> {
  if (id !== undefined && hasBulkSelection(o)) throw new ValidationError('id', `give a task id or a selection (--queue, --name, --state, --all, --limit), not both`);
  if (id === undefined) {
    const sel = bulkSelection(action, o);
    return withTaskframe(cmd, (tf) => runBulk(tf, action, sel, o.reason ?? CANCEL_REASON, o.json));
  }
  return withTaskframe(cmd, (tf) => single(tf, id));
}

export function registerControl(program: Command): void {
  selectionOptions(
    program.command('cancel [id]').description('cancel a task (at once if not running; a running handler is aborted), or every task a selection matches'),
    'cancel',
  )
    .option('--reason <text>', 'recorded in the audit log', CANCEL_REASON)
    .option('--json', 'print the task as JSON (a selection: {succeeded, failed, results})')
    .action(async (id: string | undefined, o: BulkOptions & { reason: string }, cmd: Command) =>
      byIdOrSelection('cancel', id, o, cmd, async (tf, taskId) => {
        const t = await tf.cancel(taskId, o.reason);
        if (o.json) printJson(taskJson(t));
        else printLine(`task ${t.id} cancelled`);
      }),
    );

  selectionOptions(
    program.command('retry [id]').description('run a failed, cancelled or skipped task again with a fresh set of attempts, or every task a selection matches'),
    'retry',
  )
    .option('--json', 'print the task as JSON (a selection: {succeeded, failed, results})')
    .action(async (id: string | undefined, o: BulkOptions, cmd: Command) =>
      byIdOrSelection('retry', id, o, cmd, async (tf, taskId) => {
        const t = await tf.retry(taskId);
        if (o.json) printJson(taskJson(t));
        else printLine(`task ${t.id} is pending again`);
      }),
    );
}
