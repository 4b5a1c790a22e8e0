/**
 * The message formats on the bus.
 *
 * Tasks in (either shape):
 * - seed-000 ("task" framework): `{"type":"task-type","task":"2017-01-01T01","created":"…"}`.
 *   The task's name is `type`; its payload is the whole message, so a handler reads
 *   `payload.task` and the done message can carry every field back.
 * - taskframe's own: `{"name":…, "payload":…, "queue", "priority", "delay", "runAt",
 *   "maxAttempts", "timeout", "key", "dedupKey", "tags", "backoff"}`.
 *
 * Done out (seed-000's done shape, plus taskframe's fields):
 *   `{"type","task","result":"complete"|"error","msg","started","completed",
 *     "id","queue","state","attempt","output"}`
 */
import { ValidationError } from '../model/errors.js';
import { resolveSpec, type EnqueueSpec } from '../model/spec.js';
import { eventJson, iso, type EventJson } from '../model/json.js';
import type { Json, Task, TaskEvent } from '../model/task.js';

export type BadMessageReason = 'too_large' | 'not_json' | 'not_a_task' | 'unknown_type' | 'invalid';

/** A message that can never become a task: it goes to the dead-letter topic with this reason. */
export class BadMessageError extends Error {
  constructor(
    readonly reason: BadMessageReason,
    message: string,
  ) {
    super(message);
    this.name = 'BadMessageError';
  }
}

export interface DecodeOptions {
  maxBytes: number;
  /** Queue for messages that do not name one. */
  queue?: string;
  /** Task types this ingress accepts; undefined = any. */
  acceptType?: (name: string) => boolean;
  now: number;
}

export interface DecodedTask {
  format: 'seed' | 'taskframe';
  spec: EnqueueSpec;
}

/** Fields a bus message may set in taskframe's own format (no parents, runs or dependencies from outside). */
const OWN_FIELDS = new Set(['name', 'payload', 'queue', 'priority', 'delay', 'runAt', 'maxAttempts', 'timeout', 'key', 'dedupKey', 'tags', 'backoff']);

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function isSeedTask(v: unknown): v is { type: string; task: Json } {
  return isObject(v) && typeof v.type === 'string' && 'task' in v && !('name' in v);
}

export function decodeTaskMessage(data: Buffer, o: DecodeOptions): DecodedTask {
  if (data.length > o.maxBytes) throw new BadMessageError('too_large', `message is ${data.length} bytes; the limit is ${o.maxBytes}`);
  let v: unknown;
  try {
    v = JSON.parse(data.toString('utf8'));
  } catch (err) {
    throw new BadMessageError('not_json', `not JSON: ${(err as Error).message}`);
  }
  let decoded: DecodedTask;
  if (isSeedTask(v)) {
    decoded = { format: 'seed', spec: { name: v.type, payload: v, ...(o.queue ? { queue: o.queue } : {}) } };
  } else if (isObject(v) && typeof v.name === 'string') {
    for (const k of Object.keys(v)) {
      if (!OWN_FIELDS.has(k)) throw new BadMessageError('invalid', `${k}: not accepted from the bus (allowed: ${[...OWN_FIELDS].join(', ')})`);
    }
    decoded = { format: 'taskframe', spec: { ...(o.queue ? { queue: o.queue } : {}), ...(v as unknown as EnqueueSpec) } };
  } else {
    throw new BadMessageError('not_a_task', 'not a task: expected {"type","task",…} (seed format) or {"name","payload",…} (taskframe format)');
  }
  if (o.acceptType && !o.acceptType(decoded.spec.name)) {
    throw new BadMessageError('unknown_type', `unknown task type "${decoded.spec.name}"`);
  }
  try {
    resolveSpec(decoded.spec, o.now);
  } catch (err) {
    if (err instanceof ValidationError) throw new BadMessageError('invalid', err.message);
    throw err;
  }
  return decoded;
}

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled', 'skipped']);

/** True for the event that finishes a task (one per finishing; a task retried by hand finishes again). */
export function isFinishingEvent(e: TaskEvent): boolean {
  return TERMINAL.has(e.type);
}

/** The done message for the event that finished `task` (the event, not the task's later state, decides). */
export function doneMessage(task: Task, e: TaskEvent): Record<string, Json> {
  const detail = isObject(e.detail) ? e.detail : {};
  const error = isObject(detail.error) ? detail.error : null;
  const ok = e.type === 'succeeded';
  let msg: string;
  if (ok) msg = typeof task.result === 'string' ? task.result : 'completed successfully';
  else if (e.type === 'cancelled') msg = `cancelled${typeof detail.reason === 'string' ? `: ${detail.reason}` : ''}`;
  else if (e.type === 'skipped') msg = 'skipped: a dependency did not succeed or a run condition said no';
  else msg = typeof error?.message === 'string' ? error.message : 'failed';
  const base: Record<string, Json> = isSeedTask(task.payload) && task.payload.type === task.name ? { ...(task.payload as Record<string, Json>) } : {};
  return {
    ...base,
    type: task.name,
    task: isSeedTask(task.payload) ? task.payload.task : task.id,
    result: ok ? 'complete' : 'error',
    msg,
    started: iso(task.startedAt),
    completed: iso(e.at),
    id: task.id,
    queue: task.queue,
    state: e.type,
    attempt: e.attempt,
    output: ok ? task.result : null,
  };
}

/** A task event as published on the events topic (for analytics): the event's JSON, as the API shows it. */
export function eventMessage(e: TaskEvent): EventJson {
  return eventJson(e);
}
