import { ValidationError } from '../model/errors.js';
import { LIMITS } from '../model/spec.js';
import { ENVELOPE_MARK } from '../model/step.js';
import { topoOrder } from './dag.js';
import { ExprError, evalExpr, parseCondition, renderValue, truthy } from './expr.js';
import { INTERNAL } from './format.js';
export function staticScope(wf, runId, inputs) {
    return { inputs, run: { id: runId }, workflow: { name: wf.name } };
}
export function buildGraph(wf, runId, inputs) {
    const nodes = [];
    const indexesOf = new Map();
    const scope = staticScope(wf, runId, inputs);
    const byId = new Map(wf.tasks.map((t) => [t.id, t]));
    for (const id of topoOrder(wf.tasks)) {
        const t = byId.get(id);
        const deps = t.needs.flatMap((n) => indexesOf.get(n));
        const mine = [];
        const dynamic = t.foreach !== undefined && t.readsNeeds && typeof t.foreach === 'string' && foreachReadsNeeds(t.foreach);
        if (t.foreach !== undefined && !dynamic) {
            const list = evalForeach(t, scope);
            list.forEach((item, i) => {
                const itemScope = { ...scope, item, index: i };
                const lane = t.concurrency !== null && i >= t.concurrency ? [mine[i - t.concurrency]] : [];
                mine.push(nodes.length);
                nodes.push({ spec: taskSpec(runId, t, envelopeFor(wf, runId, t, itemScope, { item, index: i })), after: [...deps, ...lane] });
            });
        }
        else if (dynamic) {
            mine.push(nodes.length);
            nodes.push({ spec: foreachSpec(wf, runId, t, scope), after: deps });
        }
        else {
            mine.push(nodes.length);
            nodes.push({ spec: taskSpec(runId, t, envelopeFor(wf, runId, t, scope, {})), after: deps });
        }
        indexesOf.set(id, mine);
    }
    const userNodes = uncovered(nodes);
    const everyUserNode = nodes.map((_, i) => i);
    const machinery = [];
    if (wf.failure === 'fail_fast' || wf.onFailure) {
        machinery.push(nodes.length);
        const onFailure = wf.onFailure ? envelopeFor(wf, runId, wf.onFailure, scope, {}) : null;
        // Under continue the run has failed only once everything has ended: the uncovered tasks
        // may all be done (skipped behind a failure) while a covered sibling still runs.
        const afterAll = wf.failure === 'continue';
        nodes.push({
            spec: {
                name: INTERNAL.onFailure,
                payload: base(wf, runId, 'on_failure', { kind: 'on_failure', policy: wf.failure, onFailure, at: wf.onFailure?.at ?? wf.tasks[0].at }),
                runId,
                triggerRule: afterAll ? 'all_done' : 'any_failed',
                maxAttempts: wf.onFailure?.maxAttempts ?? 3,
                ...(wf.onFailure?.timeoutMs ? { timeout: wf.onFailure.timeoutMs } : {}),
                queue: wf.onFailure?.queue ?? wf.tasks[0].queue,
            },
            after: afterAll ? everyUserNode : userNodes,
        });
    }
    nodes.push({
        spec: {
            name: INTERNAL.finish,
            payload: base(wf, runId, 'finish', { kind: 'finish', outputs: wf.outputs, at: wf.tasks[0].at }),
            runId,
            triggerRule: 'all_done',
            // It may wait (RetryLater) for covered tasks still running; see finishRun.
            maxAttempts: LIMITS.maxAttemptsMax,
            backoff: { kind: 'fixed', baseMs: 200, capMs: 200, jitter: 0 },
            queue: wf.tasks[0].queue,
        },
        after: [...userNodes, ...machinery],
    });
    return nodes;
}
/** Indexes of nodes no node depends on with trigger rule all_success. */
function uncovered(nodes) {
    const covered = new Set();
    for (const n of nodes)
        if ((n.spec.triggerRule ?? 'all_success') === 'all_success')
            for (const k of n.after ?? [])
                covered.add(k);
    return nodes.map((_, i) => i).filter((i) => !covered.has(i));
}
function base(wf, runId, task, rest) {
    return { [ENVELOPE_MARK]: 1, run: runId, workflow: wf.name, task, payload: null, needs: [], readsNeeds: false, at: '', ...rest };
}
function foreachReadsNeeds(text) {
    return /\bneeds\b/.test(text);
}
function evalForeach(t, scope) {
    let list;
    if (Array.isArray(t.foreach))
        list = renderValue(t.foreach, scope);
    else {
        try {
            list = evalExpr(parseCondition(t.foreach).expr, scope);
        }
        catch (err) {
            if (err instanceof ExprError)
                throw new ValidationError(t.foreachAt, `foreach: ${err.message}`);
            throw err;
        }
    }
    if (!Array.isArray(list))
        throw new ValidationError(t.foreachAt, `\`foreach\` of task "${t.id}" must give a list, got ${describe(list)}`);
    return list;
}
export function describe(v) {
    if (v === null || v === undefined)
        return 'null';
    if (Array.isArray(v))
        return 'a list';
    if (typeof v === 'object')
        return 'an object';
    return `${typeof v} ${JSON.stringify(v).slice(0, 60)}`;
}
/**
 * The envelope of one task. Templates that read no upstream result are rendered now; the rest
 * are kept for the worker, with the static part of the scope (item, index) stored beside them.
 */
