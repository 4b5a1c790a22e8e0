import fs from 'node:fs';
import { ValidationError } from '../../model/errors.js';
import { withTaskframe } from '../context.js';
import { parseIntOption, parseJsonOption } from '../parse.js';
import { taskJson } from '../../model/json.js';
import { printJson, printLine } from '../output.js';
/** The model's field names for debounce/throttle, as this command's flags. */
const COLLAPSE_FLAGS = {
    'task.debounce.key': '--debounce-key',
    'task.debounce.window': '--debounce-window',
    'task.debounce.maxWait': '--debounce-max-wait',
    'task.debounce.keep': '--keep',
    'task.throttle.key': '--throttle-key',
    'task.throttle.window': '--throttle-window',
    'task.throttle.keep': '--keep',
    'task.debounce': '--debounce-key',
    'task.throttle': '--throttle-key',
};
/** --debounce-* / --throttle-* / --keep as the spec's debounce or throttle; a flag without its group is an error. */
function collapseOptions(o) {
    const debounce = o.debounceKey !== undefined || o.debounceWindow !== undefined || o.debounceMaxWait !== undefined;
    const throttle = o.throttleKey !== undefined || o.throttleWindow !== undefined;
    if (debounce && throttle)
        throw new ValidationError('--throttle-key', 'give --debounce-* or --throttle-* options, not both');
    if (!debounce && !throttle) {
        if (o.keep !== undefined)
            throw new ValidationError('--keep', 'needs --debounce-key or --throttle-key');
        return {};
    }
    const keep = o.keep === undefined ? {} : { keep: o.keep };
    if (debounce) {
        return { debounce: { key: o.debounceKey, window: o.debounceWindow, ...keep, ...(o.debounceMaxWait !== undefined ? { maxWait: o.debounceMaxWait } : {}) } };
    }
    return { throttle: { key: o.throttleKey, window: o.throttleWindow, ...keep } };
}
/** A model error about debounce/throttle, named by the flag that set the field. */
function asFlagError(err) {
    if (!(err instanceof ValidationError))
        return err;
    const field = err.field.replace(/^tasks\[\d+\]/, 'task');
    const flag = COLLAPSE_FLAGS[field];
    if (!flag)
        return err;
    // A missing key or window reads "<field> is required"; name the flag instead.
    return new ValidationError(flag, err.message.slice(err.field.length + 2) || err.message, { ...err.context, field: flag });
}
/** Reads one payload per line; blank lines are skipped; a bad line names its number. */
function readJsonl(file) {
    let text;
    try {
        text = fs.readFileSync(file, 'utf8');
    }
    catch (err) {
        throw new ValidationError('--from', `cannot read ${file}: ${err.message}`);
    }
    const out = [];
    text.split('\n').forEach((line, i) => {
        if (line.trim() === '')
            return;
        try {
            out.push(JSON.parse(line));
        }
        catch (err) {
            throw new ValidationError('--from', `${file}:${i + 1}: not JSON: ${err.message}`);
        }
    });
    return out;
}
export function registerEnqueue(program) {
    program
        .command('enqueue <name>')
        .description('enqueue a task (or one per line of a JSONL file) and print its id')
        .option('--payload <json>', 'the task payload, as JSON')
        .option('--queue <queue>', 'queue name (default "default")')
        .option('--priority <n>', 'higher runs first, -1000..1000 (default 0)')
        .option('--delay <duration>', 'do not run before this long from now (e.g. 5s, 2m)')
        .option('--max-attempts <n>', 'attempts before the task fails for good (default 3)')
        .option('--key <key>', 'idempotency key: a live task with this key in the queue is returned instead')
        .option('--timeout <duration>', 'abort an attempt after this long')
        .option('--debounce-key <key>', 'debounce: enqueues with this key (per queue) collapse into one task, run after a quiet period')
        .option('--debounce-window <duration>', 'debounce: the quiet period (e.g. 5s); the task runs this long after the last enqueue')
        .option('--debounce-max-wait <duration>', 'debounce: run at most this long after the first enqueue, however many follow')
        .option('--throttle-key <key>', 'throttle: at most one task per window for this key (per queue); later enqueues return it')
        .option('--throttle-window <duration>', 'throttle: the window (e.g. 1m)')
        .option('--keep <first|last>', 'debounce/throttle: whose payload the task keeps (debounce default last, throttle first)')
        .option('--from <file.jsonl>', 'enqueue one task per line (each line a payload), in one transaction')
        .option('--json', 'print the task(s) as JSON')
        .action(async (name, o, cmd) => {
        const base = { name };
        if (o.queue !== undefined)
            base.queue = o.queue;
        if (o.priority !== undefined)
            base.priority = parseIntOption(o.priority, '--priority');
        if (o.delay !== undefined)
            base.delay = o.delay;
        if (o.maxAttempts !== undefined)
            base.maxAttempts = parseIntOption(o.maxAttempts, '--max-attempts');
        if (o.timeout !== undefined)
            base.timeout = o.timeout;
        Object.assign(base, collapseOptions(o));
        if (o.from !== undefined) {
            if (o.payload !== undefined || o.key !== undefined)
                throw new ValidationError('--from', 'cannot be combined with --payload or --key');
            const payloads = readJsonl(o.from);
            await withTaskframe(cmd, async (tf) => {
                const results = await tf.engine.enqueueManyResults(payloads.map((payload) => ({ ...base, payload }))).catch((err) => {
                    throw asFlagError(err);
                });
                const tasks = results.map((r) => r.task);
                if (o.json)
                    printJson({ count: tasks.length, ids: tasks.map((t) => t.id) });
                else
                    printLine(String(tasks.length));
            });
            return;
        }
        const spec = { ...base, payload: o.payload === undefined ? null : parseJsonOption(o.payload, '--payload') };
        if (o.key !== undefined)
            spec.key = o.key;
        await withTaskframe(cmd, async (tf) => {
            const { task, created, collapsed } = await tf.engine.enqueueOne(spec).catch((err) => {
                throw asFlagError(err);
            });
            if (o.json)
                printJson({ ...taskJson(task), created, ...(collapsed ? { collapsed: true } : {}) });
            else
                printLine(task.id);
        });
    });
}
//# sourceMappingURL=enqueue.js.map