/**
 * Records -> their JSON shapes (json-schema.ts): the one place a task, event, run or log line
 * becomes JSON, for the API, the CLI's --json and the bus. Imports the shapes' types only, so
 * this costs no TypeBox at run time.
 */
import type { ClaimedTaskJson, EventJson, LogLineJson, RunJson, TaskJson } from './json-schema.js';
import type { StoredLogEntry } from './log.js';
import type { Run } from './run.js';
import type { ClaimedTask, Task, TaskEvent } from './task.js';
export type { ClaimedTaskJson, EventJson, LogLineJson, RunJson, TaskJson };
/**
 * ISO 8601 text of a stored time. Null for null, and for a time no printer can show: a run-at
 * stored before times were checked (model/time.ts) is read, listed and cancelled as "no time"
 * instead of failing the whole answer with "Invalid time value".
 */
export declare function iso(ms: number | null): string | null;
/**
 * A time the store stamped from its own clock (an event's, a run's creation, a log line's, the
 * end of a lease just granted): never a user's value, so always printable. One that is not
 * means a broken clock or a hand-edited row, and is said so rather than shown as no time.
 */
export declare function stamped(ms: number, field: string): string;
export declare function taskJson(t: Task): TaskJson;
export declare function claimedTaskJson(t: ClaimedTask): ClaimedTaskJson;
export declare function eventJson(e: TaskEvent): EventJson;
export declare function runJson(r: Run): RunJson;
export declare function logLineJson(l: StoredLogEntry): LogLineJson;
