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
export type ControlMessage = {
    kind: 'result';
    value: Json;
} | {
    kind: 'progress';
    value: Json;
} | {
    kind: 'spawn';
    specs: BatchSpec[];
} | {
    kind: 'log';
    text: string;
};
/** Messages in a line, or a warning saying why the line was ignored. */
export declare function parseControlLine(line: string): {
    messages: ControlMessage[];
    warning: string | null;
};
