/**
 * Row <-> record mapping shared by the drivers. Both store tasks with the same snake_case
 * columns; JSON columns arrive as text (SQLite) or already parsed (PostgreSQL jsonb).
 */
import { DEFAULT_BACKOFF, type BackoffPolicy } from '../model/backoff.js';
import type { TaskState } from '../model/state.js';
import type { ClaimedTask, Json, NewTask, Task, TaskError, TaskEvent, EventType } from '../model/task.js';
import type { Run, RunState, StoredCursor } from './store.js';
import type { TriggerRule } from '../model/trigger.js';
import type { DependentCounters } from '../model/decisions.js';

export interface TaskRow {
  id: number | string | bigint;
  name: string;
  queue: string;
  state: string;
  payload: unknown;
  result: unknown;
  error: unknown;
  progress: unknown;
  priority: number;
  run_at: number | string;
  attempt: number;
  max_attempts: number;
  backoff: unknown;
  timeout_ms: number | string | null;
  lease_token: number | string;
  lease_expires_at: number | string | null;
  worker_id: string | null;
  parent_id: number | string | bigint | null;
  run_id: string | null;
  key: string | null;
  tags: unknown;
  deps_pending: number;
  deps_failed: number;
  trigger_rule: string;
  dedup_key: string | null;
  children_pending: number;
  created_at: number | string;
  started_at: number | string | null;
  finished_at: number | string | null;
  updated_at: number | string;
}

/** Columns a claim reads back, in this order; everything else it has just set itself. */
export const CLAIMED_COLUMNS = [
  'id', 'name', 'queue', 'payload', 'error', 'progress', 'priority', 'run_at', 'attempt', 'max_attempts', 'backoff',
  'timeout_ms', 'lease_token', 'parent_id', 'run_id', 'key', 'tags', 'deps_pending', 'deps_failed', 'trigger_rule',
  'dedup_key', 'children_pending', 'created_at',
] as const;

/** The task a claim returns, from CLAIMED_COLUMNS (raw) plus what the claim set. */
export function claimedRowToTask(a: unknown[], workerId: string, now: number, leaseMs: number): ClaimedTask {
  return {
    id: String(a[0]), name: a[1] as string, queue: a[2] as string, state: 'running', payload: json<Json>(a[3]), result: null,
    error: json<TaskError>(a[4]), progress: json<Json>(a[5]), priority: a[6] as number, runAt: num(a[7] as number),
    attempt: a[8] as number, maxAttempts: a[9] as number, backoff: sharedJson<BackoffPolicy>(a[10]) ?? DEFAULT_BACKOFF,
    timeoutMs: a[11] === null ? null : num(a[11] as number), leaseToken: num(a[12] as number), leaseExpiresAt: now + leaseMs,
    workerId, parentId: a[13] === null ? null : String(a[13]), runId: a[14] as string | null, key: a[15] as string | null,
    tags: a[16] === null ? [] : [...(sharedJson<string[]>(a[16]) ?? [])], depsPending: a[17] as number, depsFailed: a[18] as number,
    triggerRule: a[19] as TriggerRule, dedupKey: a[20] as string | null, childrenPending: a[21] as number,
    createdAt: num(a[22] as number), startedAt: now, finishedAt: null, updatedAt: now,
  };
}

/** A task row read in raw (array) mode, columns in table order (schema TASK_COLUMN_NAMES). */
export function arrayToTaskRow(a: unknown[]): TaskRow {
  return {
    id: a[0] as number, name: a[1] as string, queue: a[2] as string, state: a[3] as string, payload: a[4], result: a[5],
    error: a[6], progress: a[7], priority: a[8] as number, run_at: a[9] as number, attempt: a[10] as number,
    max_attempts: a[11] as number, backoff: a[12], timeout_ms: a[13] as number | null, lease_token: a[14] as number,
    lease_expires_at: a[15] as number | null, worker_id: a[16] as string | null, parent_id: a[17] as number | null,
    run_id: a[18] as string | null, key: a[19] as string | null, tags: a[20], deps_pending: a[21] as number,
    deps_failed: a[22] as number, trigger_rule: a[23] as string, dedup_key: a[24] as string | null,
    children_pending: a[25] as number, created_at: a[26] as number, started_at: a[27] as number | null,
    finished_at: a[28] as number | null, updated_at: a[29] as number,
  };
}

export interface EventRow {
  id: number | string | bigint;
  task_id: number | string | bigint;
  type: string;
  at: number | string;
  attempt: number;
  worker_id: string | null;
  detail: unknown;
}

function json<T>(value: unknown): T | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return JSON.parse(value) as T;
  return value as T;
}

/**
 * Backoff policies and tag lists repeat across millions of rows; parsing each once and sharing
 * the (frozen) result is measurably cheaper on the claim path.
 */
const shared = new Map<string, unknown>();
function sharedJson<T>(value: unknown): T | null {
  if (typeof value !== 'string') return json<T>(value);
  let v = shared.get(value);
  if (v === undefined) {
    v = Object.freeze(JSON.parse(value));
    if (shared.size > 1000) shared.clear();
    shared.set(value, v);
  }
  return v as T;
}

