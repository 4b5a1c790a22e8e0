import { NonRetryableError, RetryLater, SkipTask } from '../model/errors.js';
import { LIVE_STATES } from '../model/state.js';
import { displayName, stepLabel } from '../model/step.js';
import { commandRunner } from '../worker/runners/commands.js';
import { isEnvelope } from './envelope.js';
import { ExprError, evalExpr, parseCondition, renderValue, truthy } from './expr.js';
import { INTERNAL } from './format.js';
import { describe } from './graph.js';
import { needsView, runtimeScope, shownError } from './scope.js';
export function workflowHandlers(engine, handlers = {}, options = {}) {
    const out = {};
    let commands = null;
    const runCommand = (spec, ctx) => (commands ??= commandRunner(engine, options.commands))(spec, ctx);
    const runTask = makeTaskRunner(engine, handlers, runCommand);
    for (const [name, h] of Object.entries(handlers)) {
        // A batch handler takes plain tasks only: a workflow step's task is run one at a time.
        out[name] = typeof h !== 'function' ? h : (payload, ctx) => (isEnvelope(payload) ? runTask(payload, ctx) : h(payload, ctx));
    }
    const machinery = {
        [INTERNAL.command]: (payload, ctx) => {
            if (!isEnvelope(payload))
                throw new NonRetryableError(`${INTERNAL.command} runs workflow command tasks only`);
            return runTask(payload, ctx);
        },
        [INTERNAL.foreach]: (payload, ctx) => fanOut(engine, payload, ctx),
        [INTERNAL.onFailure]: (payload, ctx) => onFailure(engine, payload, ctx, runTask),
        [INTERNAL.finish]: (payload, ctx) => finishRun(engine, payload, ctx),
    };
    // Not enumerable: messages listing "known handlers" name only what the user registered.
    for (const [name, h] of Object.entries(machinery))
        Object.defineProperty(out, name, { value: h, enumerable: false });
    return out;
}
function makeTaskRunner(engine, handlers, runCommand) {
    const full = fullRunner(engine, handlers, runCommand);
    return (env, ctx, extraScope) => {
        // Fast path, the common case at scale: everything was decided at submission, so the
        // handler is called at once, with no scope to build and no extra turn of the event loop.
        if (!env.readsNeeds && extraScope === undefined && env.kind !== 'command' && (env.if === undefined || typeof env.if === 'boolean')) {
            if (env.if === false)
                return null;
            const name = env.handler ?? ctx.task.name;
            const h = handlers[name];
            if (typeof h !== 'function')
                throw new NonRetryableError(`${env.at}: no handler "${name}" is registered with this worker${h ? ' (it takes batches, which workflow steps do not use)' : ''}`);
            return h(env.payload, ctx);
        }
        return full(env, ctx, extraScope);
    };
}
function fullRunner(engine, handlers, runCommand) {
    return async (env, ctx, extraScope = {}) => {
        const scope = { ...(await runtimeScope(engine, ctx.task.id, env)), ...extraScope };
        const needsRender = env.readsNeeds || Object.keys(extraScope).length > 0;
        if (env.if !== undefined) {
            const go = typeof env.if === 'boolean' ? env.if : truthy(evaluate(env.if, scope, env.ifAt ?? env.at));
            // A false condition: the task does nothing and succeeds with no result.
            if (!go)
                return null;
        }
        const payload = needsRender ? render(env, env.payload, scope) : env.payload;
        if (env.kind === 'command') {
            const step = stepLabel(env);
            return runCommand({
                command: (needsRender ? render(env, env.command, scope) : env.command),
                ...(env.cwd ? { cwd: env.cwd } : {}),
                env: (needsRender ? render(env, env.env ?? {}, scope) : env.env ?? {}),
                identity: step ? { TASKFRAME_STEP: step } : {},
                stdin: payload,
            }, ctx);
        }
        const name = env.handler ?? ctx.task.name;
        const h = handlers[name];
        if (typeof h !== 'function')
            throw new NonRetryableError(`${env.at}: no handler "${name}" is registered with this worker${h ? ' (it takes batches, which workflow steps do not use)' : ''}`);
        return h(payload, ctx);
    };
}
function evaluate(text, scope, at) {
    try {
        return evalExpr(parseCondition(text).expr, scope);
    }
    catch (err) {
        if (err instanceof ExprError)
            throw new NonRetryableError(`${at}: ${err.message}`);
        throw err;
    }
}
function render(env, value, scope) {
    try {
        return renderValue(value, scope);
    }
    catch (err) {
        if (err instanceof ExprError)
            throw new NonRetryableError(`${env.at}: task "${env.task}": ${err.message}`);
        throw err;
    }
}
/**
 * A foreach over an upstream result: the list is known only now. Every item becomes a subtask
 * of this one, inserted in one transaction; this task then waits (holding no worker slot) and
 * finishes with its last item. Permanent dedup keys make a re-run after a crash insert nothing twice.
 */
