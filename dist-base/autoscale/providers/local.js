/**
 * The `local` provider: `taskframe worker` processes on this host, started from the configured
 * command line and stopped with SIGTERM (a worker then stops claiming, finishes what it holds
 * within its --grace, gives back the rest unused, and exits). One that is still there after
 * `stopTimeout` is killed. One that dies on its own is restarted after `restartBackoff`, the
 * delay doubling while workers keep dying young.
 *
 * Workers belong to this autoscaler: each is started with an IPC channel, and `taskframe
 * worker` stops gracefully when that channel closes, so a killed autoscaler leaves no workers
 * behind (its successor starts its own). Workers run in their own process group, so a Ctrl-C
 * at the terminal reaches the autoscaler, which then stops them in order.
 */
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ProviderError } from '../provider.js';
/** A worker alive this long without a "serving" line on stderr is taken to be running anyway. */
const ASSUME_RUNNING_MS = 10_000;
/** A worker that dies sooner than this after starting makes the next restart wait twice as long. */
const YOUNG_MS = 10_000;
export class LocalProvider extends EventEmitter {
    cfg;
    ctx;
    type = 'local';
    target = 0;
    workers = new Map();
    seq = 0;
    restartTimer = null;
    restartDelayMs;
    closed = false;
    outFd = null;
    constructor(cfg, ctx) {
        super();
        this.cfg = cfg;
        this.ctx = ctx;
        this.restartDelayMs = cfg.restartBackoffMs;
    }
    async list() {
        return [...this.workers.values()].map((w) => ({ id: w.id, state: w.state }));
    }
    async scale(r) {
        if (this.closed)
            throw new ProviderError('local', this.ctx.group.name, 'closed');
        this.target = r.desired;
        this.reconcile();
        return this.list();
    }
    /** Stops every worker gracefully and waits for them to exit. */
    async release() {
        this.target = 0;
        if (this.restartTimer)
            clearTimeout(this.restartTimer);
        this.restartTimer = null;
        this.reconcile();
        await Promise.all([...this.workers.values()].map((w) => w.exited));
    }
    async close() {
        this.closed = true;
        await this.release();
        if (this.outFd !== null)
            fs.closeSync(this.outFd);
        this.outFd = null;
    }
    reconcile() {
        const alive = [...this.workers.values()].filter((w) => w.state !== 'stopping');
        if (alive.length > this.target) {
            // Newest first: the oldest workers have warmed up (units set up, connections open).
            for (const w of alive.sort((a, b) => b.startedAt - a.startedAt).slice(0, alive.length - this.target))
                this.stop(w);
        }
        else if (alive.length < this.target && this.restartTimer === null && !this.closed) {
            for (let i = alive.length; i < this.target; i++)
                this.start();
        }
    }
    start() {
        const id = `${this.ctx.group.name}-${++this.seq}`;
        const argv = expandCommand(this.cfg.command, { id, group: this.ctx.group.name, queues: this.ctx.group.queues.join(','), concurrency: String(this.ctx.group.policy.concurrency), db: this.ctx.db });
        const stdout = this.cfg.output === 'inherit' ? 'inherit' : this.cfg.output === 'ignore' ? 'ignore' : this.fileFd();
        const child = spawn(argv[0], argv.slice(1), {
            cwd: this.cfg.cwd,
            env: { ...process.env, ...this.cfg.env, TASKFRAME_AUTOSCALE_GROUP: this.ctx.group.name, TASKFRAME_AUTOSCALE_WORKER: id },
            stdio: ['ignore', stdout, 'pipe', 'ipc'],
            detached: true,
        });
        let exit;
        const w = { id, child, state: 'starting', startedAt: Date.now(), asked: false, timers: [], exited: new Promise((r) => (exit = r)) };
        this.workers.set(id, w);
        child.stderr.setEncoding('utf8').on('data', (d) => {
            if (w.state === 'starting' && /\bserving\b/.test(d))
                w.state = 'running';
            if (this.cfg.output === 'inherit')
                process.stderr.write(d);
            else if (this.cfg.output !== 'ignore')
                fs.writeSync(this.fileFd(), d);
        });
        const assume = setTimeout(() => w.state === 'starting' && (w.state = 'running'), ASSUME_RUNNING_MS);
        assume.unref();
        w.timers.push(assume);
        // The IPC channel only tells the worker we are alive; it must not keep us alive.
        child.unref();
        child.channel?.unref?.();
        let gone = false;
        const onGone = (code, signal) => {
            if (gone)
                return;
            gone = true;
            this.exited(w, code, signal);
            exit();
        };
        child.on('error', (err) => {
            this.ctx.logger.error({ group: this.ctx.group.name, worker: id, err: err.message }, 'cannot start worker');
            // A command that could not be started has no process and may never emit 'exit'.
            if (child.pid === undefined)
                onGone(null, null);
        });
        child.on('exit', (code, signal) => onGone(code, signal));
        if (child.pid !== undefined) {
            this.ctx.logger.info({ group: this.ctx.group.name, worker: id, pid: child.pid }, 'worker started');
            this.emit('started', id, child.pid);
        }
    }
    stop(w) {
        w.asked = true;
        w.state = 'stopping';
        w.child.kill('SIGTERM');
        const kill = setTimeout(() => {
            this.ctx.logger.warn({ group: this.ctx.group.name, worker: w.id, stopTimeoutMs: this.cfg.stopTimeoutMs }, 'worker did not stop in time; killing it');
            killGroup(w.child.pid);
        }, this.cfg.stopTimeoutMs);
        kill.unref();
        w.timers.push(kill);
    }
    exited(w, code, signal) {
        this.workers.delete(w.id);
        for (const t of w.timers)
            clearTimeout(t);
        const expected = w.asked || this.closed;
        this.emit('exited', w.id, code, signal, expected);
        if (expected)
            return;
        // Died on its own: restart it after a delay that doubles while workers keep dying young.
        if (Date.now() - w.startedAt >= YOUNG_MS)
            this.restartDelayMs = this.cfg.restartBackoffMs;
        const delay = this.restartDelayMs;
        this.restartDelayMs = Math.min(this.cfg.restartBackoffMaxMs, Math.max(1, delay) * 2);
        this.ctx.logger.warn({ group: this.ctx.group.name, worker: w.id, code, signal, restartInMs: delay }, 'worker died; restarting it');
        if (this.restartTimer)
            return;
        this.restartTimer = setTimeout(() => {
            this.restartTimer = null;
            this.reconcile();
        }, delay);
        this.restartTimer.unref();
    }
    fileFd() {
        this.outFd ??= fs.openSync(this.cfg.output, 'a');
        return this.outFd;
    }
}
/**
 * The command line with its placeholders filled; a first word `taskframe` runs this very
 * taskframe (this Node, this CLI), so the workers are the autoscaler's own version.
 */
export function expandCommand(command, values) {
    const filled = command.map((arg) => arg.replace(/\{(\w+)\}/g, (m, k) => values[k] ?? m));
    return filled[0] === 'taskframe' ? [process.execPath, cliPath(), ...filled.slice(1)] : filled;
}
function cliPath() {
    // Built: dist/autoscale/providers -> dist/cli/main.js. From the sources (tests): the build beside them.
    const candidates = [new URL('../../cli/main.js', import.meta.url), new URL('../../../dist/cli/main.js', import.meta.url)].map((u) => fileURLToPath(u));
    return candidates.find((p) => fs.existsSync(p)) ?? candidates[0];
}
function killGroup(pid) {
    if (pid === undefined)
        return;
    try {
        process.kill(-pid, 'SIGKILL');
    }
    catch {
        // already gone
    }
}
//# sourceMappingURL=local.js.map