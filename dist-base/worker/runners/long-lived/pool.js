import { RunnerError, RunnerProcess } from './runner-process.js';
export class RunnerPool {
    unitName;
    spec;
    o;
    slots = [];
    waiting = [];
    startFailures = 0;
    restartAt = 0;
    restartTimer = null;
    closed = false;
    /** Processes started so far (tests read it). */
    started = 0;
    constructor(unitName, spec, o) {
        this.unitName = unitName;
        this.spec = spec;
        this.o = o;
    }
    get size() {
        return this.slots.length;
    }
    run(msg, hooks, signal) {
        if (this.closed)
            return Promise.reject(new RunnerError('RUNNER_DIED', `runner pool of unit ${this.unitName} is closed`));
        return new Promise((resolve, reject) => {
            const w = { msg, hooks, resolve, reject };
            if (signal) {
                const onAbort = () => {
                    const i = this.waiting.indexOf(w);
                    if (i >= 0)
                        this.waiting.splice(i, 1);
                    for (const s of this.slots) {
                        if (s.proc.inFlight.delete(msg.id)) {
                            s.proc.cancel(msg.id);
                            this.afterAnswer(s);
                        }
                    }
                    reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
                };
                if (signal.aborted)
                    return onAbort();
                signal.addEventListener('abort', onAbort, { once: true });
                const done = () => signal.removeEventListener('abort', onAbort);
                w.resolve = (v) => (done(), resolve(v));
                w.reject = (e) => (done(), reject(e));
            }
            this.waiting.push(w);
            this.dispatch();
        });
    }
    dispatch() {
        while (this.waiting.length > 0) {
            let best = null;
            for (const s of this.slots) {
                if (!s.ready || s.draining || s.proc.dead || s.proc.inFlight.size >= this.o.concurrency)
                    continue;
                if (!best || s.proc.inFlight.size < best.proc.inFlight.size)
                    best = s;
            }
            if (!best)
                break;
            const w = this.waiting.shift();
            this.send(best, w);
        }
        if (this.waiting.length > 0)
            this.grow();
    }
    send(s, w) {
        s.proc.run(w.msg, w.hooks).then((v) => {
            w.resolve(v);
            this.afterAnswer(s);
        }, (e) => {
            w.reject(e);
            this.afterAnswer(s);
        });
    }
    afterAnswer(s) {
        if (!s.draining && this.o.recycleAfter !== null && s.proc.answered >= this.o.recycleAfter) {
            s.draining = true;
            this.o.onEvent?.('recycled', `pid ${s.proc.pid} after ${s.proc.answered} tasks`);
        }
        if (s.draining && s.proc.inFlight.size === 0) {
            this.remove(s);
            void s.proc.stop();
        }
        this.dispatch();
    }
    /** Starts processes while there is demand and room. */
    grow() {
        if (this.closed)
            return;
        const starting = this.slots.filter((s) => !s.ready && !s.proc.dead).length;
        const live = this.slots.filter((s) => !s.proc.dead && !s.draining).length;
        if (live >= this.o.processes || starting > 0)
            return;
        const wait = this.restartAt - Date.now();
        if (wait > 0) {
            this.restartTimer ??= setTimeout(() => {
                this.restartTimer = null;
                this.dispatch();
            }, wait);
            return;
        }
        let proc;
        try {
            proc = new RunnerProcess(this.unitName, this.spec(), this.o.readyTimeoutMs);
        }
        catch (err) {
            this.startFailed(err);
            return;
        }
        this.started++;
        const slot = { proc, ready: false, draining: false };
        this.slots.push(slot);
        if (this.o.onStderr)
            proc.on('stderr', this.o.onStderr);
        proc.on('exit', (err) => {
            this.remove(slot);
            this.o.onEvent?.(proc.stopping ? 'stopped' : 'exited', err.message);
            if (!slot.ready)
                this.startFailed(err);
            else
                this.dispatch();
        });
        proc.ready.then(() => {
            slot.ready = true;
            this.startFailures = 0;
            this.o.onEvent?.('started', `pid ${proc.pid}`);
            this.dispatch();
        }, () => undefined);
    }
    startFailed(err) {
        this.startFailures++;
        this.restartAt = Date.now() + Math.min(5000, 100 * 2 ** (this.startFailures - 1));
        // With no process able to take them, waiting tasks fail now (and retry later).
        if (!this.slots.some((s) => s.ready && !s.proc.dead)) {
            const failed = this.waiting.splice(0);
            for (const w of failed)
                w.reject(err);
        }
    }
    remove(s) {
        const i = this.slots.indexOf(s);
        if (i >= 0)
            this.slots.splice(i, 1);
    }
    async close(graceMs = 5000) {
        this.closed = true;
        if (this.restartTimer)
            clearTimeout(this.restartTimer);
        for (const w of this.waiting.splice(0))
            w.reject(new RunnerError('RUNNER_DIED', `runner pool of unit ${this.unitName} closed`));
        await Promise.all(this.slots.splice(0).map((s) => s.proc.stop(graceMs)));
    }
}
//# sourceMappingURL=pool.js.map