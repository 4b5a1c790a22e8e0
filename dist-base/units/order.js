/**
 * The order a unit's requirements run in: every unit it Requires (transitively) first, in
 * topological order over Requires and After edges; After= orders without pulling a unit in.
 * A cycle is an error that names it (a -> b -> a); so is a requirement on a unit that does not
 * exist; both at the file:line of the Requires=/After= that makes them. An After= naming no unit
 * orders nothing: a warning (a systemd target such as network.target means nothing here).
 */
import { ValidationError } from '../model/errors.js';
/** file:line:column of the Requires=/After= of `from` naming `to`, else the file. */
function refAt(from, to) {
    return from.refs?.find((r) => r.name === to)?.at ?? from.file;
}
/** The units to run for `name`, dependencies first, `name` last. */
export function runOrder(units, name) {
    const root = units.get(name);
    if (!root)
        throw new ValidationError('unit', `unknown unit "${name}"`);
    // 1. The closure of Requires=.
    const wanted = new Set();
    const collect = (n, from) => {
        if (wanted.has(n))
            return;
        const u = units.get(n);
        if (!u)
            throw new ValidationError(from ? refAt(from, n) : 'unit', `Requires=${from?.refs?.find((r) => r.name === n)?.written ?? n}: no such unit`);
        wanted.add(n);
        for (const r of u.requires)
            collect(r, u);
    };
    collect(name, null);
    // 2. Depth-first topological sort over Requires and After edges inside the closure.
    const order = [];
    const state = new Map();
    const stack = [];
    const visit = (n) => {
        const s = state.get(n);
        if (s === 'done')
            return;
        if (s === 'visiting') {
            const cycle = [...stack.slice(stack.indexOf(n)), n];
            // Named where the edge that closes it is written.
            const closing = units.get(stack[stack.length - 1]);
            throw new ValidationError(refAt(closing, n), `dependency cycle: ${cycle.join(' -> ')}`, { cycle });
        }
        state.set(n, 'visiting');
        stack.push(n);
        const u = units.get(n);
        for (const d of [...u.requires, ...u.after])
            if (wanted.has(d))
                visit(d);
        stack.pop();
        state.set(n, 'done');
        order.push(n);
    };
    visit(name);
    // Units pulled in but not reachable through edges from `name` cannot exist (closure is by edges).
    return order;
}
/** Checks every unit's order once, so a cycle or a missing requirement fails at load time. */
export function checkAllOrders(units) {
    for (const name of units.keys())
        runOrder(units, name);
}
/** After= names that are no unit of the set: each a warning with its file:line, never an error. */
export function orderWarnings(units) {
    const out = [];
    for (const u of units.values()) {
        for (const r of u.refs ?? []) {
            if (r.kind !== 'after' || units.has(r.name))
                continue;
            out.push(/\.target$/i.test(r.written)
                ? `${r.at}: After=${r.written} is a systemd target; taskframe has no targets, so it is ignored`
                : `${r.at}: After=${r.written}: no such unit in this directory, so it orders nothing (ignored)`);
        }
    }
    return out;
}
//# sourceMappingURL=order.js.map