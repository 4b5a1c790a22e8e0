/** Read commands: status, ls, audit. Human output by default, --json for scripts. */
import type { Command } from 'commander';
import { formatDuration } from '../../model/duration.js';
import { ValidationError } from '../../model/errors.js';
import type { TaskState } from '../../model/state.js';
import { displayName, isBookkeeping } from '../../model/step.js';
import type { Task, TaskEvent } from '../../model/task.js';
import type { Taskframe } from '../../taskframe.js';
import { renderRun } from '../../workflow/render.js';
import { withTaskframe } from '../context.js';
import { eventJson, iso, runJson, taskJson } from '../../model/json.js';
import { printJson, printLine, table } from '../output.js';
import { parseIntOption, parseStates } from '../parse.js';

const short = (v: unknown, max = 60): string => {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
};

export function renderTask(t: Task): string {
  const lines = [`task ${t.id}  ${displayName(t)}  [${t.state}]`];
  lines.push(`  queue ${t.queue} · priority ${t.priority} · attempt ${t.attempt}/${t.maxAttempts}${t.key ? ` · key ${t.key}` : ''}${t.tags.length ? ` · tags ${t.tags.join(',')}` : ''}`);
  const took = t.startedAt !== null && t.finishedAt !== null ? ` (last attempt took ${formatDuration(t.finishedAt - t.startedAt)})` : '';
  lines.push(`  created ${iso(t.createdAt)}${t.startedAt ? ` · started ${iso(t.startedAt)}` : ''}${t.finishedAt ? ` · finished ${iso(t.finishedAt)}` : ''}${took}`);
  if (t.state === 'scheduled' || t.state === 'retrying') lines.push(`  runs at ${iso(t.runAt) ?? 'a time no date can show (stored by an older version)'}`);
  if (t.state === 'running') lines.push(`  worker ${t.workerId} · lease until ${iso(t.leaseExpiresAt)}`);
  if (t.parentId || t.runId) lines.push(`  ${t.parentId ? `parent ${t.parentId}` : ''}${t.parentId && t.runId ? ' · ' : ''}${t.runId ? `run ${t.runId}` : ''}`);
  if (t.depsPending || t.childrenPending) lines.push(`  waiting on ${t.depsPending} dependencies, ${t.childrenPending} subtasks`);
  lines.push(`  payload  ${short(t.payload, 200)}`);
  if (t.progress !== null) lines.push(`  progress ${short(t.progress, 200)}`);
  if (t.result !== null) lines.push(`  result   ${short(t.result, 200)}`);
  if (t.error) lines.push(`  error    ${t.error.kind ? `[${t.error.kind}] ` : ''}${t.error.message}`);
  return lines.join('\n');
}

/** An event's detail for the table: the why of a failure or skip in words, anything else as JSON. */
function eventDetail(detail: unknown): string {
  const err = (detail as { error?: { message?: unknown; kind?: unknown } } | null)?.error;
  if (err && typeof err.message === 'string') return short(`${typeof err.kind === 'string' ? `[${err.kind}] ` : ''}${err.message.split('\n')[0]}`, 160);
  return short(detail, 80);
}

export function renderEvents(events: TaskEvent[], withTask: boolean): string {
  const rows = [[...(withTask ? ['task'] : []), 'at', 'event', 'attempt', 'worker', 'detail']];
  for (const e of events) rows.push([...(withTask ? [e.taskId] : []), iso(e.at)!, e.type, String(e.attempt), e.workerId ?? '', eventDetail(e.detail)]);
  return table(rows);
}

/**
 * Tasks as `ls` shows them: newest first, workflow bookkeeping left out (unless asked for by
 * name), paging on until `limit` are found.
 */
async function listShown(tf: Taskframe, p: { states?: TaskState[]; queue?: string; name?: string }, limit: number): Promise<Task[]> {
  const shown: Task[] = [];
  let beforeId: string | undefined;
  for (;;) {
    const page = await tf.engine.list({ ...p, beforeId, limit });
    shown.push(...(p.name ? page : page.filter((t) => !isBookkeeping(t))));
    if (shown.length >= limit || page.length < limit) return shown.slice(0, limit);
    beforeId = page[page.length - 1]!.id;
  }
}

export function registerInspect(program: Command): void {
  program
    .command('status <id>')
    .description('show one task, or a workflow run (run-…) as a graph of its tasks')
    .option('--json', 'print as JSON')
    .action(async (id: string, o: { json?: boolean }, cmd: Command) => {
      await withTaskframe(cmd, async (tf) => {
        if (id.startsWith('run-')) {
          const { run, tasks } = await tf.engine.runs.withTasks(id);
          return o.json ? printJson({ run: runJson(run), tasks: tasks.filter((t) => !isBookkeeping(t)).map(taskJson) }) : printLine(renderRun(run, tasks, { now: tf.engine.clock.now() }).join('\n'));
        }
        const t = await tf.get(id);
        if (o.json) printJson(taskJson(t));
        else printLine(renderTask(t));
      });
    });

  program
    .command('ls')
    .description('list tasks, newest first')
    .option('--state <states>', 'only these states, comma-separated')
    .option('--queue <queue>', 'only this queue')
    .option('--name <name>', 'only tasks with this name')
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'print as JSON')
    .action(async (o: { state?: string; queue?: string; name?: string; limit: string; json?: boolean }, cmd: Command) => {
      const limit = parseIntOption(o.limit, '--limit');
      if (limit < 1 || limit > 10_000) throw new ValidationError('--limit', 'must be between 1 and 10000');
      const states = o.state ? parseStates(o.state) : undefined;
      await withTaskframe(cmd, async (tf) => {
        const tasks = await listShown(tf, { states, queue: o.queue, name: o.name }, limit);
        if (o.json) return printJson(tasks.map(taskJson));
        const rows = [['id', 'name', 'queue', 'state', 'attempt', 'created', 'result / error']];
        for (const t of tasks) {
          rows.push([t.id, displayName(t), t.queue, t.state, `${t.attempt}/${t.maxAttempts}`, iso(t.createdAt)!, t.error ? `error: ${short(t.error.message)}` : short(t.result)]);
        }
        printLine(table(rows));
        if (tasks.length === 0) printLine('(no tasks)');
      });
    });

  program
    .command('audit <idOrName>')
    .description('every event of a task (by id), of a workflow run (run-…), or of the latest tasks with a name, oldest first')
    .option('--limit <n>', 'with a name: how many of the latest tasks', '100')
    .option('--json', 'print as JSON')
    .action(async (idOrName: string, o: { limit: string; json?: boolean }, cmd: Command) => {
      await withTaskframe(cmd, async (tf) => {
        let ids: string[];
        if (/^\d+$/.test(idOrName)) {
          ids = [(await tf.get(idOrName)).id];
        } else if (idOrName.startsWith('run-')) {
          // A workflow run: every task of it, subtasks included.
          ids = (await tf.engine.runs.withTasks(idOrName)).tasks.filter((t) => !isBookkeeping(t)).map((t) => t.id);
        } else {
          const tasks = await tf.engine.list({ name: idOrName, limit: parseIntOption(o.limit, '--limit') });
          if (tasks.length === 0) throw new ValidationError('idOrName', `no task with id or name "${idOrName}"`);
          ids = tasks.map((t) => t.id);
        }
        const events = await tf.engine.events(ids);
        if (o.json) printJson(events.map(eventJson));
        else printLine(renderEvents(events, ids.length > 1));
      });
    });
}
