/**
 * `taskframe retry` and `cancel` on many tasks: those matching --queue/--name/--state, every one
 * (--all) or the newest N (--limit), each acted on as alone (engine.bulk, as POST
 * /v1/tasks/bulk/*), a thousand at a time until none match or the limit is reached.
 */
import { BULK_MAX } from '../engine/bulk.js';
import { ValidationError } from '../model/errors.js';
import { FINISHED_STATES, LIVE_STATES } from '../model/state.js';
import { EXIT, printJson, printLine } from './output.js';
import { parseIntOption, parseStates } from './parse.js';
/** The states an action applies to when --state is not given: the ones it can change. */
const DEFAULT_STATES = {
    retry: FINISHED_STATES.filter((s) => s !== 'succeeded'),
    cancel: LIVE_STATES,
};
export function hasBulkSelection(o) {
    return o.all !== undefined || o.limit !== undefined || o.queue !== undefined || o.name !== undefined || o.state !== undefined;
}
/** Checks the options before anything is read or changed; returns the filter and how many at most. */
export function bulkSelection(action, o) {
    if (o.queue === undefined && o.name === undefined && o.state === undefined) {
        throw new ValidationError('--queue', `without a task id, select the tasks to ${action} with --queue, --name and/or --state`);
    }
    if ((o.all === true) === (o.limit !== undefined)) {
        throw new ValidationError('--all', `say how many to ${action}: --all for every matching task, or --limit N for the newest N (not both)`);
    }
    let max = Number.POSITIVE_INFINITY;
    if (o.limit !== undefined) {
        max = parseIntOption(o.limit, '--limit');
        if (max < 1)
            throw new ValidationError('--limit', `must be at least 1, got ${max}`);
    }
    const filter = {
        states: o.state !== undefined ? parseStates(o.state) : [...DEFAULT_STATES[action]],
        ...(o.queue !== undefined ? { queue: o.queue } : {}),
        ...(o.name !== undefined ? { name: o.name } : {}),
    };
    return { filter, max };
}
/**
 * Acts page by page. A refused task still matches the filter, so a page that acts on nothing
 * new ends the loop (it would otherwise be offered the same refusals forever).
 */
export async function runBulk(tf, action, sel, reason, json) {
    const results = [];
    const seen = new Set();
    for (;;) {
        const limit = Math.min(BULK_MAX, sel.max - results.length);
        if (limit <= 0)
            break;
        const r = action === 'retry' ? await tf.engine.bulk.retry({ filter: sel.filter, limit }) : await tf.engine.bulk.cancel({ filter: sel.filter, limit }, reason);
        const fresh = r.results.filter((x) => !seen.has(x.id));
        for (const x of fresh)
            seen.add(x.id);
        results.push(...fresh);
        if (!r.more || !fresh.some((x) => x.ok))
            break;
    }
    const refused = results.filter((x) => !x.ok);
    const done = results.length - refused.length;
    if (json)
        printJson({ succeeded: done, failed: refused.length, results });
    else {
        for (const x of refused)
            printLine(`task ${x.id}: not ${action === 'retry' ? 'retried' : 'cancelled'} (${x.code}: ${x.message})`);
        const verb = action === 'retry' ? 'retried (pending again)' : 'cancelled';
        printLine(`${done.toLocaleString('en-US')} task${done === 1 ? '' : 's'} ${verb}${refused.length ? `, ${refused.length.toLocaleString('en-US')} refused` : ''}${results.length === 0 ? ' (none matched)' : ''}`);
    }
    if (refused.length > 0)
        process.exitCode = EXIT.failed;
}
//# sourceMappingURL=bulk.js.map