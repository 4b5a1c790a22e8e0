/** Graph helpers over task ids and their `needs`. */
/** A cycle as a path that returns to its start (a -> b -> a), or null. Iterative: deep chains do not overflow the stack. */
export function findCycle(nodes) {
    const needs = new Map(nodes.map((n) => [n.id, n.needs]));
    const state = new Map();
    for (const start of nodes) {
        if (state.has(start.id))
            continue;
        const stack = [{ id: start.id, i: 0 }];
        state.set(start.id, 1);
        while (stack.length > 0) {
            const top = stack[stack.length - 1];
            const next = needs.get(top.id)?.[top.i++];
            if (next === undefined) {
                state.set(top.id, 2);
                stack.pop();
                continue;
            }
            const s = state.get(next);
            if (s === 1) {
                const from = stack.findIndex((f) => f.id === next);
                // Reported in the direction work flows: a dependency before what needs it.
                return [...stack.slice(from).map((f) => f.id), next].reverse();
            }
            if (s === undefined) {
                state.set(next, 1);
                stack.push({ id: next, i: 0 });
            }
        }
    }
    return null;
}
/** Task ids in an order where every task comes after everything it needs. */
export function topoOrder(nodes) {
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const done = new Set();
    const out = [];
    for (const n of nodes) {
        const stack = [{ id: n.id, i: 0 }];
        while (stack.length > 0) {
            const top = stack[stack.length - 1];
            if (done.has(top.id)) {
                stack.pop();
                continue;
            }
            const next = byId.get(top.id).needs[top.i++];
            if (next === undefined) {
                done.add(top.id);
                out.push(top.id);
                stack.pop();
            }
            else if (!done.has(next))
                stack.push({ id: next, i: 0 });
        }
    }
    return out;
}
//# sourceMappingURL=dag.js.map