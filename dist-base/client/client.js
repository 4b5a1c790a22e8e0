/** An error reply from the server, with its stable code (VALIDATION, NOT_FOUND, LEASE_LOST, …). */
export class ApiError extends Error {
    status;
    code;
    field;
    constructor(status, code, message, field) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
        this.name = 'ApiError';
    }
}
const FINISHED = new Set(['succeeded', 'failed', 'cancelled', 'skipped']);
export class TaskframeClient {
    base;
    token;
    timeoutMs;
    constructor(options) {
        this.base = options.url.replace(/\/+$/, '');
        this.token = options.token;
        this.timeoutMs = options.timeoutMs ?? 30_000;
    }
    async request(method, path, body, extraTimeoutMs = 0) {
        const res = await fetch(this.base + path, {
            method,
            headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
            body: body !== undefined ? JSON.stringify(body) : undefined,
            signal: AbortSignal.timeout(this.timeoutMs + extraTimeoutMs),
        });
        if (res.status === 204)
            return undefined;
        const text = await res.text();
        const data = text ? JSON.parse(text) : undefined;
        if (!res.ok) {
            const e = data?.error ?? {};
            throw new ApiError(res.status, e.code ?? `HTTP_${res.status}`, e.message ?? text, e.field);
        }
        return data;
    }
    // ---- producing and reading ----
    /** created: false when an existing task was returned (key, dedupKey); collapsed: true when it was joined by its debounce or throttle key. */
    enqueue(spec) {
        return this.request('POST', '/v1/tasks', spec);
    }
    async enqueueMany(specs) {
        return (await this.request('POST', '/v1/tasks/batch', { tasks: specs })).tasks;
    }
    async get(id) {
        return (await this.request('GET', `/v1/tasks/${encodeURIComponent(id)}`)).task;
    }
    list(filter = {}) {
        const q = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
        return this.request('GET', `/v1/tasks${q.size ? `?${q}` : ''}`);
    }
    async cancel(id, reason) {
        return (await this.request('POST', `/v1/tasks/${id}/cancel`, reason ? { reason } : {})).task;
    }
    async retry(id) {
        return (await this.request('POST', `/v1/tasks/${id}/retry`)).task;
    }
    async events(id) {
        return (await this.request('GET', `/v1/tasks/${id}/events`)).events;
    }
    async logs(id) {
        return (await this.request('GET', `/v1/tasks/${id}/logs`)).logs;
    }
    async queues() {
        return (await this.request('GET', '/v1/queues')).queues;
    }
    run(id) {
        return this.request('GET', `/v1/runs/${encodeURIComponent(id)}`);
    }
    /** Polls until the task finishes (succeeded, failed, cancelled or skipped) and returns it. */
    async waitFor(id, options = {}) {
        const deadline = Date.now() + (options.timeoutMs ?? 60_000);
        let interval = options.intervalMs ?? 50;
        for (;;) {
            const t = await this.get(id);
            if (FINISHED.has(t.state))
                return t;
            if (Date.now() > deadline)
                throw new ApiError(0, 'TIMEOUT', `task ${id} still ${t.state} after ${options.timeoutMs ?? 60_000} ms`);
            await new Promise((r) => setTimeout(r, interval));
            interval = Math.min(interval * 2, 1000);
        }
    }
    // ---- remote worker calls ----
    async claim(p) {
        return (await this.request('POST', '/v1/worker/claim', p, p.waitMs ?? 0)).tasks;
    }
    async heartbeat(p) {
        return (await this.request('POST', '/v1/worker/heartbeat', p)).results;
    }
    async report(p) {
        return (await this.request('POST', '/v1/worker/report', p)).results;
    }
    async succeed(id, leaseToken, result) {
        return (await this.request('POST', `/v1/worker/tasks/${id}/succeed`, { leaseToken, result })).task;
    }
    async fail(id, leaseToken, error) {
        return (await this.request('POST', `/v1/worker/tasks/${id}/fail`, { leaseToken, error })).task;
    }
    async unclaim(id, leaseToken) {
        return (await this.request('POST', `/v1/worker/tasks/${id}/unclaim`, { leaseToken })).task;
    }
    async appendLogs(id, leaseToken, lines) {
        await this.request('POST', `/v1/worker/tasks/${id}/logs`, { leaseToken, lines });
    }
}
//# sourceMappingURL=client.js.map