/**
 * Row <-> record mapping shared by the drivers. Both store tasks with the same snake_case
 * columns; JSON columns arrive as text (SQLite) or already parsed (PostgreSQL jsonb).
 */
import { DEFAULT_BACKOFF, type BackoffPolicy } from '../model/backoff.js';
import type { TaskState } from '../model/state.js';
import type { Json, Task, TaskError, TaskEvent, EventType } from '../model/task.js';
import type { Run, RunState } from './store.js';
import type { TriggerRule } from '../model/trigger.js';

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
    backoff: json<BackoffPolicy>(r.backoff) ?? DEFAULT_BACKOFF,
    timeoutMs: numOrNull(r.timeout_ms),
    leaseToken: num(r.lease_token),
    leaseExpiresAt: numOrNull(r.lease_expires_at),
    workerId: r.worker_id,
    parentId: r.parent_id === null ? null : String(r.parent_id),
    runId: r.run_id,
    key: r.key,
    tags: json<string[]>(r.tags) ?? [],
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
