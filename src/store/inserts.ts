/**
 * How a batch of inserts is cut up, the same for every driver: runs of plain tasks go in set
 * inserts, the others one by one; `dependsOnIndex` names earlier entries of the same batch (a
 * graph inserted as one unit, whose ids do not exist before the batch runs).
 */
import { StoreError } from '../model/errors.js';
import type { NewTask } from '../model/task.js';
import type { TaskInsertOp, TaskInsertResult } from './store.js';

/** A task with nothing that needs looking up first (key, dedup key, debounce/throttle key, parent, dependencies): it can go in a set insert. */
export function isPlainTask(t: NewTask): boolean {
  return t.key === null && t.dedupKey === null && t.parentId === null && t.dependsOn.length === 0 && !t.collapse;
}

/** Every in-batch reference must name an earlier entry; checked before anything is written, so a bad one fails the batch whole. */
export function checkBatchDeps(ops: readonly TaskInsertOp[]): void {
  ops.forEach((op, k) =>
    op.dependsOnIndex?.forEach((i) => {
      if (!Number.isInteger(i) || i < 0 || i >= k) throw new StoreError(`taskInsert[${k}]: dependsOnIndex ${i} is not an earlier entry of the batch`, { index: k, ref: i });
    }),
  );
}

/** The task with its in-batch dependencies resolved into ids (`inserted`: the results of the entries before it). */
export function withBatchDeps(op: TaskInsertOp, inserted: readonly TaskInsertResult[]): NewTask {
  if (!op.dependsOnIndex?.length) return op.task;
  return { ...op.task, dependsOn: [...op.task.dependsOn, ...op.dependsOnIndex.map((i) => inserted[i]!.task.id)] };
}