export function envelopeFor(wf, runId, t, scope, extra) {
    const render = (v) => (t.readsNeeds ? v : renderAt(t, v, scope));
    let cond;
    if (t.if !== undefined) {
        if (t.if === 'true' || t.if === 'false')
            cond = t.if === 'true';
        else if (t.readsNeeds && /\bneeds\b/.test(t.if))
            cond = t.if;
        else {
            try {
                cond = truthy(evalExpr(parseCondition(t.if).expr, scope));
            }
            catch (err) {
                if (err instanceof ExprError)
                    throw new ValidationError(t.ifAt, `if: ${err.message}`);
                throw err;
            }
        }
    }
    return {
        [ENVELOPE_MARK]: 1,
        run: runId,
        workflow: wf.name,
        task: t.id,
        kind: t.kind,
        payload: render(t.payload),
        ...(t.kind !== 'command' ? { handler: t.name } : {}),
        ...(t.command !== undefined ? { command: render(t.command), cwd: wf.dir } : {}),
        ...(Object.keys(t.env).length ? { env: render(t.env) } : {}),
        ...(cond !== undefined ? { if: cond } : {}),
        // Kept small: a wide level stores and reads this once per task.
        ...(t.readsNeeds ? { needs: t.needs, readsNeeds: true } : {}),
        ...(extra.index !== undefined ? { index: extra.index, item: extra.item ?? null } : {}),
        at: t.at,
        ...(t.ifAt ? { ifAt: t.ifAt } : {}),
    };
}
function renderAt(t, v, scope) {
    try {
        return renderValue(v, scope);
    }
    catch (err) {
        if (err instanceof ExprError)
            throw new ValidationError(t.at, `task "${t.id}": ${err.message}`);
        throw err;
    }
}
export function taskSpec(runId, t, env) {
    return {
        name: t.name,
        payload: env,
        runId,
        queue: t.queue,
        priority: t.priority,
        maxAttempts: t.maxAttempts,
        ...(t.backoff ? { backoff: t.backoff } : {}),
        ...(t.timeoutMs ? { timeout: t.timeoutMs } : {}),
        triggerRule: t.triggerRule,
    };
}
function foreachSpec(wf, runId, t, scope) {
    // Item templates stay unrendered: the fan-out task renders them once the list is known.
    const itemEnvelope = envelopeFor(wf, runId, { ...t, readsNeeds: true }, scope, {});
    const env = {
        ...itemEnvelope,
        kind: 'foreach',
        foreach: t.foreach,
        itemKind: t.kind,
        itemName: t.name,
        concurrency: t.concurrency,
        foreachAt: t.foreachAt,
        itemOptions: {
            queue: t.queue,
            priority: t.priority,
            maxAttempts: t.maxAttempts,
            ...(t.backoff ? { backoff: t.backoff } : {}),
            timeoutMs: t.timeoutMs,
            triggerRule: t.triggerRule,
        },
    };
    return { name: INTERNAL.foreach, payload: env, runId, queue: t.queue, priority: t.priority, maxAttempts: 3, triggerRule: t.triggerRule };
}
//# sourceMappingURL=graph.js.map