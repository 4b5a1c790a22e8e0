import { isEnvelope } from './envelope.js';
/**
 * A task's error as a workflow hands it on (`needs.X.error`, `failure.tasks`, the run's error):
 * the message, kind, code and exit status, without the JavaScript stack, which stays in the
 * stored task (`taskframe status ID --json`) for whoever debugs the handler.
 */
export function shownError(error) {
    if (error === null)
        return null;
    const { stack: _stack, ...rest } = error;
    return rest;
}
export async function runtimeScope(engine, taskId, env) {
    const scope = { run: { id: env.run }, workflow: { name: env.workflow } };
    if (env.index !== undefined) {
        scope.item = env.item ?? null;
        scope.index = env.index;
    }
    if (!env.readsNeeds)
        return scope;
    const run = await engine.runs.find(env.run);
    scope.inputs = run?.inputs ?? {};
    const wanted = env.needs ?? [];
    if (wanted.length === 0) {
        scope.needs = {};
        return scope;
    }
    const depIds = (await engine.deps([taskId])).map((d) => d.depId);
    const deps = [];
    for (const id of depIds) {
        const t = await engine.find(id);
        if (t)
            deps.push(t);
    }
    scope.needs = await needsView(engine, deps, wanted);
    return scope;
}
/** Groups finished tasks by workflow task id into what `needs.<id>` shows. */
export async function needsView(engine, tasks, wanted) {
    const groups = new Map();
    for (const t of tasks) {
        if (!isEnvelope(t.payload) || !wanted.includes(t.payload.task))
            continue;
        const list = groups.get(t.payload.task) ?? [];
        list.push(t);
        groups.set(t.payload.task, list);
    }
    const out = {};
    for (const [id, list] of groups) {
        const fan = list.find((t) => t.payload.kind === 'foreach');
        const env = list[0].payload;
        if (fan) {
            // A fan-out decided at run time: its items are its subtasks.
            const items = await childrenOf(engine, fan.id);
            out[id] = { output: items.map((c) => c.result), state: fan.state, error: shownError(fan.error), children: items.map((c) => c.result) };
        }
        else if (env.index !== undefined) {
            list.sort((a, b) => a.payload.index - b.payload.index);
            const failed = list.find((t) => t.state !== 'succeeded');
            out[id] = { output: list.map((t) => t.result), state: failed?.state ?? 'succeeded', error: shownError(failed?.error ?? null), children: [] };
        }
        else {
            const t = list[0];
            const children = t.childrenPending === 0 ? await childrenOf(engine, t.id) : [];
            out[id] = { output: t.result, state: t.state, error: shownError(t.error), children: children.map((c) => c.result) };
        }
    }
    return out;
}
async function childrenOf(engine, parentId) {
    const kids = await engine.list({ parentId, limit: 1_000_000 });
    const idx = (t) => (isEnvelope(t.payload) && t.payload.index !== undefined ? t.payload.index : Number(t.id));
    return kids.sort((a, b) => idx(a) - idx(b) || Number(a.id) - Number(b.id));
}
//# sourceMappingURL=scope.js.map