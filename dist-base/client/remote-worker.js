/**
 * A worker that runs handlers in this process and talks to a taskframe server over HTTP.
 * Batches on every hop: one claim request fills every free slot (long-polling when idle), one
 * heartbeat request extends every held lease, and outcomes are reported together in one request
 * per tick. A report refused with LEASE_LOST means the task moved on; the result is dropped.
 */
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { TaskframeClient } from './client.js';
export class RemoteWorker extends EventEmitter {
    id;
    client;
    queues;
    concurrency;
    batchSize;
    leaseMs;
    waitMs;
    handlers;
    held = new Map();
    outbox = [];
    flushing = null;
    running = false;
    loop = null;
    hbTimer = null;
    slotFreed = null;
    givenBack = new Set();
    constructor(options) {
        super();
        this.client = new TaskframeClient(options);
        this.handlers = options.handlers;
        this.queues = options.queues ?? ['default'];
        this.concurrency = options.concurrency ?? 10;
        this.batchSize = options.batchSize ?? 100;
        this.leaseMs = options.leaseMs ?? 30_000;
        this.waitMs = options.waitMs ?? 5_000;
        this.id = options.workerId ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    }
    start() {
        if (this.running)
            return this;
        this.running = true;
        this.hbTimer = setInterval(() => void this.heartbeat(), Math.max(200, Math.floor(this.leaseMs / 3)));
        this.hbTimer.unref();
        this.loop = this.claimLoop();
        return this;
    }
    /**
     * Stops claiming, lets running handlers finish within `graceMs`, gives back (unclaims) any
     * still running after that, and flushes every outcome.
     */
    async stop(graceMs = 10_000) {
        this.running = false;
        this.slotFreed?.();
        await this.loop;
        const deadline = Date.now() + graceMs;
        while (this.held.size > 0 && Date.now() < deadline)
            await new Promise((r) => setTimeout(r, 10));
        const left = [...this.held.values()];
        this.held.clear();
        for (const h of left)
            h.abort.abort(new Error('worker shutting down'));
        // Outcomes of handlers settling after this point are dropped: the tasks were given back.
        this.givenBack = new Set(left.map((h) => h.task.id));
        await Promise.all(left.map((h) => this.client.unclaim(h.task.id, h.task.leaseToken).catch(() => undefined)));
        await this.flush();
        if (this.hbTimer)
            clearInterval(this.hbTimer);
    }
    async claimLoop() {
        while (this.running) {
            const room = Math.min(this.concurrency - this.held.size, this.batchSize);
            if (room <= 0) {
                await new Promise((r) => (this.slotFreed = r));
                this.slotFreed = null;
                continue;
            }
            let tasks;
            try {
                // Wait for work only when nothing is running, so finished slots refill promptly.
                tasks = await this.client.claim({ workerId: this.id, queues: this.queues, limit: room, leaseMs: this.leaseMs, waitMs: this.held.size === 0 ? this.waitMs : 0 });
            }
            catch (err) {
                this.emit('error', err);
                await new Promise((r) => setTimeout(r, 500));
                continue;
            }
            if (!this.running) {
                await Promise.all(tasks.map((t) => this.client.unclaim(t.id, t.leaseToken).catch(() => undefined)));
                break;
            }
            for (const t of tasks)
                this.run(t);
            if (tasks.length === 0 && this.held.size > 0) {
                await new Promise((r) => (this.slotFreed = r));
                this.slotFreed = null;
            }
        }
    }
    run(task) {
        const abort = new AbortController();
        this.held.set(task.id, { task, abort });
        const handler = this.handlers[task.name];
        const ctx = {
            task,
            signal: abort.signal,
            log: (text, stream = 'stdout') => this.client.appendLogs(task.id, task.leaseToken, [{ stream, text }]),
        };
        const settle = (outcome) => {
            if (this.givenBack.has(task.id))
                return;
            this.held.delete(task.id);
            this.outbox.push({ id: task.id, leaseToken: task.leaseToken, ...outcome });
            this.scheduleFlush();
            this.slotFreed?.();
        };
        if (!handler) {
            settle({ error: { message: `no handler for task name "${task.name}" in remote worker ${this.id}`, kind: 'NO_HANDLER' } });
            return;
        }
        Promise.resolve()
            .then(() => handler(task.payload, ctx))
            .then((result) => settle({ result: result === undefined ? null : result }), (err) => {
            const e = err instanceof Error ? err : new Error(String(err));
            settle({ error: { message: e.message, kind: e.name, ...(e.stack ? { stack: e.stack } : {}) } });
        });
    }
    scheduleFlush() {
        if (this.flushing)
            return;
        this.flushing = new Promise((r) => setImmediate(r)).then(() => this.flush());
    }
    async flush() {
        while (this.outbox.length > 0) {
            const batch = this.outbox.splice(0, 1000);
            try {
                const results = await this.client.report({ workerId: this.id, outcomes: batch });
                results.forEach((r, i) => {
                    const sent = batch[i];
                    this.emit('task:end', r.id, !r.ok ? 'lost' : sent.error ? 'failed' : 'succeeded', r);
                });
            }
            catch (err) {
                // The server did not take the batch: keep it for the next try (leases fence duplicates).
                this.outbox.unshift(...batch);
                this.emit('error', err);
                await new Promise((r) => setTimeout(r, 200));
                if (!this.running)
                    break;
            }
        }
        this.flushing = null;
    }
    async heartbeat() {
        const tasks = [...this.held.values()].map((h) => ({ id: h.task.id, leaseToken: h.task.leaseToken }));
        if (tasks.length === 0)
            return;
        try {
            const results = await this.client.heartbeat({ workerId: this.id, leaseMs: this.leaseMs, tasks });
            for (const r of results)
                if (!r.ok)
                    this.held.get(r.id)?.abort.abort(new Error(`lease lost: ${r.error?.message ?? r.state}`));
        }
        catch (err) {
            this.emit('error', err);
        }
    }
}
//# sourceMappingURL=remote-worker.js.map