/**
 * A graph of tasks to insert as one unit: each node's spec resolved (every default filled,
 * every field checked) and its `after` indexes checked, before anything reaches the store.
 */
import { ValidationError } from '../model/errors.js';
import { specInsert } from '../store/inserts.js';
/** The store operations for a graph; throws a ValidationError naming `tasks[i]…` for a bad node. */
export function graphInserts(nodes, now) {
    if (!Array.isArray(nodes))
        throw new ValidationError('tasks', 'must be an array');
    return nodes.map((n, i) => specInsert(n.spec, n.after, i, now));
}
/** Queues in which newly created tasks are claimable now (workers there should look). */
export function claimableQueues(inserted) {
    const queues = new Set();
    for (const ins of inserted)
        if (ins.created && ins.task.state === 'pending')
            queues.add(ins.task.queue);
    return queues;
}
//# sourceMappingURL=graph.js.map