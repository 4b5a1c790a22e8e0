/**
 * The TypeScript HTTP client: everything the API offers, typed, on global fetch (Node 20+).
 *
 *   const c = new TaskframeClient({ url: 'http://127.0.0.1:8080', token: process.env.TF_TOKEN });
 *   const { task } = await c.enqueue({ name: 'email.send', payload: { to: 'a@example.com' } });
 *   const done = await c.waitFor(task.id);
 */
import type { ClaimedTaskJson, EventJson, LogLineJson, RunJson, TaskJson } from '../model/json-schema.js';
import type { EnqueueSpec } from '../model/spec.js';

// The server's own shapes (model/json-schema.ts): the client's types cannot drift from what it answers.
export type { ClaimedTaskJson, EventJson, LogLineJson, RunJson, TaskJson };
export type EnqueueRequest = Omit<EnqueueSpec, 'runAt'> & { runAt?: number | string };
/** A task of `enqueueMany`: `after` names earlier tasks of the same call by index (it depends on them). */
export type EnqueueBatchRequest = EnqueueRequest & { after?: number[] };

export interface ItemResult {
  id: string;
  ok: boolean;
  state: string | null;
  leaseExpiresAt?: string | null;
  error?: { code: string; message: string };
}

export interface RemoteError {
  message: string;
  kind?: string;
  stack?: string;
  retryable?: boolean;
  retryAfterMs?: number;
}

/** An error reply from the server, with its stable code (VALIDATION, NOT_FOUND, LEASE_LOST, …). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const FINISHED = new Set(['succeeded', 'failed', 'cancelled', 'skipped']);

export interface ClientOptions {
  url: string;
  token: string;
  /** Per-request timeout (ms) on top of any long-poll wait. */
  timeoutMs?: number;
}

export class TaskframeClient {
  private readonly base: string;
  private readonly token: string;
  private readonly timeoutMs: number;

  constructor(options: ClientOptions) {
    this.base = options.url.replace(/\/+$/, '');
    this.token = options.token;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  async request<T>(method: string, path: string, body?: unknown, extraTimeoutMs = 0): Promise<T> {
    const res = await fetch(this.base + path, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(this.timeoutMs + extraTimeoutMs),
    });
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    const data = text ? JSON.parse(text) : undefined;
    if (!res.ok) {
      const e = data?.error ?? {};
      throw new ApiError(res.status, e.code ?? `HTTP_${res.status}`, e.message ?? text, e.field);
    }
    return data as T;
  }

  // ---- producing and reading ----
  /** created: false when an existing task was returned (key, dedupKey); collapsed: true when it was joined by its debounce or throttle key. */
  enqueue(spec: EnqueueRequest): Promise<{ task: TaskJson; created: boolean; collapsed?: boolean }> {
    return this.request('POST', '/v1/tasks', spec);
  }
  async enqueueMany(specs: EnqueueBatchRequest[]): Promise<TaskJson[]> {
    return (await this.request<{ tasks: TaskJson[] }>('POST', '/v1/tasks/batch', { tasks: specs })).tasks;
  }
  async get(id: string): Promise<TaskJson> {
    return (await this.request<{ task: TaskJson }>('GET', `/v1/tasks/${encodeURIComponent(id)}`)).task;
  }
  list(filter: { state?: string; queue?: string; name?: string; runId?: string; limit?: number; cursor?: string } = {}): Promise<{ tasks: TaskJson[]; nextCursor: string | null }> {
    const q = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== undefined).map(([k, v]): [string, string] => [k, String(v)]));
    return this.request('GET', `/v1/tasks${q.size ? `?${q}` : ''}`);
  }
  async cancel(id: string, reason?: string): Promise<TaskJson> {
    return (await this.request<{ task: TaskJson }>('POST', `/v1/tasks/${id}/cancel`, reason ? { reason } : {})).task;
  }
  async retry(id: string): Promise<TaskJson> {
    return (await this.request<{ task: TaskJson }>('POST', `/v1/tasks/${id}/retry`)).task;
  }
  async events(id: string): Promise<EventJson[]> {
    return (await this.request<{ events: EventJson[] }>('GET', `/v1/tasks/${id}/events`)).events;
  }
  async logs(id: string): Promise<LogLineJson[]> {
    return (await this.request<{ logs: LogLineJson[] }>('GET', `/v1/tasks/${id}/logs`)).logs;
  }
  async queues(): Promise<Array<{ queue: string; paused: boolean; counts: Record<string, number> }>> {
    return (await this.request<{ queues: Array<{ queue: string; paused: boolean; counts: Record<string, number> }> }>('GET', '/v1/queues')).queues;
  }
  run(id: string): Promise<{ run: RunJson; tasks: TaskJson[]; edges: Array<{ from: string; to: string }>; counts: Record<string, number>; truncated: boolean }> {
    return this.request('GET', `/v1/runs/${encodeURIComponent(id)}`);
  }

  /** Polls until the task finishes (succeeded, failed, cancelled or skipped) and returns it. */
  async waitFor(id: string, options: { timeoutMs?: number; intervalMs?: number } = {}): Promise<TaskJson> {
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    let interval = options.intervalMs ?? 50;
    for (;;) {
      const t = await this.get(id);
      if (FINISHED.has(t.state)) return t;
      if (Date.now() > deadline) throw new ApiError(0, 'TIMEOUT', `task ${id} still ${t.state} after ${options.timeoutMs ?? 60_000} ms`);
      await new Promise((r) => setTimeout(r, interval));
      interval = Math.min(interval * 2, 1000);
    }
  }

  // ---- remote worker calls ----
  async claim(p: { workerId: string; queues: string[]; limit: number; leaseMs?: number; waitMs?: number }): Promise<ClaimedTaskJson[]> {
    return (await this.request<{ tasks: ClaimedTaskJson[] }>('POST', '/v1/worker/claim', p, p.waitMs ?? 0)).tasks;
  }
  async heartbeat(p: { workerId: string; leaseMs?: number; tasks: Array<{ id: string; leaseToken: number; progress?: unknown }> }): Promise<ItemResult[]> {
    return (await this.request<{ results: ItemResult[] }>('POST', '/v1/worker/heartbeat', p)).results;
  }
  async report(p: { workerId?: string; outcomes: Array<{ id: string; leaseToken: number; result?: unknown; error?: RemoteError }> }): Promise<ItemResult[]> {
    return (await this.request<{ results: ItemResult[] }>('POST', '/v1/worker/report', p)).results;
  }
  async succeed(id: string, leaseToken: number, result?: unknown): Promise<TaskJson> {
    return (await this.request<{ task: TaskJson }>('POST', `/v1/worker/tasks/${id}/succeed`, { leaseToken, result })).task;
  }
  async fail(id: string, leaseToken: number, error: RemoteError): Promise<TaskJson> {
    return (await this.request<{ task: TaskJson }>('POST', `/v1/worker/tasks/${id}/fail`, { leaseToken, error })).task;
  }
  async unclaim(id: string, leaseToken: number): Promise<TaskJson> {
    return (await this.request<{ task: TaskJson }>('POST', `/v1/worker/tasks/${id}/unclaim`, { leaseToken })).task;
  }
  async appendLogs(id: string, leaseToken: number, lines: Array<{ stream?: 'stdout' | 'stderr' | 'system'; text: string }>): Promise<void> {
    await this.request('POST', `/v1/worker/tasks/${id}/logs`, { leaseToken, lines });
  }
}
