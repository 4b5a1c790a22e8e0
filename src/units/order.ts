/**
 * The order a unit's requirements run in: every unit it Requires (transitively) first, in
 * topological order over Requires and After edges; After= orders without pulling a unit in.
 * A cycle is an error that names it (a -> b -> a); so is a requirement on a unit that does not exist.
 */
import { ValidationError } from '../model/errors.js';

export interface OrderNode {
  name: string;
  file: string;
  requires: string[];
  after: string[];
}

/** The units to run for `name`, dependencies first, `name` last. */
export function runOrder(units: ReadonlyMap<string, OrderNode>, name: string): string[] {
  const root = units.get(name);
  if (!root) throw new ValidationError('unit', `unknown unit "${name}"`);
  // 1. The closure of Requires=.
  const wanted = new Set<string>();
  const collect = (n: string, from: OrderNode | null) => {
    if (wanted.has(n)) return;
    const u = units.get(n);
    if (!u) throw new ValidationError(from ? from.file : 'unit', `Requires=${n}: no such unit`);
    wanted.add(n);
    for (const r of u.requires) collect(r, u);
  };
  collect(name, null);
  // 2. Depth-first topological sort over Requires and After edges inside the closure.
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string) => {
    const s = state.get(n);
    if (s === 'done') return;
    if (s === 'visiting') {
      const cycle = [...stack.slice(stack.indexOf(n)), n];
      throw new ValidationError(units.get(n)!.file, `dependency cycle: ${cycle.join(' -> ')}`, { cycle });
    }
    state.set(n, 'visiting');
    stack.push(n);
    const u = units.get(n)!;
    for (const d of [...u.requires, ...u.after]) if (wanted.has(d)) visit(d);
    stack.pop();
    state.set(n, 'done');
    order.push(n);
  };
  visit(name);
  // Units pulled in but not reachable through edges from `name` cannot exist (closure is by edges).
  return order;
}

/** Checks every unit's order once, so a cycle or a missing requirement fails at load time. */
export function checkAllOrders(units: ReadonlyMap<string, OrderNode>): void {
  for (const name of units.keys()) runOrder(units, name);
}
