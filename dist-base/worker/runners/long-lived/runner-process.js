/**
 * One long-lived runner process: started once, fed tasks as JSON lines on stdin, answering on
 * stdout, many tasks in flight. Writes of one event-loop turn go out as one pipe write. A
 * line that breaks the protocol, an exit, or a ready that never comes ends the process, and
 * every task in flight on it fails (and is retried by its own policy).
 */
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { buildArgv } from '../exec/run-process.js';
import { createMemoryCgroup } from '../exec/memory-limit.js';
import { orphanGuard } from '../exec/orphan-guard.js';
import { PROTOCOL_VERSION, parseRunnerLine } from './protocol.js';
export class RunnerError extends Error {
    code;
    constructor(code, message) {
        super(message);
        this.name = 'RunnerError';
        this.code = code;
    }
}
/** A task error the runner reported, carrying its retryable flag. */
export class RunnerTaskError extends RunnerError {
    retryable;
    constructor(message, retryable) {
        super('RUNNER_TASK', message);
        this.retryable = retryable;
    }
}
export class RunnerProcess extends EventEmitter {
    ready;
    inFlight = new Map();
    answered = 0;
    dead = false;
    /** Set when we asked it to exit (recycle, shutdown): its exit is expected. */
    stopping = false;
    child;
    out = [];
    flushScheduled = false;
    partial = '';
    stderrTail = '';
    isReady = false;
    resolveReady;
    rejectReady;
    readyTimer;
    cgroup = null;
    label;
    constructor(unitName, spec, readyTimeoutMs = 10_000) {
        super();
        this.label = `runner of unit ${unitName}`;
        this.ready = new Promise((res, rej) => ((this.resolveReady = res), (this.rejectReady = rej)));
        this.ready.catch(() => undefined);
        if (spec.limitMem)
            this.cgroup = createMemoryCgroup(`r-${process.pid}-${randomBytes(5).toString('hex')}`, spec.limitMem.bytes);
        const argv = buildArgv(spec, this.cgroup);
        orphanGuard.prepare();
        this.child = spawn(argv[0], argv.slice(1), { cwd: spec.cwd, env: orphanGuard.environment(spec.env), stdio: ['pipe', 'pipe', 'pipe'] });
        // Killed if the worker dies first (a runner busy with a task would not notice its stdin close).
        orphanGuard.watchProcess(this.child.pid);
        this.readyTimer = setTimeout(() => this.fail('RUNNER_START', `${this.label} did not say ready within ${readyTimeoutMs} ms`), readyTimeoutMs);
        this.child.stdin.on('error', () => undefined);
        this.child.stdout.setEncoding('utf8').on('data', (t) => this.onData(t));
        this.child.stderr.setEncoding('utf8').on('data', (t) => {
            this.stderrTail = (this.stderrTail + t).slice(-2000);
            this.emit('stderr', t);
        });
        this.child.on('error', (err) => this.fail('RUNNER_START', `${this.label} could not start: ${err.message}`));
        this.child.on('exit', (code, signal) => {
            orphanGuard.release(this.child.pid);
            const memory = this.cgroup?.oomKilled() ? ` (exceeded memory limit ${spec.limitMem.text})` : '';
            const how = signal ? `was killed by ${signal}${memory}` : `exited with code ${code}`;
            const when = this.isReady ? `with ${this.inFlight.size} task(s) in flight` : 'before it said ready';
            const tail = this.stderrTail.trim() ? `; stderr: ${this.stderrTail.trim().slice(-500)}` : '';
            this.fail(this.isReady ? 'RUNNER_DIED' : 'RUNNER_START', `${this.label} ${how} ${when}${tail}`);
            void this.cgroup?.remove();
        });
    }
    get pid() {
        return this.child.pid;
    }
    run(msg, hooks) {
        if (this.dead)
            return Promise.reject(new RunnerError('RUNNER_DIED', `${this.label} is not running`));
        return new Promise((resolve, reject) => {
            this.inFlight.set(msg.id, { resolve, reject, hooks });
            this.write(JSON.stringify(msg));
        });
    }
    cancel(id) {
        if (!this.dead && this.inFlight.has(id))
            this.write(JSON.stringify({ type: 'cancel', id }));
    }
    /** Asks the runner to exit (stdin closes); kills it after the grace period. */
    async stop(graceMs = 5000) {
        if (this.dead)
            return;
        this.stopping = true;
        const exited = new Promise((r) => this.child.once('exit', () => r()));
        this.flush();
        this.child.stdin.end();
        const t = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(t);
    }
    kill() {
        this.child.kill('SIGKILL');
    }
    write(line) {
        this.out.push(line);
        if (!this.flushScheduled) {
            this.flushScheduled = true;
            setImmediate(() => this.flush());
        }
    }
    flush() {
        this.flushScheduled = false;
        if (this.out.length === 0 || this.dead)
            return;
        const text = this.out.join('\n') + '\n';
        this.out = [];
        this.child.stdin.write(text);
    }
    onData(chunk) {
        const lines = (this.partial + chunk).split('\n');
        this.partial = lines.pop();
        for (const line of lines) {
            if (this.dead)
                return;
            if (line.trim() === '')
                continue;
            const m = parseRunnerLine(line);
            if (typeof m === 'string') {
                this.fail(this.isReady ? 'RUNNER_DIED' : 'RUNNER_START', `${this.label} broke the protocol (${m}); it is restarted`);
                this.child.kill('SIGKILL');
                return;
            }
            if (m.type === 'ready') {
                if (m.protocol !== PROTOCOL_VERSION) {
                    this.fail('RUNNER_START', `${this.label} speaks protocol ${m.protocol}; this worker speaks ${PROTOCOL_VERSION}`);
                    this.child.kill('SIGKILL');
                    return;
                }
                this.isReady = true;
                clearTimeout(this.readyTimer);
                this.resolveReady();
                continue;
            }
            const p = this.inFlight.get(m.id);
            if (!p)
                continue; // an answer for a task already failed (timed out or cancelled)
            switch (m.type) {
                case 'result':
                    this.inFlight.delete(m.id);
                    this.answered++;
                    p.resolve(m.result ?? null);
                    break;
                case 'error':
                    this.inFlight.delete(m.id);
                    this.answered++;
                    p.reject(new RunnerTaskError(m.error.message, m.error.retryable !== false));
                    break;
                case 'progress':
                    p.hooks.onProgress?.(m.progress);
                    break;
                case 'spawn':
                    p.hooks.onSpawn?.(m.spawn);
                    break;
                case 'log':
                    p.hooks.onLog?.(m.text);
                    break;
            }
        }
    }
    fail(code, message) {
        if (this.dead)
            return;
        this.dead = true;
        clearTimeout(this.readyTimer);
        const err = new RunnerError(code, message);
        this.rejectReady(err);
        for (const p of this.inFlight.values())
            p.reject(err);
        this.inFlight.clear();
        if (this.child.exitCode === null && this.child.signalCode === null)
            this.child.kill('SIGKILL');
        this.emit('exit', err);
    }
}
//# sourceMappingURL=runner-process.js.map