import { ValidationError } from '../../model/errors.js';
import { RUN_STATES, isRunState } from '../../model/run.js';
import { isBookkeeping } from '../../model/step.js';
import { renderRun } from '../../workflow/render.js';
import { withTaskframe } from '../context.js';
import { iso, runJson, taskJson } from '../../model/json.js';
import { printJson, printLine, table } from '../output.js';
import { runPage, StreamTable } from '../paging.js';
import { parseIntOption } from '../parse.js';
export function registerRuns(program) {
    program
        .command('runs')
        .description('list workflow runs, or show one run as a graph of its tasks (RUN); --cancel cancels it as a whole')
        .argument('[run]', 'a run id')
        .option('--name <workflow>', 'only runs of this workflow')
        .option('--state <state>', `only runs in this state (${RUN_STATES.join(', ')})`)
        .option('-n, --limit <n>', 'runs per page (1..10000)', '20')
        .option('--cursor <cursor>', 'the page after the one that printed this cursor')
        .option('--all', 'every matching run (with --json: one JSON object per line)')
        .option('--cancel', 'cancel the run and every live task in it')
        .option('--json', 'print JSON (the list: {"runs": [...], "nextCursor": ...})')
        .action(async (runId, opts, cmd) => {
        if (opts.state && !isRunState(opts.state))
            throw new ValidationError('--state', `must be one of ${RUN_STATES.join(', ')}`);
        if (opts.cancel && !runId)
            throw new ValidationError('--cancel', 'name the run to cancel');
        const limit = parseIntOption(opts.limit, '--limit');
        if (limit < 1 || limit > 10_000)
            throw new ValidationError('--limit', 'must be between 1 and 10000');
        if (opts.all && opts.cursor !== undefined)
            throw new ValidationError('--all', 'cannot be combined with --cursor');
        await withTaskframe(cmd, async (tf) => {
            if (!runId) {
                const filter = { ...(opts.name ? { name: opts.name } : {}), ...(opts.state && isRunState(opts.state) ? { states: [opts.state] } : {}) };
                const header = ['RUN', 'WORKFLOW', 'STATE', 'CREATED', 'FINISHED'];
                const row = (r) => [r.id, r.name, r.state, iso(r.createdAt) ?? '', iso(r.finishedAt) ?? ''];
                if (opts.all) {
                    const out = new StreamTable(header, printLine);
                    let n = 0;
                    let cursor;
                    do {
                        const page = await runPage(tf, filter, 1000, cursor);
                        if (opts.json)
                            for (const r of page.items)
                                printLine(JSON.stringify(runJson(r)));
                        else if (page.items.length)
                            out.rows(page.items.map(row));
                        n += page.items.length;
                        cursor = page.next ?? undefined;
                    } while (cursor);
                    if (!opts.json && n === 0)
                        printLine('no runs');
                    return;
                }
                const page = await runPage(tf, filter, limit, opts.cursor);
                if (opts.json)
                    return printJson({ runs: page.items.map(runJson), nextCursor: page.next, scanned: null, partial: false });
                if (page.items.length === 0)
                    return printLine('no runs');
                printLine(table([header, ...page.items.map(row)]));
                if (page.next)
                    printLine(`More runs not shown. Next page: --cursor ${page.next}; every one: --all (or --limit up to 10000).`);
                return;
            }
            if (opts.cancel)
                await tf.engine.runs.cancel(runId);
            const { run, tasks } = await tf.engine.runs.withTasks(runId);
            if (opts.json)
                return printJson({ run: runJson(run), tasks: tasks.filter((t) => !isBookkeeping(t)).map(taskJson) });
            printLine(renderRun(run, tasks, { now: tf.engine.clock.now() }).join('\n'));
        });
    });
}
//# sourceMappingURL=runs.js.map