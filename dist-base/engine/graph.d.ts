import type { EnqueueSpec } from '../model/spec.js';
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
export declare function graphInserts(nodes: GraphNode[], now: number): TaskInsertOp[];
/** Queues in which newly created tasks are claimable now (workers there should look). */
export declare function claimableQueues(inserted: TaskInsertResult[]): Set<string>;
