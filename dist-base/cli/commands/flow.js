import { ValidationError } from '../../model/errors.js';
import { flowLimitJson } from '../../model/flow.js';
import { withTaskframe } from '../context.js';
import { printJson, printLine, table } from '../output.js';
/** --concurrency as a whole number; the engine checks the range and names the field. */
function concurrencyOf(v) {
    if (v === undefined)
        return undefined;
    if (!/^-?[0-9]+$/.test(v.trim()))
        throw new ValidationError('--concurrency', `must be a whole number ≥ 1; got ${JSON.stringify(v)}`);
    return Number(v);
}
/** Exactly one of --name, --run, --schedule, --queue. */
function targetOf(o) {
    const given = ['name', 'run', 'schedule', 'queue'].filter((k) => o[k] !== undefined);
    if (given.length !== 1)
        throw new ValidationError(given.length ? `--${given[1]}` : '--name', 'give exactly one of --name, --run, --schedule, --queue');
    const k = given[0];
    return { [k]: o[k] };
}
export function registerFlow(program) {
    const limit = program.command('limit').description('limits enforced when tasks are claimed: a rate and/or a concurrency, per key');
    limit
        .command('set')
        .description('create or replace a limit rule (same id, or same queue/name/key: replaced)')
        .option('--queue <queue>', 'tasks of this queue')
        .option('--name <name>', 'tasks of this name')
        .option('--key <expr>', 'a bucket per value of payload.<field path> or tag:<prefix>')
        .option('--rate <N/period>', 'at most N claims per period, e.g. 100/1s, 5000/1m')
        .option('--concurrency <K>', 'at most K running at once per bucket')
        .option('--id <id>', 'name the rule (default: from queue, name and key)')
        .option('--json', 'print the rule as JSON')
        .action(async (o, cmd) => {
        await withTaskframe(cmd, async (tf) => {
            const spec = {};
            if (o.queue !== undefined)
                spec.queue = o.queue;
            if (o.name !== undefined)
                spec.name = o.name;
            if (o.key !== undefined)
                spec.key = o.key;
            if (o.rate !== undefined)
                spec.rate = o.rate;
            const k = concurrencyOf(o.concurrency);
            if (k !== undefined)
                spec.concurrency = k;
            if (o.id !== undefined)
                spec.id = o.id;
            const l = await tf.engine.flow.setLimit(spec, { actor: 'cli' });
            if (o.json)
                printJson(flowLimitJson(l));
            else
                printLine(`limit ${l.id} set`);
        });
    });
    limit
        .command('rm <id>')
        .description('remove a limit rule')
        .action(async (id, _o, cmd) => {
        await withTaskframe(cmd, async (tf) => {
            await tf.engine.flow.removeLimit(id, { actor: 'cli' });
            printLine(`limit ${id} removed`);
        });
    });
    limit
        .command('ls')
        .description('list limit rules')
        .option('--json', 'print as JSON')
        .action(async (o, cmd) => {
        await withTaskframe(cmd, async (tf) => {
            const limits = (await tf.engine.flow.listLimits()).map(flowLimitJson);
            if (o.json)
                return printJson({ limits });
            if (limits.length === 0)
                return printLine('no limits');
            printLine(table([['ID', 'QUEUE', 'NAME', 'KEY', 'RATE', 'CONCURRENCY'], ...limits.map((l) => [l.id, l.queue ?? '*', l.name ?? '*', l.key ?? '-', l.rate ?? '-', l.concurrency === null ? '-' : String(l.concurrency)])]));
        });
    });
    limit
        .command('usage')
        .description('buckets in use: running per key, claims in the last rate period (windows slide)')
        .option('--json', 'print as JSON')
        .action(async (o, cmd) => {
        await withTaskframe(cmd, async (tf) => {
            const usage = await tf.engine.flow.usage();
            if (o.json)
                return printJson({ usage: usage.map((u) => ({ ...u, windowStart: u.windowStart === null ? null : new Date(u.windowStart).toISOString() })) });
            if (usage.length === 0)
                return printLine('no bucket in use');
            printLine(table([['LIMIT', 'KEY', 'RUNNING', 'WINDOW CLAIMS'], ...usage.map((u) => [u.limitId, u.key === '' ? '(none)' : u.key, String(u.running), String(u.windowClaims)])]));
        });
    });
    for (const action of ['pause', 'resume']) {
        program
            .command(action)
            .description(action === 'pause'
            ? 'pause a task name, a run, a schedule or a queue: no claim starts one of its tasks; running ones finish'
            : 'resume a paused task name, run, schedule or queue')
            .option('--name <name>', 'a task name')
            .option('--run <id>', 'a workflow run')
            .option('--schedule <workflow>', 'a scheduled workflow')
            .option('--queue <queue>', 'a queue')
            .action(async (o, cmd) => {
            await withTaskframe(cmd, async (tf) => {
                const target = targetOf(o);
                const changed = await (action === 'pause' ? tf.engine.flow.pause(target, { actor: 'cli' }) : tf.engine.flow.resume(target, { actor: 'cli' }));
                const [kind, value] = Object.entries(target)[0];
                printLine(`${kind} ${value} ${changed ? `${action}d` : `was already ${action === 'pause' ? 'paused' : 'running'}`}`);
            });
        });
    }
    program
        .command('flow')
        .description('flow control: what is paused, and the audit of changes to limits and pauses')
        .argument('[what]', 'paused | audit', 'paused')
        .option('--limit <n>', 'audit entries to show', '50')
        .option('--json', 'print as JSON')
        .action(async (what, o, cmd) => {
        await withTaskframe(cmd, async (tf) => {
            if (what === 'paused') {
                const p = await tf.engine.flow.paused();
                if (o.json)
                    return printJson(p);
                for (const [k, list] of Object.entries(p))
                    printLine(`${k}: ${list.length ? list.join(', ') : '-'}`);
                return;
            }
            if (what !== 'audit')
                throw new ValidationError('what', `must be paused or audit; got ${JSON.stringify(what)}`);
            const n = Number(o.limit);
            const entries = await tf.engine.flow.audit({ limit: n });
            if (o.json)
                return printJson({ entries: entries.map((e) => ({ ...e, at: new Date(e.at).toISOString() })) });
            printLine(table([['AT', 'ACTION', 'KIND', 'TARGET', 'BY'], ...entries.map((e) => [new Date(e.at).toISOString(), e.action, e.kind, e.target, e.actor ?? '-'])]));
        });
    });
}
//# sourceMappingURL=flow.js.map