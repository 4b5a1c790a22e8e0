/**
 * The JSON shapes of a task, a claimed task, an event, a run and a log line, written once: what
 * the HTTP API answers (and documents in OpenAPI), what `taskframe … --json` prints, what the
 * TypeScript client's types say, and what the bus publishes for events. Each shape is a TypeBox
 * schema and its TypeScript type is `Static<>` of it; json.ts turns records into these types.
 *
 * camelCase keys; every time is an ISO 8601 string (UTC) or null, never epoch milliseconds. A
 * task's times may be null where they may come from a user (a run-at stored before times were
 * checked can lie outside what a date can show: json.ts iso()); the times the store stamps from
 * its clock (an event's, a run's creation, a log line's, a lease just granted) are never null.
 * Durations keep their unit in the name (`timeoutMs`).
 *
 * Only the server loads this file at run time (loading TypeBox took ~190 ms here); everyone
 * else imports its types only, which cost nothing.
 */
import { Type, type Static } from '../vendor/typebox.js';
import { RUN_STATES } from './run.js';
import { TASK_STATES } from './state.js';

const Time = Type.String({ format: 'date-time' });
const TimeOrNull = Type.Union([Time, Type.Null()]);
const StringOrNull = Type.Union([Type.String(), Type.Null()]);

const taskProperties = {
  id: Type.String({ description: 'task id (decimal digits)' }),
  name: Type.String({ description: 'the task type: names the handler or unit that runs it' }),
  step: Type.Union([Type.String(), Type.Null()], { description: 'the workflow step it is (`build`, `map[7]`, `on_failure`), or null: not from a workflow' }),
  queue: Type.String(),
  state: Type.Union(TASK_STATES.map((s) => Type.Literal(s))),
  attempt: Type.Integer({ description: 'attempts started so far' }),
  maxAttempts: Type.Integer(),
  priority: Type.Integer(),
  payload: Type.Unknown(),
  result: Type.Unknown(),
  error: Type.Unknown({ description: '{ message, kind?, stack? } or null' }),
  progress: Type.Unknown(),
  parentId: StringOrNull,
  runId: StringOrNull,
  key: StringOrNull,
  tags: Type.Array(Type.String()),
  // Null also for a time stored before times were checked (model/time.ts) that no date can show.
  runAt: Type.Union([Time, Type.Null()], { description: 'not run before this time; null for a time stored by an older version that no date can show' }),
  timeoutMs: Type.Union([Type.Integer(), Type.Null()]),
  workerId: StringOrNull,
  leaseExpiresAt: TimeOrNull,
  depsPending: Type.Integer(),
  childrenPending: Type.Integer(),
  createdAt: TimeOrNull,
  startedAt: TimeOrNull,
  finishedAt: TimeOrNull,
  updatedAt: TimeOrNull,
};

export const TaskJsonSchema = Type.Object(taskProperties, { $id: 'Task', additionalProperties: true });
export type TaskJson = Static<typeof TaskJsonSchema>;

/** A task as handed to a worker: the task plus the lease that fences every later call. */
export const ClaimedTaskJsonSchema = Type.Object(
  {
    ...taskProperties,
    leaseToken: Type.Integer({ description: 'fencing token: send it back with every report' }),
    leaseExpiresAt: Time,
    backoff: Type.Unknown({ description: 'the retry policy: { kind, baseMs, capMs, jitter }' }),
  },
  { $id: 'ClaimedTask', additionalProperties: true },
);
export type ClaimedTaskJson = Static<typeof ClaimedTaskJsonSchema>;

export const EventJsonSchema = Type.Object(
  {
    id: Type.String(),
    taskId: Type.String(),
    type: Type.String(),
    at: Time,
    attempt: Type.Integer(),
    workerId: StringOrNull,
    detail: Type.Unknown(),
  },
  { $id: 'TaskEvent' },
);
export type EventJson = Static<typeof EventJsonSchema>;

export const RunJsonSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String({ description: 'the workflow' }),
    state: Type.Union(RUN_STATES.map((s) => Type.Literal(s))),
    spec: Type.Unknown({ description: 'the workflow as submitted' }),
    inputs: Type.Unknown(),
    outputs: Type.Unknown(),
    error: Type.Unknown(),
    trigger: StringOrNull,
    createdAt: Time,
    finishedAt: TimeOrNull,
    updatedAt: Time,
  },
  { $id: 'Run' },
);
export type RunJson = Static<typeof RunJsonSchema>;

export const LogLineJsonSchema = Type.Object(
  { id: Type.String(), attempt: Type.Integer(), at: Time, stream: Type.String(), text: Type.String() },
  { $id: 'LogLine' },
);
export type LogLineJson = Static<typeof LogLineJsonSchema>;
