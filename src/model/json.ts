/**
 * Records -> their JSON shapes (json-schema.ts): the one place a task, event, run or log line
 * becomes JSON, for the API, the CLI's --json and the bus. Imports the shapes' types only, so
 * this costs no TypeBox at run time.
 */
import type { ClaimedTaskJson, EventJson, LogLineJson, RunJson, TaskJson } from './json-schema.js';
import type { StoredLogEntry } from './log.js';
import type { Run } from './run.js';
import { stepOf } from './step.js';
import type { ClaimedTask, Json, Task, TaskEvent } from './task.js';

export type { ClaimedTaskJson, EventJson, LogLineJson, RunJson, TaskJson };

/**
 * Tasks of one response share most of their times (enqueued together, claimed together), and
 * formatting a date was 7% of the server's time for remote claims: the recent ones are kept.
 */
const isoCache = new Map<number, string>();

export function iso(ms: number): string;
export function iso(ms: number | null): string | null;
export function iso(ms: number | null): string | null {
  if (ms === null) return null;
  let s = isoCache.get(ms);
  if (s === undefined) {
    if (isoCache.size >= 4096) isoCache.clear();
    isoCache.set(ms, (s = new Date(ms).toISOString()));
  }
  return s;
}

export function taskJson(t: Task): TaskJson {
  return {
    id: t.id,
    name: t.name,
    step: stepOf(t),
    queue: t.queue,
    state: t.state,
    attempt: t.attempt,
    maxAttempts: t.maxAttempts,
    priority: t.priority,
    payload: t.payload,
    result: t.result,
    error: t.error,
    progress: t.progress,
    parentId: t.parentId,
    runId: t.runId,
    key: t.key,
    tags: t.tags,
    runAt: iso(t.runAt),
    timeoutMs: t.timeoutMs,
    workerId: t.workerId,
    leaseExpiresAt: iso(t.leaseExpiresAt),
    depsPending: t.depsPending,
    childrenPending: t.childrenPending,
    createdAt: iso(t.createdAt),
    startedAt: iso(t.startedAt),
    finishedAt: iso(t.finishedAt),
    updatedAt: iso(t.updatedAt),
  };
}

export function claimedTaskJson(t: ClaimedTask): ClaimedTaskJson {
  return { ...taskJson(t), leaseToken: t.leaseToken, leaseExpiresAt: iso(t.leaseExpiresAt), backoff: t.backoff };
}

/** Times the store writes into an event's detail, by event type (other details are left as they are: a progress event's is the user's). */
const DETAIL_TIMES: Partial<Record<string, readonly string[]>> = {
  retry_scheduled: ['retryAt'],
  lease_expired: ['leaseExpiresAt'],
};

export function eventJson(e: TaskEvent): EventJson {
  return { id: e.id, taskId: e.taskId, type: e.type, at: iso(e.at), attempt: e.attempt, workerId: e.workerId, detail: detailJson(e) };
}

function detailJson(e: TaskEvent): Json | null {
  const times = DETAIL_TIMES[e.type];
  const d = e.detail;
  if (!times || d === null || typeof d !== 'object' || Array.isArray(d)) return d;
  const out: Record<string, Json> = { ...d };
  for (const k of times) if (typeof out[k] === 'number') out[k] = iso(out[k] as number);
  return out;
}

export function runJson(r: Run): RunJson {
  return {
    id: r.id,
    name: r.name,
    state: r.state,
    spec: r.spec,
    inputs: r.inputs,
    outputs: r.outputs,
    error: r.error,
    trigger: r.trigger,
    createdAt: iso(r.createdAt),
    finishedAt: iso(r.finishedAt),
    updatedAt: iso(r.updatedAt),
  };
}

export function logLineJson(l: StoredLogEntry): LogLineJson {
  return { id: l.id, attempt: l.attempt, at: iso(l.at), stream: l.stream, text: l.text };
}
