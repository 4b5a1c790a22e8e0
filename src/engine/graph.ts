/**
 * A graph of tasks to insert as one unit: each node's spec resolved (every default filled,
 * every field checked) and its `after` indexes checked, before anything reaches the store.
 */
import { ValidationError } from '../model/errors.js';
import { resolveSpec, type EnqueueSpec } from '../model/spec.js';
import type { TaskInsertOp, TaskInsertResult } from '../store/store.js';

/**
 * One node of a graph. `after` names dependencies among earlier nodes of the same graph by
 * index (their ids do not exist yet); `spec.dependsOn` may still name existing tasks.
 */
export interface GraphNode {
  spec: EnqueueSpec;
  after?: number[];
}

/** The store operations for a graph; throws a ValidationError naming `tasks[i]…` for a bad node. */
export function graphInserts(nodes: GraphNode[], now: number): TaskInsertOp[] {
  if (!Array.isArray(nodes)) throw new ValidationError('tasks', 'must be an array');
  return nodes.map((n, i) => {
    const after = n.after ?? [];
    if (!Array.isArray(after)) throw new ValidationError(`tasks[${i}].after`, 'must be an array of indexes');
    after.forEach((k, x) => {
      if (!Number.isInteger(k) || k < 0 || k >= i) throw new ValidationError(`tasks[${i}].after[${x}]`, `must name an earlier task of the graph (0..${i - 1}), got ${k}`);
    });
    return { task: resolveSpec(n.spec, now, `tasks[${i}]`), ...(after.length ? { dependsOnIndex: after } : {}) };
  });
}

/** Queues in which newly created tasks are claimable now (workers there should look). */
export function claimableQueues(inserted: TaskInsertResult[]): Set<string> {
  const queues = new Set<string>();
  for (const ins of inserted) if (ins.created && ins.task.state === 'pending') queues.add(ins.task.queue);
  return queues;
}
