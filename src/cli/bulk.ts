/**
 * `taskframe retry` and `cancel` on many tasks: those matching --queue/--name/--state, every one
 * (--all) or the newest N (--limit), each acted on as alone (engine.bulk, as POST
 * /v1/tasks/bulk/*), a thousand at a time until none are left or the limit is reached.
 */
import { BULK_MAX, type BulkItemResult } from '../engine/bulk.js';
import type { TaskFilter } from '../engine/inspect.js';
import { ValidationError } from '../model/errors.js';
import { FINISHED_STATES, LIVE_STATES, type TaskState } from '../model/state.js';
import type { Taskframe } from '../taskframe.js';
import { isBookkeeping } from '../model/step.js';
import { EXIT, printJson, printLine } from './output.js';
import { allTasks } from './paging.js';
import { parseIntOption, parseStates } from './parse.js';

export type BulkAction = 'retry' | 'cancel';

export interface BulkOptions {
  all?: boolean;
  limit?: string;
  queue?: string;
  name?: string;
  state?: string;
  json?: boolean;
}

/** The states an action applies to when --state is not given: the ones it can change. */
const DEFAULT_STATES: Record<BulkAction, readonly TaskState[]> = {
  retry: FINISHED_STATES.filter((s) => s !== 'succeeded'),
  cancel: LIVE_STATES,
};

export function hasBulkSelection(o: BulkOptions): boolean {
  return o.all !== undefined || o.limit !== undefined || o.queue !== undefined || o.name !== undefined || o.state !== undefined;
}

/** Checks the options before anything is read or changed; returns the filter and how many at most. */
export function bulkSelection(action: BulkAction, o: BulkOptions): { filter: TaskFilter; max: number } {
  if (o.queue === undefined && o.name === undefined && o.state === undefined) {
    throw new ValidationError('--queue', `without a task id, select the tasks to ${action} with --queue, --name and/or --state`);
  }
  if ((o.all === true) === (o.limit !== undefined)) {
    throw new ValidationError('--all', `say how many to ${action}: --all for every matching task, or --limit N for the newest N (not both)`);
  }
  let max = Number.POSITIVE_INFINITY;
  if (o.limit !== undefined) {
    max = parseIntOption(o.limit, '--limit');
    if (max < 1) throw new ValidationError('--limit', `must be at least 1, got ${max}`);
  }
  const filter: TaskFilter = {
    states: o.state !== undefined ? parseStates(o.state) : [...DEFAULT_STATES[action]],
    ...(o.queue !== undefined ? { queue: o.queue } : {}),
    ...(o.name !== undefined ? { name: o.name } : {}),
  };
  return { filter, max };
}

/**
 * Acts page by page, newest first, as `ls --all` reads them (paging.ts; a workflow's bookkeeping
 * tasks left out, as engine.bulk leaves them out), each page by id. A refused task still matches
 * the filter, so paging goes past it rather than asking for the first page again.
 */
export async function runBulk(tf: Taskframe, action: BulkAction, sel: { filter: TaskFilter; max: number }, reason: string, json: boolean | undefined): Promise<void> {
  const results: BulkItemResult[] = [];
  for await (const page of allTasks(tf, sel.filter, Math.min(BULK_MAX, sel.max))) {
    const ids = page.filter((t) => !isBookkeeping(t)).slice(0, sel.max - results.length).map((t) => t.id);
    if (ids.length) results.push(...(action === 'retry' ? await tf.engine.bulk.retry({ ids }) : await tf.engine.bulk.cancel({ ids }, reason)).results);
    if (results.length >= sel.max) break;
  }
  const refused = results.filter((x): x is Extract<BulkItemResult, { ok: false }> => !x.ok);
  const done = results.length - refused.length;
  if (json) printJson({ succeeded: done, failed: refused.length, results });
  else {
    for (const x of refused) printLine(`task ${x.id}: not ${action === 'retry' ? 'retried' : 'cancelled'} (${x.code}: ${x.message})`);
    const verb = action === 'retry' ? 'retried (pending again)' : 'cancelled';
    printLine(`${done.toLocaleString('en-US')} task${done === 1 ? '' : 's'} ${verb}${refused.length ? `, ${refused.length.toLocaleString('en-US')} refused` : ''}${results.length === 0 ? ' (none matched)' : ''}`);
  }
  if (refused.length > 0) process.exitCode = EXIT.failed;
}
