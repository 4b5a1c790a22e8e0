/**
 * How a batch of inserts is cut up, the same for every driver: runs of plain tasks go in set
 * inserts, the others one by one; `dependsOnIndex` names earlier entries of the same batch (a
 * graph inserted as one unit, whose ids do not exist before the batch runs).
 */
import { StoreError, ValidationError } from '../model/errors.js';
import { resolveSpec } from '../model/spec.js';
/** A task with nothing that needs looking up first (key, dedup key, debounce/throttle key, parent, dependencies): it can go in a set insert. */
export function isPlainTask(t) {
    return t.key === null && t.dedupKey === null && t.parentId === null && t.dependsOn.length === 0 && !t.collapse;
}
/**
 * Whether an entry can join a run of set-inserted new tasks that began at batch index
 * `runStart`: a plain task (dependencies aside) that depends only on entries of that run. Those
 * are new and unfinished, so its starting state needs no lookup.
 */
export function linksIntoRun(op, runStart) {
    return isPlainTask(op.task) && (op.dependsOnIndex ?? []).every((i) => i >= runStart);
}
/** Every in-batch reference must name an earlier entry; checked before anything is written, so a bad one fails the batch whole. */
export function checkBatchDeps(ops) {
    ops.forEach((op, k) => op.dependsOnIndex?.forEach((i) => {
        if (!Number.isInteger(i) || i < 0 || i >= k)
            throw new StoreError(`taskInsert[${k}]: dependsOnIndex ${i} is not an earlier entry of the batch`, { index: k, ref: i });
    }));
}
/** The task with its in-batch dependencies resolved into ids (`inserted`: the results of the entries before it). */
export function withBatchDeps(op, inserted) {
    if (!op.dependsOnIndex?.length)
        return op.task;
    return { ...op.task, dependsOn: [...op.task.dependsOn, ...op.dependsOnIndex.map((i) => inserted[i].task.id)] };
}
/**
 * The insert of the `i`th task of a batch or graph: its spec resolved (every default filled,
 * every field checked) and its `after` indexes checked; a ValidationError names `tasks[i]…`.
 */
export function specInsert(spec, after, i, now) {
    const refs = after === undefined ? [] : after;
    if (!Array.isArray(refs))
        throw new ValidationError(`tasks[${i}].after`, 'must be an array of indexes of earlier tasks of the same call');
    refs.forEach((k, x) => {
        if (typeof k !== 'number' || !Number.isInteger(k) || k < 0 || k >= i) {
            const range = i === 0 ? 'the first task has none' : `0..${i - 1}`;
            throw new ValidationError(`tasks[${i}].after[${x}]`, `must name an earlier task of the same call (${range}), got ${JSON.stringify(k)}`);
        }
    });
    const task = resolveSpec(spec, now, `tasks[${i}]`);
    // As with dependsOn: only a task waiting to run collapses, and this one starts blocked.
    if (refs.length && task.collapse) {
        throw new ValidationError(`tasks[${i}].${task.collapse.mode}`, 'cannot be combined with after (only a task waiting to run collapses; one blocked on dependencies is not)');
    }
    return { task, ...(refs.length ? { dependsOnIndex: refs } : {}) };
}
/** The inserts of an `enqueueMany` batch, every one checked before any is written. */
export function batchInserts(specs, now) {
    if (!Array.isArray(specs))
        throw new ValidationError('tasks', 'must be an array');
    return specs.map((s, i) => {
        // Anything but an object is the spec's own error (resolveSpec names it).
        if (s === null || typeof s !== 'object' || !('after' in s))
            return specInsert(s, undefined, i, now);
        const { after, ...spec } = s;
        return specInsert(spec, after, i, now);
    });
}
//# sourceMappingURL=inserts.js.map