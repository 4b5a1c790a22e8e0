/**
 * The `command` provider: your executable is the hook to a datacenter or cloud API. Each call
 * runs it once with a JSON request on stdin:
 *
 *   {"version":1,"action":"scale","group":"emails","queues":["emails"],"desired":5,"reason":"…","decision":{…}}
 *   {"version":1,"action":"list","group":"emails","queues":["emails"]}
 *
 * and reads its answer, the workers it runs now, from stdout:
 *
 *   {"workers":[{"id":"i-0a1","state":"running"},{"id":"i-0b2","state":"starting"}]}
 *
 * (state: starting, running or stopping; other fields are ignored). A run that exits non-zero,
 * outlives `timeout` (its whole process group is killed) or answers anything else is a failure;
 * it is tried again after `backoff`, doubling up to `backoffMax`, `retries` more times. What is
 * left is a ProviderError, which the autoscaler records and survives.
 */
import { spawn } from 'node:child_process';
import { ProviderError, WORKER_STATES } from '../provider.js';
const MAX_STDOUT = 1024 * 1024;
const STDERR_TAIL = 2000;
export class CommandProvider {
    cfg;
    ctx;
    type = 'command';
    constructor(cfg, ctx) {
        this.cfg = cfg;
        this.ctx = ctx;
    }
    list() {
        return this.call({ action: 'list' });
    }
    scale(r) {
        return this.call({ action: 'scale', desired: r.desired, reason: r.reason, decision: r.decision });
    }
    async release() { }
    async close() { }
    async call(body) {
        const request = JSON.stringify({ version: 1, ...body, group: this.ctx.group.name, queues: this.ctx.group.queues });
        const failures = [];
        for (let attempt = 0;; attempt++) {
            try {
                return parseAnswer(await this.runOnce(request));
            }
            catch (err) {
                failures.push(err.message);
                this.ctx.logger.warn({ group: this.ctx.group.name, attempt: attempt + 1, err: err.message }, 'autoscale command failed');
                if (attempt >= this.cfg.retries)
                    break;
                await sleep(Math.min(this.cfg.backoffMaxMs, this.cfg.backoffMs * 2 ** attempt));
            }
        }
        const last = failures[failures.length - 1];
        throw new ProviderError('command', this.ctx.group.name, `${body.action} failed ${failures.length} time${failures.length > 1 ? 's' : ''}; last: ${last}`, { failures });
    }
    runOnce(request) {
        const [cmd, ...args] = this.cfg.command;
        return new Promise((resolve, reject) => {
            let out = '';
            let err = '';
            let settled = false;
            const done = (e, v) => {
                if (settled)
                    return;
                settled = true;
                clearTimeout(timer);
                if (e)
                    reject(e);
                else
                    resolve(v);
            };
            // Its own process group, so a timeout kills whatever it started too.
            const child = spawn(cmd, args, {
                cwd: this.cfg.cwd,
                env: { ...process.env, ...this.cfg.env, TASKFRAME_AUTOSCALE_GROUP: this.ctx.group.name },
                stdio: ['pipe', 'pipe', 'pipe'],
                detached: true,
            });
            const timer = setTimeout(() => {
                killGroup(child.pid);
                done(new Error(`did not answer within ${this.cfg.timeoutMs} ms (killed)`));
            }, this.cfg.timeoutMs);
            child.on('error', (e) => done(new Error(`cannot run ${cmd}: ${e.message}`)));
            child.stdout.setEncoding('utf8').on('data', (d) => {
                out += d;
                if (out.length > MAX_STDOUT) {
                    killGroup(child.pid);
                    done(new Error(`answered more than ${MAX_STDOUT} bytes (killed)`));
                }
            });
            child.stderr.setEncoding('utf8').on('data', (d) => (err = (err + d).slice(-STDERR_TAIL)));
            // A command that exits without reading its stdin must not break us (EPIPE).
            child.stdin.on('error', () => undefined);
            child.stdin.end(`${request}\n`);
            child.on('close', (code, signal) => {
                if (code === 0)
                    return done(null, out);
                const why = signal ? `was killed by ${signal}` : `exited with code ${code}`;
                done(new Error(`${why}${err.trim() ? `: ${err.trim().split('\n').slice(-3).join(' | ')}` : ''}`));
            });
        });
    }
}
/** Checks the command's answer: {"workers":[{"id":"…","state":"running"},…]}. */
export function parseAnswer(stdout) {
    const text = stdout.trim();
    let v;
    try {
        v = JSON.parse(text);
    }
    catch {
        throw new Error(`answered something that is not JSON: ${JSON.stringify(text.slice(0, 120))}`);
    }
    const workers = v?.workers;
    if (!v || typeof v !== 'object' || Array.isArray(v) || !Array.isArray(workers)) {
        throw new Error(`answer must be {"workers":[{"id":…,"state":…},…]}, got ${JSON.stringify(v).slice(0, 120)}`);
    }
    return workers.map((w, i) => {
        const o = w;
        if (!o || typeof o !== 'object' || typeof o.id !== 'string' || o.id === '')
            throw new Error(`answer workers[${i}].id must be a non-empty string`);
        if (!WORKER_STATES.includes(o.state)) {
            throw new Error(`answer workers[${i}].state must be one of ${WORKER_STATES.join(', ')}, got ${JSON.stringify(o.state)}`);
        }
        return { id: o.id, state: o.state };
    });
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
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
//# sourceMappingURL=command.js.map