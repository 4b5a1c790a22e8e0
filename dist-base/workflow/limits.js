/**
 * Flow control declared in a workflow file (docs/flow-control.md): a top-level `limits:` list of
 * rules (scope `queue` and/or `name`, `key`, `rate`, `concurrency`, optional `id`), and a step's
 * own `limit:` ({rate, concurrency, key}) scoped to the step's task name (its handler or unit).
 * Every problem is reported at its file:line:column with the workflow's other problems, so a bad
 * rule means no run and no rule written. Rule ids start with `workflow:<name>:` (an `id:` given
 * is put under it too): the workflow owns them, and submitting it applies them (an unchanged rule is not written again; one the
 * file no longer declares is removed).
 */
import { isMap, isScalar, isSeq } from 'yaml';
import { ValidationError } from '../model/errors.js';
import { defaultLimitId, parseFlowKey, parseRate, validateLimit } from '../model/flow.js';
import { INTERNAL } from './format.js';
export const LIMIT_KEYS = ['id', 'queue', 'name', 'key', 'rate', 'concurrency'];
export const STEP_LIMIT_KEYS = ['rate', 'concurrency', 'key'];
const MAX_CONCURRENCY = 1_000_000;
export const ownerPrefix = (workflow) => `workflow:${workflow}:`;
export function parseLimits(top, steps, workflow, bad, at) {
    const out = [];
    const nodes = [];
    const prefix = ownerPrefix(workflow);
    if (top !== undefined && top !== null) {
        if (!isSeq(top))
            bad(top, '`limits` must be a list of rules, each {queue and/or name, rate and/or concurrency, key, id}');
        else {
            top.items.forEach((item, i) => {
                const n = item;
                if (!isMap(n))
                    return bad(n, `\`limits[${i}]\` must be a mapping {queue and/or name, rate and/or concurrency, key, id}`);
                const spec = fields(n, LIMIT_KEYS, `limits[${i}]`, bad);
                if (!spec)
                    return;
                // Always under the workflow's prefix: a file can replace or remove only its own rules.
                spec.id = `${prefix}${spec.id ?? defaultLimitId({ queue: spec.queue ?? null, name: spec.name ?? null, key: spec.key ?? null })}`.slice(0, 200);
                if (whole(spec, n, `limits[${i}]`, bad)) {
                    out.push({ spec, at: at(n) });
                    nodes.push(n);
                }
            });
        }
    }
    for (const s of steps) {
        if (!isMap(s.node)) {
            bad(s.node, `\`limit\` of task "${s.step}" must be a mapping {rate, concurrency, key}`);
            continue;
        }
        if (s.kind === 'command' || s.name === INTERNAL.command) {
            bad(s.keyNode, `task "${s.step}" is a command: its tasks share the name ${INTERNAL.command} with every command step, so a \`limit\` here would hold them all; give it its own \`queue\` and a rule on that queue in the top-level \`limits:\``);
            continue;
        }
        const spec = fields(s.node, STEP_LIMIT_KEYS, `tasks.${s.step}.limit`, bad);
        if (!spec)
            continue;
        const full = { id: `${prefix}step=${s.step}`.slice(0, 200), name: s.name, ...spec };
        if (whole(full, s.node, `tasks.${s.step}.limit`, bad)) {
            out.push({ spec: full, at: at(s.node) });
            nodes.push(s.node);
        }
    }
    const seen = new Map();
    for (const [i, l] of out.entries()) {
        const first = seen.get(l.spec.id);
        if (first)
            bad(nodes[i], `two limits with id "${l.spec.id}" (first at ${first})`);
        else
            seen.set(l.spec.id, l.at);
    }
    return out;
}
/** Each field checked at its own node; null when one is bad (already reported). */
function fields(n, allowed, what, bad) {
    const spec = {};
    let ok = true;
    const no = (x, m) => {
        ok = false;
        bad(x, m);
    };
    for (const p of n.items) {
        const k = isScalar(p.key) ? String(p.key.value) : '';
        const v = p.value;
        if (!allowed.includes(k)) {
            no(p.key, `unknown key "${k}" in \`${what}\` (known: ${allowed.join(', ')})`);
            continue;
        }
        if (k in spec) {
            no(p.key, `"${k}" is given twice`);
            continue;
        }
        const value = isScalar(v) ? v.value : undefined;
        try {
            if (k === 'concurrency') {
                if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_CONCURRENCY) {
                    throw new ValidationError(`${what}.concurrency`, `must be a whole number from 1 to ${MAX_CONCURRENCY} (tasks running at once per key); got ${JSON.stringify(v?.toJSON?.() ?? null)}`);
                }
            }
            else if (typeof value !== 'string')
                throw new ValidationError(`${what}.${k}`, 'must be a string');
            if (k === 'rate')
                parseRate(value, `${what}.rate`);
            if (k === 'key')
                parseFlowKey(value, `${what}.key`);
            spec[k] = value;
        }
        catch (err) {
            if (!(err instanceof ValidationError))
                throw err;
            no(v ?? p.key, err.message);
        }
    }
    return ok ? spec : null;
}
/** What only the whole rule can say (a scope, a rate or a concurrency, a good id and names). */
function whole(spec, n, what, bad) {
    try {
        validateLimit(spec, 0, what);
        return true;
    }
    catch (err) {
        if (!(err instanceof ValidationError))
            throw err;
        bad(n, err.message);
        return false;
    }
}
/**
 * Applies a workflow's rules (called on each submit, before the run's tasks are inserted): the
 * queues its steps use count as known, so a rule may name one before any task went there.
 * Errors (a queue nobody knows) name the rule's file:line:column; nothing is written then.
 */
export async function applyWorkflowLimits(engine, wf) {
    const limits = wf.limits ?? [];
    if (limits.length > 0)
        engine.flow.declareQueues([...new Set([...wf.tasks, ...(wf.onFailure ? [wf.onFailure] : [])].map((t) => t.queue))]);
    const prefix = ownerPrefix(wf.name);
    await engine.flow.applyLimits(limits.map((l) => ({ spec: l.spec, where: l.at })), { actor: `workflow:${wf.name}`, owns: (id) => id.startsWith(prefix) });
}
//# sourceMappingURL=limits.js.map