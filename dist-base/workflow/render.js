/**
 * A run drawn as text: a header with the run's state, counts and elapsed time, then one line per
 * workflow task in file order with what it needs, its state and time; a foreach shows counts of
 * its items, a task that spawned subtasks shows them nested (counted when there are many).
 * Used by `taskframe run` (redrawn live) and `taskframe runs RUN`.
 */
import { formatDuration } from '../model/duration.js';
import { displayName, isBookkeeping } from '../model/step.js';
import { isEnvelope } from './envelope.js';
export const STATE_MARK = {
    blocked: '○',
    scheduled: '◔',
    pending: '·',
    running: '▶',
    waiting: '◷',
    retrying: '↻',
    succeeded: '✓',
    failed: '✗',
    cancelled: '⊘',
    skipped: '↷',
};
const ORDER = ['running', 'waiting', 'retrying', 'pending', 'scheduled', 'blocked', 'succeeded', 'failed', 'cancelled', 'skipped'];
export function countStates(tasks) {
    const c = {};
    for (const t of tasks)
        c[t.state] = (c[t.state] ?? 0) + 1;
    return c;
}
export function formatCounts(c) {
    return ORDER.filter((s) => c[s]).map((s) => `${c[s]} ${s}`).join(', ');
}
function elapsed(tasks, now) {
    const starts = tasks.map((t) => t.startedAt).filter((x) => x !== null);
    if (starts.length === 0)
        return '';
    const live = tasks.some((t) => t.finishedAt === null && t.startedAt !== null);
    const end = live ? now : Math.max(...tasks.map((t) => t.finishedAt ?? t.updatedAt));
    return formatDuration(Math.max(0, end - Math.min(...starts)));
}
/** The state a group of tasks shows as one: the most "alive" state first, else the worst outcome. */
function groupState(tasks) {
    for (const s of ['running', 'waiting', 'retrying', 'pending', 'scheduled'])
        if (tasks.some((t) => t.state === s))
            return s;
    for (const s of ['failed', 'cancelled', 'blocked', 'skipped'])
        if (tasks.some((t) => t.state === s))
            return s;
    return 'succeeded';
}
export function renderRun(run, allTasks, options) {
    const now = options.now;
    // The run's bookkeeping (its finishing task, fail fast with no on_failure) is not shown.
    const tasks = allTasks.filter((t) => !isBookkeeping(t));
    const maxChildren = options.maxChildren ?? 8;
    const maxDepth = options.maxDepth ?? 4;
    const wf = run.spec;
    const byParent = new Map();
    const inRun = new Set(tasks.map((t) => t.id));
    const top = [];
    for (const t of tasks) {
        if (t.parentId !== null && inRun.has(t.parentId)) {
            const l = byParent.get(t.parentId) ?? [];
            l.push(t);
            byParent.set(t.parentId, l);
        }
        else
            top.push(t);
    }
    const onFailure = top.find((t) => isEnvelope(t.payload) && t.payload.kind === 'on_failure');
    const byWfTask = new Map();
    for (const t of top) {
        if (t === onFailure)
            continue;
        const key = isEnvelope(t.payload) ? t.payload.task : t.name;
        const l = byWfTask.get(key) ?? [];
        l.push(t);
        byWfTask.set(key, l);
    }
    // Counted and drawn once it has run: a declared on_failure waits, then is skipped when nothing failed.
    const onFailureRan = onFailure !== undefined && onFailure.state !== 'skipped' && onFailure.state !== 'blocked';
    const userTasks = tasks.filter((t) => t !== onFailure || onFailureRan);
    const runTime = formatDuration(Math.max(0, (run.finishedAt ?? now) - run.createdAt));
    const lines = [`run ${run.id}  ${run.name}  ${run.state.toUpperCase()}  ${runTime}  (${userTasks.length} tasks: ${formatCounts(countStates(userTasks)) || 'none yet'})`];
    const ids = wf?.tasks?.map((t) => t.id) ?? [...byWfTask.keys()];
    const width = Math.min(28, Math.max(4, ...ids.map((i) => i.length)));
    const drawChildren = (parent, indent, depth) => {
        const kids = (byParent.get(parent.id) ?? []).sort((a, b) => Number(a.id) - Number(b.id));
        if (kids.length === 0)
            return;
        if (depth > maxDepth || kids.length > maxChildren) {
            const all = descendants(parent.id, byParent);
            lines.push(`${indent}└ ${all.length} subtasks: ${formatCounts(countStates(all))}`);
            return;
        }
        kids.forEach((k, i) => {
            const last = i === kids.length - 1;
            const label = isEnvelope(k.payload) && k.payload.index !== undefined ? `[${k.payload.index}]` : k.name;
            lines.push(`${indent}${last ? '└' : '├'} ${STATE_MARK[k.state]} ${label} #${k.id}  ${k.state}${time(k, now)}${errorOf(k)}`);
            drawChildren(k, `${indent}${last ? '  ' : '│ '}`, depth + 1);
        });
    };
    for (const id of ids) {
        const group = byWfTask.get(id) ?? [];
        const def = wf?.tasks?.find((t) => t.id === id);
        const needs = def?.needs.length ? `  ← ${def.needs.join(', ')}` : '';
        if (group.length === 0) {
            lines.push(`  ○ ${id.padEnd(width)}  not created${needs}`);
            continue;
        }
        const fan = group.length === 1 && isEnvelope(group[0].payload) && group[0].payload.kind === 'foreach' ? group[0] : null;
        if (group.length > 1 || fan || def?.foreach !== undefined) {
            const items = fan ? byParent.get(fan.id) ?? [] : group;
            const all = fan ? [fan, ...items] : items;
            const done = items.filter((t) => t.state === 'succeeded').length;
            const st = fan && items.length === 0 ? fan.state : groupState(all);
            lines.push(`  ${STATE_MARK[st]} ${id.padEnd(width)}  foreach ${done}/${items.length}: ${formatCounts(countStates(items)) || fan?.state}  ${elapsed(all, now)}${needs}`);
            const failed = items.find((t) => t.state === 'failed');
            if (failed)
                lines.push(`      ✗ ${displayName(failed)}  ${failed.error?.message.split('\n')[0].slice(0, 160) ?? 'failed'}`);
            continue;
        }
        const t = group[0];
        lines.push(`  ${STATE_MARK[t.state]} ${id.padEnd(width)}  ${t.state}${t.attempt > 1 ? ` (attempt ${t.attempt}/${t.maxAttempts})` : ''}${time(t, now)}${needs}${errorOf(t)}`);
        drawChildren(t, '    ', 1);
    }
    if (onFailure && onFailureRan) {
        lines.push(`  ${STATE_MARK[onFailure.state]} ${'on_failure'.padEnd(width)}  ${onFailure.state}${time(onFailure, now)}${errorOf(onFailure)}`);
    }
    if (run.state === 'failed' && run.error && typeof run.error === 'object' && 'message' in run.error)
        lines.push(`  error: ${String(run.error.message)}`);
    if (run.outputs !== null && run.state === 'succeeded')
        lines.push(`  outputs: ${JSON.stringify(run.outputs)}`);
    return lines;
}
function descendants(id, byParent) {
    const out = [];
    const stack = [id];
    while (stack.length)
        for (const k of byParent.get(stack.pop()) ?? [])
            out.push(k), stack.push(k.id);
    return out;
}
function time(t, now) {
    if (t.startedAt === null)
        return '';
    return `  ${formatDuration(Math.max(0, (t.finishedAt ?? now) - t.startedAt))}`;
}
function errorOf(t) {
    return (t.state === 'failed' || t.state === 'retrying') && t.error?.message ? `  — ${t.error.message.split('\n')[0].slice(0, 160)}` : '';
}
//# sourceMappingURL=render.js.map