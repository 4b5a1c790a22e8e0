/**
 * A graph of tasks to insert as one unit: each node's spec resolved (every default filled,
 * every field checked) and its `after` indexes checked, before anything reaches the store.
 */
import { ValidationError } from '../model/errors.js';
import type { EnqueueSpec } from '../model/spec.js';
import { specInsert } from '../store/inserts.js';
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
  return nodes.map((n, i) => specInsert(n.spec, n.after, i, now));
}

/** Queues in which newly created tasks are claimable now (workers there should look). */
export function claimableQueues(inserted: TaskInsertResult[]): Set<string> {
  const queues = new Set<string>();
  for (const ins of inserted) if (ins.created && ins.task.state === 'pending') queues.add(ins.task.queue);
  return queues;
}
