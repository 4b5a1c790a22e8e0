export const HISTORY_MODES = ['full', 'compact', 'none'];
export const DEFAULT_HISTORY = 'full';
/** Whether the store writes the routine events a row can show (created pending, claimed, succeeded). */
export function writesRoutineEvents(mode) {
    return mode === 'full';
}
/** Whether a task's `created` event is written: its row shows one created pending with no dependencies. */
export function writesCreatedEvent(mode, state, dependsOn) {
    return writesRoutineEvents(mode) || state !== 'pending' || dependsOn.length > 0;
}
/**
 * Whether a task that just succeeded keeps its row (and events) in history. Only `none` drops
 * any, and never one that something reads later (see the header).
 */
export function keepsSucceeded(mode, task) {
    if (mode !== 'none')
        return true;
    return task.hasDependents || task.parentId != null || task.runId != null || task.dedupKey != null || task.throttling;
}
/** Events placed before a claim at the same instant (they happen to a task not yet claimed). */
const BEFORE_CLAIM = new Set(['created', 'unblocked', 'retried']);
/**
 * One task's whole story: its stored events (oldest first) with the routine events its row shows
 * and no event records added back, each where it happened. Under `full` nothing is missing and
 * the list comes back as it was. Added events carry the id of the stored event before them (or
 * "0"), so ids stay ordered.
 */
export function taskStory(task, stored) {
    const out = [...stored];
    const synth = (type, at, attempt, detail, id) => ({
        id, taskId: task.id, type, at, attempt, workerId: type === 'created' ? null : task.workerId, detail,
    });
    let added = false;
    // The claim of the attempt the row shows, unless stored (a stored claim has the same time).
    const startedAt = task.startedAt;
    if (startedAt !== null && task.attempt >= 1 && !stored.some((e) => e.type === 'claimed' && e.attempt === task.attempt && e.at === startedAt)) {
        let i = out.findIndex((e) => e.at > startedAt || (e.at === startedAt && e.attempt >= task.attempt && !BEFORE_CLAIM.has(e.type)));
        if (i < 0)
            i = out.length;
        out.splice(i, 0, synth('claimed', startedAt, task.attempt, null, i > 0 ? out[i - 1].id : '0'));
        added = true;
    }
    if (!stored.some((e) => e.type === 'created')) {
        out.unshift(synth('created', task.createdAt, 0, { state: 'pending' }, '0'));
        added = true;
    }
    if (task.state === 'succeeded' && task.finishedAt !== null && !stored.some((e) => e.type === 'succeeded' && e.at === task.finishedAt)) {
        out.push(synth('succeeded', task.finishedAt, task.attempt, null, out.length ? out[out.length - 1].id : '0'));
        added = true;
    }
    return added ? out : stored;
}
/**
 * The stories of several tasks (`stored` in id order, as a store lists them), interleaved: when
 * nothing was added, exactly `stored`; otherwise by time, each task's own order kept.
 */
export function auditStory(tasks, stored) {
    const byTask = new Map();
    for (const e of stored) {
        const list = byTask.get(String(e.taskId));
        if (list)
            list.push(e);
        else
            byTask.set(String(e.taskId), [e]);
    }
    let changed = false;
    const stories = [];
    for (const t of tasks) {
        const own = byTask.get(String(t.id)) ?? [];
        const story = taskStory(t, own);
        if (story !== own)
            changed = true;
        stories.push(story);
        byTask.delete(String(t.id));
    }
    if (!changed)
        return stored;
    for (const rest of byTask.values())
        stories.push(rest);
    // By time, stably; within a story a key that never goes back keeps the story's own order
    // (stores' clocks may differ by a little).
    const keyed = [];
    for (const s of stories) {
        let key = -Infinity;
        for (const e of s)
            keyed.push({ e, key: (key = Math.max(key, e.at)) });
    }
    return keyed.sort((a, b) => a.key - b.key).map((k) => k.e);
}
//# sourceMappingURL=history.js.map