async function fanOut(engine, env, ctx) {
    const scope = await runtimeScope(engine, ctx.task.id, env);
    const list = evaluate(env.foreach, scope, env.foreachAt ?? env.at);
    if (!Array.isArray(list))
        throw new NonRetryableError(`${env.foreachAt}: \`foreach\` of task "${env.task}" must give a list, got ${describe(list)}`);
    const o = env.itemOptions;
    const c = env.concurrency ?? null;
    const nodes = list.map((item, index) => {
        const itemScope = { ...scope, item, index };
        const itemEnv = {
            ...env,
            kind: env.itemKind,
            payload: render(env, env.payload, itemScope),
            ...(env.command !== undefined ? { command: render(env, env.command, itemScope) } : {}),
            ...(env.env ? { env: render(env, env.env, itemScope) } : {}),
            ...(env.if !== undefined ? { if: typeof env.if === 'boolean' ? env.if : truthy(evaluate(env.if, itemScope, env.ifAt ?? env.at)) } : {}),
            readsNeeds: false,
            index,
            item,
        };
        for (const k of ['foreach', 'itemKind', 'itemName', 'concurrency', 'itemOptions', 'foreachAt'])
            delete itemEnv[k];
        const spec = {
            name: env.itemName,
            payload: itemEnv,
            parentId: ctx.task.id,
            runId: env.run,
            queue: o.queue,
            priority: o.priority,
            maxAttempts: o.maxAttempts,
            ...(o.backoff ? { backoff: o.backoff } : {}),
            ...(o.timeoutMs ? { timeout: o.timeoutMs } : {}),
            triggerRule: o.triggerRule,
            dedupKey: `wf:${env.run}:${env.task}:${index}`,
        };
        // Concurrency bound: item i waits for item i-c, so at most c items run at once.
        return { spec, ...(c !== null && index >= c ? { after: [index - c] } : {}) };
    });
    await engine.enqueueGraph(nodes);
    return { items: list.length };
}
/**
 * fail_fast: fires at the first failure in the run (trigger rule any_failed), cancels what is
 * live, runs the user's on_failure with the failures so far. continue: runs once every task has
 * ended (all_done over all of them) and runs the user's on_failure with every failure.
 */
