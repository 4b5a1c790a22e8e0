/**
 * The TypeScript HTTP client: everything the API offers, typed, on global fetch (Node 20+).
 *
 *   const c = new TaskframeClient({ url: 'http://127.0.0.1:8080', token: process.env.TF_TOKEN });
 *   const { task } = await c.enqueue({ name: 'email.send', payload: { to: 'a@example.com' } });
 *   const done = await c.waitFor(task.id);
 */
import type { ClaimedTaskJson, EventJson, LogLineJson, RunJson, TaskJson } from '../model/json-schema.js';
import type { EnqueueSpec } from '../model/spec.js';
export type { ClaimedTaskJson, EventJson, LogLineJson, RunJson, TaskJson };
export type EnqueueRequest = Omit<EnqueueSpec, 'runAt'> & {
    runAt?: number | string;
};
/** A task of `enqueueMany`: `after` names earlier tasks of the same call by index (it depends on them). */
export type EnqueueBatchRequest = EnqueueRequest & {
    after?: number[];
};
export interface ItemResult {
    id: string;
    ok: boolean;
    state: string | null;
    leaseExpiresAt?: string | null;
    error?: {
        code: string;
        message: string;
    };
}
export interface RemoteError {
    message: string;
    kind?: string;
    stack?: string;
    retryable?: boolean;
    retryAfterMs?: number;
}
/** An error reply from the server, with its stable code (VALIDATION, NOT_FOUND, LEASE_LOST, …). */
export declare class ApiError extends Error {
    readonly status: number;
    readonly code: string;
    readonly field?: string | undefined;
    constructor(status: number, code: string, message: string, field?: string | undefined);
}
export interface ClientOptions {
    url: string;
    token: string;
    /** Per-request timeout (ms) on top of any long-poll wait. */
    timeoutMs?: number;
}
export declare class TaskframeClient {
    private readonly base;
    private readonly token;
    private readonly timeoutMs;
    constructor(options: ClientOptions);
    request<T>(method: string, path: string, body?: unknown, extraTimeoutMs?: number): Promise<T>;
    /** created: false when an existing task was returned (key, dedupKey); collapsed: true when it was joined by its debounce or throttle key. */
    enqueue(spec: EnqueueRequest): Promise<{
        task: TaskJson;
        created: boolean;
        collapsed?: boolean;
    }>;
    enqueueMany(specs: EnqueueBatchRequest[]): Promise<TaskJson[]>;
    get(id: string): Promise<TaskJson>;
    list(filter?: {
        state?: string;
        queue?: string;
        name?: string;
        runId?: string;
        limit?: number;
        cursor?: string;
    }): Promise<{
        tasks: TaskJson[];
        nextCursor: string | null;
    }>;
    cancel(id: string, reason?: string): Promise<TaskJson>;
    retry(id: string): Promise<TaskJson>;
    events(id: string): Promise<EventJson[]>;
    logs(id: string): Promise<LogLineJson[]>;
    queues(): Promise<Array<{
        queue: string;
        paused: boolean;
        counts: Record<string, number>;
    }>>;
    run(id: string): Promise<{
        run: RunJson;
        tasks: TaskJson[];
        edges: Array<{
            from: string;
            to: string;
        }>;
        counts: Record<string, number>;
        truncated: boolean;
    }>;
    /** Polls until the task finishes (succeeded, failed, cancelled or skipped) and returns it. */
    waitFor(id: string, options?: {
        timeoutMs?: number;
        intervalMs?: number;
    }): Promise<TaskJson>;
    claim(p: {
        workerId: string;
        queues: string[];
        limit: number;
        leaseMs?: number;
        waitMs?: number;
    }): Promise<ClaimedTaskJson[]>;
    heartbeat(p: {
        workerId: string;
        leaseMs?: number;
        tasks: Array<{
            id: string;
            leaseToken: number;
            progress?: unknown;
        }>;
    }): Promise<ItemResult[]>;
    report(p: {
        workerId?: string;
        outcomes: Array<{
            id: string;
            leaseToken: number;
            result?: unknown;
            error?: RemoteError;
        }>;
    }): Promise<ItemResult[]>;
    succeed(id: string, leaseToken: number, result?: unknown): Promise<TaskJson>;
    fail(id: string, leaseToken: number, error: RemoteError): Promise<TaskJson>;
    unclaim(id: string, leaseToken: number): Promise<TaskJson>;
    appendLogs(id: string, leaseToken: number, lines: Array<{
        stream?: 'stdout' | 'stderr' | 'system';
        text: string;
    }>): Promise<void>;
}
