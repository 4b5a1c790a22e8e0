/**
 * The control channel: a running executable writes JSON lines to the file descriptor named in
 * TASKFRAME_CONTROL_FD (3), from any language with no library:
 *   {"result": ANY}                        the task's result
 *   {"progress": ANY}                      recorded progress (also extends the lease)
 *   {"spawn": {"name": N, "payload": P, …enqueue options}}   or a list of them: subtasks
 *   {"log": "text"}                        a line in the task's log
 * Several keys may share a line. A malformed line is logged as a warning and ignored.
 */
import type { Json } from '../../../model/task.js';
import type { BatchSpec } from '../../../model/spec.js';

export type ControlMessage =
  | { kind: 'result'; value: Json }
  | { kind: 'progress'; value: Json }
  | { kind: 'spawn'; specs: BatchSpec[] }
  | { kind: 'log'; text: string };

const KNOWN = new Set(['result', 'progress', 'spawn', 'log']);

/** Messages in a line, or a warning saying why the line was ignored. */
export function parseControlLine(line: string): { messages: ControlMessage[]; warning: string | null } {
  const text = line.trim();
  if (text === '') return { messages: [], warning: null };
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch {
    return { messages: [], warning: `control channel: ignored a line that is not JSON: ${JSON.stringify(text.slice(0, 200))}` };
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    return { messages: [], warning: `control channel: ignored a line that is not a JSON object: ${text.slice(0, 200)}` };
  }
  const o = obj as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !KNOWN.has(k));
  if (unknown.length > 0) return { messages: [], warning: `control channel: ignored a line with unknown keys ${unknown.join(', ')} (known: result, progress, spawn, log)` };
  const messages: ControlMessage[] = [];
  if ('spawn' in o) {
    const list = Array.isArray(o.spawn) ? o.spawn : [o.spawn];
    const bad = list.findIndex((s) => s === null || typeof s !== 'object' || typeof (s as { name?: unknown }).name !== 'string');
    if (bad >= 0) return { messages: [], warning: `control channel: ignored a spawn whose item ${bad} has no "name"` };
    messages.push({ kind: 'spawn', specs: list as BatchSpec[] });
  }
  if ('progress' in o) messages.push({ kind: 'progress', value: o.progress as Json });
  if ('log' in o) messages.push({ kind: 'log', text: typeof o.log === 'string' ? o.log : JSON.stringify(o.log) });
  if ('result' in o) messages.push({ kind: 'result', value: o.result as Json });
  return { messages, warning: null };
}