const num = (v: number | string | bigint): number => (typeof v === 'number' ? v : Number(v));
const numOrNull = (v: number | string | null): number | null => (v === null ? null : num(v));

export function rowToTask(r: TaskRow): Task {
  return {
    id: String(r.id),
    name: r.name,
    queue: r.queue,
    state: r.state as TaskState,
    payload: json<Json>(r.payload),
    result: json<Json>(r.result),
    error: json<TaskError>(r.error),
    progress: json<Json>(r.progress),
    priority: r.priority,
    runAt: num(r.run_at),
    attempt: r.attempt,
    maxAttempts: r.max_attempts,
    backoff: sharedJson<BackoffPolicy>(r.backoff) ?? DEFAULT_BACKOFF,
    timeoutMs: numOrNull(r.timeout_ms),
    leaseToken: num(r.lease_token),
    leaseExpiresAt: numOrNull(r.lease_expires_at),
    workerId: r.worker_id,
    parentId: r.parent_id === null ? null : String(r.parent_id),
    runId: r.run_id,
    key: r.key,
    tags: [...(sharedJson<string[]>(r.tags) ?? [])],
    depsPending: r.deps_pending,
    depsFailed: r.deps_failed,
    triggerRule: r.trigger_rule as TriggerRule,
    dedupKey: r.dedup_key,
    childrenPending: r.children_pending,
    createdAt: num(r.created_at),
    startedAt: numOrNull(r.started_at),
    finishedAt: numOrNull(r.finished_at),
    updatedAt: num(r.updated_at),
  };
}

export function rowToEvent(r: EventRow): TaskEvent {
  return {
    id: String(r.id),
    taskId: String(r.task_id),
    type: r.type as EventType,
    at: num(r.at),
    attempt: r.attempt,
    workerId: r.worker_id,
    detail: json<Json>(r.detail),
  };
}

export interface LogRow {
  id: number | string;
  task_id: number | string;
  attempt: number;
  at: number;
  stream: string;
  text: string;
}

export interface RunRow {
  id: string;
  name: string;
  state: string;
  spec: unknown;
  inputs: unknown;
  outputs: unknown;
  error: unknown;
  trigger: string | null;
  created_at: number | string;
  finished_at: number | string | null;
  updated_at: number | string;
}

export function rowToRun(r: RunRow): Run {
  return {
    id: r.id,
    name: r.name,
    state: r.state as RunState,
    spec: json<Json>(r.spec),
    inputs: json<Json>(r.inputs),
    outputs: json<Json>(r.outputs),
    error: json<Json>(r.error),
    trigger: r.trigger,
    createdAt: num(r.created_at),
    finishedAt: numOrNull(r.finished_at),
    updatedAt: num(r.updated_at),
  };
}

/** The record of a task just inserted, built from what was written (cheaper than reading it back). */
export function newTaskRecord(id: number | string, t: NewTask, state: TaskState, depsPending: number, depsFailed: number, now: number): Task {
  return {
    id: String(id), name: t.name, queue: t.queue, state, payload: t.payload, result: null, error: null, progress: null,
    priority: t.priority, runAt: t.runAt, attempt: 0, maxAttempts: t.maxAttempts, backoff: t.backoff, timeoutMs: t.timeoutMs,
    leaseToken: 0, leaseExpiresAt: null, workerId: null, parentId: t.parentId, runId: t.runId, key: t.key, tags: t.tags,
    depsPending, depsFailed, triggerRule: t.triggerRule, dedupKey: t.dedupKey, childrenPending: 0,
    createdAt: now, startedAt: null, finishedAt: null, updatedAt: now,
  };
}

/** Tasks share a few policy objects (backoff): each is stringified once. */
const policyTexts = new WeakMap<object, string>();
export function policyText(policy: object): string {
  let s = policyTexts.get(policy);
  if (s === undefined) policyTexts.set(policy, (s = JSON.stringify(policy)));
  return s;
}

/**
 * A task's retry policy as stored: the default as NULL (read back as DEFAULT_BACKOFF). Most
 * rows carry it, and it was a third of a plain task's row.
 */
export function backoffText(policy: BackoffPolicy): string | null {
  const stored = storedBackoff(policy);
  return stored && policyText(stored);
}

/** backoffText for a row sent as a JSON record. */
export function storedBackoff(policy: BackoffPolicy): BackoffPolicy | null {
  return policy === DEFAULT_BACKOFF ? null : policy;
}

/** A dependent's counters as the statements that move them return them (id, state, trigger_rule, deps_*, run_at). */
export interface DependentRow<Id> {
  id: Id;
  state: string;
  trigger_rule: string;
  deps_pending: number;
  deps_failed: number;
  run_at: number | string;
}

export function dependentCounters<Id extends number | string>(r: DependentRow<Id>): DependentCounters<Id> {
  return { id: r.id, state: r.state as TaskState, triggerRule: r.trigger_rule as TriggerRule, depsPending: r.deps_pending, depsFailed: r.deps_failed, runAt: num(r.run_at) };
}

export interface CursorRow {
  name: string;
  value: string;
  updated_at: number | string;
}

export const rowToCursor = (r: CursorRow): StoredCursor => ({ name: r.name, value: r.value, updatedAt: Number(r.updated_at) });