async function onFailure(engine, env, ctx, runTask) {
    const failed = rootCausesFirst((await engine.runs.tasksOf(env.run, ['failed'])).filter((t) => !isMachinery(t)));
    // any_failed also counts skipped tasks; a task skipped by its own trigger rule is no failure.
    if (failed.length === 0) {
        // Under continue it runs whatever happened: with nothing failed, it did not need to.
        if (env.policy === 'continue')
            throw new SkipTask('nothing in the run failed');
        return { failure: false };
    }
    let cancelled = 0;
    if (env.policy === 'fail_fast') {
        // Tasks with trigger rule all_done or any_failed are the cleanup and alerting the user wrote
        // for exactly this moment: they are left to run.
        const live = (await engine.runs.tasksOf(env.run, [...LIVE_STATES])).filter((t) => t.id !== ctx.task.id && t.name !== INTERNAL.finish && t.triggerRule === 'all_success');
        // Parents first would cancel their subtrees anyway; cancelling in id order is enough.
        const results = await Promise.allSettled(live.map((t) => engine.cancel(t.id, `run ${env.run} fails fast: task ${failed[0].id} (${displayName(failed[0])}) failed`)));
        cancelled = results.filter((r) => r.status === 'fulfilled').length;
    }
    const failure = { tasks: failed.map((t) => ({ id: t.id, task: displayName(t), error: shownError(t.error) })) };
    if (!env.onFailure)
        return { failure: true, cancelled };
    const result = await runTask(env.onFailure, ctx, { failure, inputs: (await engine.runs.find(env.run))?.inputs ?? {} });
    return { failure: true, cancelled, result: (result ?? null) };
}
function isMachinery(t) {
    return t.name === INTERNAL.finish || t.name === INTERNAL.onFailure;
}
/**
 * Failures in the order a run names them: what failed of its own first, before a parent that
 * failed because of it (a foreach's fan-out names the item that finished last, often one
 * skipped behind the failure) and before what was cancelled.
 */
function rootCausesFirst(tasks) {
    const rank = (t) => (t.state !== 'failed' ? 2 : t.error?.kind === 'SUBTASK' ? 1 : 0);
    return [...tasks].sort((a, b) => rank(a) - rank(b) || Number(a.id) - Number(b.id));
}
/** Runs last (all_done over everything): decides the run's state and computes its outputs. */
async function finishRun(engine, env, ctx) {
    const run = await engine.runs.find(env.run);
    if (!run)
        throw new Error(`run ${env.run} is not recorded yet`);
    if (run.state !== 'running')
        return { state: run.state };
    const live = (await engine.list({ runId: env.run, states: [...LIVE_STATES], limit: 2 })).filter((t) => t.id !== ctx.task.id);
    if (live.length > 0) {
        // Some task still runs (a sibling of a failure under `continue`, or cleanup left to run by
        // fail fast): wait for it without holding a worker slot, polling more slowly as time goes on.
        throw new RetryLater(Math.min(30_000, Math.round(250 * 1.2 ** Math.min(ctx.attempt, 30))), `waiting for task ${live[0].id} of run ${env.run} to finish`);
    }
    // Failures read apart from cancellations: fail fast may cancel thousands, newer than the failure.
    const ended = [...(await engine.list({ runId: env.run, states: ['failed'], limit: 50 })), ...(await engine.list({ runId: env.run, states: ['cancelled'], limit: 50 }))];
    const bad = rootCausesFirst(ended.filter((t) => t.name !== INTERNAL.finish));
    if (bad.length > 0) {
        const first = bad[0];
        const error = {
            message: `task "${displayName(first)}" ${first.state}${first.error?.message ? `: ${first.error.message}` : ''}`,
            tasks: bad.map((t) => ({ id: t.id, task: displayName(t), state: t.state, error: shownError(t.error) })),
        };
        await engine.runs.finish(env.run, { state: 'failed', error });
        return { state: 'failed' };
    }
    let outputs = null;
    if (env.outputs && Object.keys(env.outputs).length > 0) {
        const all = await engine.runs.tasksOf(env.run);
        const wanted = [...new Set(all.flatMap((t) => (isEnvelope(t.payload) ? [t.payload.task] : [])))];
        const scope = { needs: await needsView(engine, all, wanted), inputs: run.inputs ?? {}, run: { id: run.id }, workflow: { name: run.name } };
        outputs = Object.fromEntries(Object.entries(env.outputs).map(([k, text]) => [k, ((text.includes('${{') ? render(env, text, scope) : evaluate(text, scope, env.at)) ?? null)]));
    }
    await engine.runs.finish(env.run, { state: 'succeeded', outputs });
    return { state: 'succeeded' };
}
//# sourceMappingURL=handlers.js.map