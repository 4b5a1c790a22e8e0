/**
 * The model's rules written as SQL text, for both dialects (they agree on this much). Statements
 * are built from these once, when their module loads, so a prepared statement costs the same as
 * a literal; the guards thereby come from the transition table (src/model/state.ts) instead of
 * being copied into each driver.
 */
import type { TaskState } from '../model/state.js';

/** `state = 'a'`, or `state IN ('a', 'b')`: the guard naming the states an operation may start from. */
export function stateGuard(states: readonly TaskState[], column = 'state'): string {
  if (states.length === 0) throw new Error('a state guard needs at least one state');
  const quoted = states.map((s) => `'${s}'`);
  return quoted.length === 1 ? `${column} = ${quoted[0]}` : `${column} IN (${quoted.join(', ')})`;
}

/** A state as an SQL literal (for the state an update sets). */
export function stateLiteral(state: TaskState): string {
  return `'${state}'`;
}
