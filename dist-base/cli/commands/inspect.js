import { formatDuration } from '../../model/duration.js';
import { ValidationError } from '../../model/errors.js';
import { displayName, isBookkeeping } from '../../model/step.js';
import { renderRun } from '../../workflow/render.js';
import { withTaskframe } from '../context.js';
import { eventJson, iso, runJson, taskJson } from '../../model/json.js';
import { printJson, printLine, table } from '../output.js';
import { allEvents, allTasks, countTasks, StreamTable, taskPage } from '../paging.js';
import { parseIntOption, parseStates } from '../parse.js';
const short = (v, max = 60) => {
    if (v === null || v === undefined)
        return '';
    const s = typeof v === 'string' ? v : JSON.stringify(v);
    return s.length > max ? `${s.slice(0, max - 1)}…` : s;
};
export function renderTask(t) {
    const lines = [`task ${t.id}  ${displayName(t)}  [${t.state}]`];
    lines.push(`  queue ${t.queue} · priority ${t.priority} · attempt ${t.attempt}/${t.maxAttempts}${t.key ? ` · key ${t.key}` : ''}${t.tags.length ? ` · tags ${t.tags.join(',')}` : ''}`);
    const took = t.startedAt !== null && t.finishedAt !== null ? ` (last attempt took ${formatDuration(t.finishedAt - t.startedAt)})` : '';
    lines.push(`  created ${iso(t.createdAt)}${t.startedAt ? ` · started ${iso(t.startedAt)}` : ''}${t.finishedAt ? ` · finished ${iso(t.finishedAt)}` : ''}${took}`);
    if (t.state === 'scheduled' || t.state === 'retrying')
        lines.push(`  runs at ${iso(t.runAt) ?? 'a time no date can show (stored by an older version)'}`);
    if (t.state === 'running')
        lines.push(`  worker ${t.workerId} · lease until ${iso(t.leaseExpiresAt)}`);
    if (t.parentId || t.runId)
        lines.push(`  ${t.parentId ? `parent ${t.parentId}` : ''}${t.parentId && t.runId ? ' · ' : ''}${t.runId ? `run ${t.runId}` : ''}`);
    if (t.depsPending || t.childrenPending)
        lines.push(`  waiting on ${t.depsPending} dependencies, ${t.childrenPending} subtasks`);
    lines.push(`  payload  ${short(t.payload, 200)}`);
    if (t.progress !== null)
        lines.push(`  progress ${short(t.progress, 200)}`);
    if (t.result !== null)
        lines.push(`  result   ${short(t.result, 200)}`);
    if (t.error)
        lines.push(`  error    ${t.error.kind ? `[${t.error.kind}] ` : ''}${t.error.message}`);
    return lines.join('\n');
}
/** An event's detail for the table: the why of a failure or skip in words, anything else as JSON. */
function eventDetail(detail) {
    const err = detail?.error;
    if (err && typeof err.message === 'string')
        return short(`${typeof err.kind === 'string' ? `[${err.kind}] ` : ''}${err.message.split('\n')[0]}`, 160);
    return short(detail, 80);
}
function eventRow(e, withTask) {
    return [...(withTask ? [e.taskId] : []), iso(e.at), e.type, String(e.attempt), e.workerId ?? '', eventDetail(e.detail)];
}
const TASK_HEADER = ['id', 'name', 'queue', 'state', 'attempt', 'created', 'result / error'];
function taskRow(t) {
    return [t.id, displayName(t), t.queue, t.state, `${t.attempt}/${t.maxAttempts}`, iso(t.createdAt), t.error ? `error: ${short(t.error.message)}` : short(t.result)];
}
export function registerInspect(program) {
    program
        .command('status <id>')
        .description('show one task, or a workflow run (run-…) as a graph of its tasks')
        .option('--json', 'print as JSON')
        .action(async (id, o, cmd) => {
        await withTaskframe(cmd, async (tf) => {
            if (id.startsWith('run-')) {
                const { run, tasks } = await tf.engine.runs.withTasks(id);
                return o.json ? printJson({ run: runJson(run), tasks: tasks.filter((t) => !isBookkeeping(t)).map(taskJson) }) : printLine(renderRun(run, tasks, { now: tf.engine.clock.now() }).join('\n'));
            }
            const t = await tf.get(id);
            if (o.json)
                printJson(taskJson(t));
            else
                printLine(renderTask(t));
        });
    });
    program
        .command('ls')
        .description('list tasks, newest first: a page of them, and how many more there are')
        .option('--state <states>', 'only these states, comma-separated')
        .option('--queue <queue>', 'only this queue')
        .option('--name <name>', 'only tasks with this name')
        .option('--limit <n>', 'tasks per page (1..10000)', '50')
        .option('--cursor <cursor>', 'the page after the one that printed this cursor')
        .option('--all', 'every matching task, however many (with --json: one JSON object per line)')
        .option('--json', 'print as JSON: {"tasks": [...], "nextCursor": ..., "scanned": null, "partial": false} as GET /v1/tasks does')
        .action(async (o, cmd) => {
        const limit = parseIntOption(o.limit, '--limit');
        if (limit < 1 || limit > 10_000)
            throw new ValidationError('--limit', 'must be between 1 and 10000');
        if (o.all && o.cursor !== undefined)
            throw new ValidationError('--all', 'cannot be combined with --cursor');
        // A workflow's bookkeeping tasks are not listed, unless asked for by name.
        const shown = (tasks) => (o.name !== undefined ? tasks : tasks.filter((t) => !isBookkeeping(t)));
        const filter = { ...(o.state ? { states: parseStates(o.state) } : {}), ...(o.queue !== undefined ? { queue: o.queue } : {}), ...(o.name !== undefined ? { name: o.name } : {}) };
        await withTaskframe(cmd, async (tf) => {
            if (o.all) {
                const out = new StreamTable(TASK_HEADER, printLine);
                let n = 0;
                for await (const all of allTasks(tf, filter)) {
                    const page = shown(all);
                    if (o.json)
                        for (const t of page)
                            printLine(JSON.stringify(taskJson(t)));
                    else
                        out.rows(page.map(taskRow));
                    n += page.length;
                }
                if (!o.json && n === 0)
                    printLine('(no tasks)');
                return;
            }
            const page = await taskPage(tf, filter, limit, o.cursor);
            const items = shown(page.items);
            if (o.json)
                return printJson({ tasks: items.map(taskJson), nextCursor: page.next, scanned: null, partial: false });
            printLine(table([TASK_HEADER, ...items.map(taskRow)]));
            if (items.length === 0)
                printLine('(no tasks)');
            if (page.next) {
                // The store keeps counts per queue and state; with a name filter (or past the first page) only "more" is known.
                const total = o.cursor === undefined ? await countTasks(tf, filter) : null;
                const more = total !== null && total > page.items.length ? `${total - page.items.length} more tasks` : 'More tasks';
                printLine(`${more} not shown. Next page: --cursor ${page.next}; every one: --all (or --limit up to 10000).`);
            }
        });
    });
    program
        .command('audit <idOrName>')
        .description('every event of a task (by id), of a workflow run (run-…), or of the latest tasks with a name, oldest first')
        .option('--limit <n>', 'with a name: how many of the latest tasks', '100')
        .option('--json', 'print as JSON (an array of events, as GET /v1/tasks/:id/events)')
        .action(async (idOrName, o, cmd) => {
        await withTaskframe(cmd, async (tf) => {
            let ids;
            let notice = null;
            if (/^\d+$/.test(idOrName)) {
                ids = [(await tf.get(idOrName)).id];
            }
            else if (idOrName.startsWith('run-')) {
                // A workflow run: every task of it, subtasks included.
                ids = (await tf.engine.runs.withTasks(idOrName)).tasks.filter((t) => !isBookkeeping(t)).map((t) => t.id);
            }
            else {
                const limit = parseIntOption(o.limit, '--limit');
                if (limit < 1)
                    throw new ValidationError('--limit', 'must be at least 1');
                const tasks = await tf.engine.list({ name: idOrName, limit: limit + 1 });
                if (tasks.length === 0)
                    throw new ValidationError('idOrName', `no task with id or name "${idOrName}"`);
                if (tasks.length > limit)
                    notice = `Only the latest ${limit} tasks named ${idOrName} are shown; there are more: raise --limit.`;
                ids = tasks.slice(0, limit).map((t) => t.id);
            }
            // Read page by page to the end: a run of any size is shown whole.
            const out = new StreamTable([...(ids.length > 1 ? ['task'] : []), 'at', 'event', 'attempt', 'worker', 'detail'], printLine);
            let n = 0;
            if (o.json)
                process.stdout.write('[');
            for await (const page of allEvents(tf, ids)) {
                if (o.json)
                    process.stdout.write(page.map((e, i) => `${n + i === 0 ? '' : ','}\n  ${JSON.stringify(eventJson(e))}`).join(''));
                else
                    out.rows(page.map((e) => eventRow(e, ids.length > 1)));
                n += page.length;
            }
            if (o.json)
                process.stdout.write(n ? '\n]\n' : ']\n');
            else if (n === 0)
                printLine('(no events)');
            if (notice)
                (o.json ? process.stderr : process.stdout).write(`${notice}\n`);
        });
    });
}
//# sourceMappingURL=inspect.js.map