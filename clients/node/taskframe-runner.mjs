/**
 * A taskframe long-lived runner in Node.js, no dependencies. The worker starts this process
 * once and feeds it tasks as JSON lines on stdin; answers go to stdout (protocol:
 * docs/runner-protocol.md). Handlers may be async; every task runs concurrently.
 *
 *   import { Runner, NonRetryable } from './taskframe-runner.mjs';
 *   const runner = new Runner();
 *   runner.task('resize', async (payload, ctx) => { ctx.progress({ step: 1 }); return { ok: true }; });
 *   runner.run();
 *
 * console.log would break the protocol, so it is sent to stderr while the runner runs.
 */
import { pathToFileURL } from 'node:url';

export const PROTOCOL_VERSION = 1;

/** Fail the task for good: no further attempts. */
export class NonRetryable extends Error {}

export class Runner {
  #handlers = new Map();
  #out = [];
  #scheduled = false;
  #inFlight = new Map();

  task(name, fn) {
    this.#handlers.set(name, fn);
    return this;
  }

  #send(obj) {
    this.#out.push(JSON.stringify(obj));
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => this.#flush());
    }
  }

  #flush() {
    this.#scheduled = false;
    if (this.#out.length === 0) return;
    process.stdout.write(this.#out.join('\n') + '\n');
    this.#out = [];
  }

  #context(msg) {
    const controller = new AbortController();
    return {
      id: msg.id,
      name: msg.name,
      attempt: msg.attempt ?? 1,
      runId: msg.runId ?? null,
      signal: controller.signal,
      abort: () => controller.abort(new NonRetryable('cancelled')),
      progress: (progress) => this.#send({ type: 'progress', id: msg.id, progress }),
      log: (text) => this.#send({ type: 'log', id: msg.id, text: String(text) }),
      spawn: (name, payload = null, options = {}) => this.#send({ type: 'spawn', id: msg.id, spawn: [{ ...options, name, payload }] }),
    };
  }

  #finish(id, error, result) {
    this.#inFlight.delete(id);
    if (!error) {
      this.#send({ type: 'result', id, result: result === undefined ? null : result });
      return;
    }
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    this.#send({ type: 'error', id, error: { message, retryable: !(error instanceof NonRetryable) } });
  }

  #handle(msg) {
    if (msg.type === 'cancel') return this.#inFlight.get(msg.id)?.abort();
    if (msg.type !== 'task') return;
    const fn = this.#handlers.get(msg.name);
    if (!fn) return this.#finish(msg.id, new NonRetryable(`no handler for task name "${msg.name}" (known: ${[...this.#handlers.keys()].join(', ')})`));
    const ctx = this.#context(msg);
    this.#inFlight.set(msg.id, ctx);
    let out;
    try {
      out = fn(msg.payload, ctx);
    } catch (err) {
      return this.#finish(msg.id, err);
    }
    if (out && typeof out.then === 'function') out.then((v) => this.#finish(msg.id, null, v), (e) => this.#finish(msg.id, e ?? new Error('rejected')));
    else this.#finish(msg.id, null, out);
  }

  /** Serves tasks until stdin closes, then lets tasks in flight finish. */
  run() {
    console.log = console.info = (...args) => process.stderr.write(args.map(String).join(' ') + '\n');
    this.#send({ type: 'ready', protocol: PROTOCOL_VERSION });
    let partial = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop();
      for (const line of lines) {
        if (!line.trim()) continue;
        let msg;
        try {
          msg = JSON.parse(line);
        } catch {
          process.stderr.write(`taskframe runner: ignored a line that is not JSON: ${line.slice(0, 200)}\n`);
          continue;
        }
        this.#handle(msg);
      }
    });
    process.stdin.on('end', () => {
      const wait = () => (this.#inFlight.size === 0 ? (this.#flush(), process.stdout.end()) : setTimeout(wait, 5));
      wait();
    });
  }
}

/** The handlers the conformance script (clients/conformance/runner-conformance.mjs) calls. */
export function conformanceRunner() {
  return new Runner()
    .task('conformance.echo', (p) => p)
    .task('conformance.fail', (p) => {
      if (p?.final) throw new NonRetryable(p.message ?? 'failed');
      throw new Error(p?.message ?? 'failed');
    })
    .task('conformance.sleep', (p) => new Promise((r) => setTimeout(() => r(p.ms), p.ms)))
    .task('conformance.progress', (p, ctx) => {
      ctx.progress({ step: 1 });
      ctx.log('a log line');
      ctx.spawn('conformance.echo', { child: true });
      return 'done';
    })
    .task('conformance.env', (p, ctx) => ({ id: ctx.id, name: ctx.name, attempt: ctx.attempt, time: Date.now() > 0 }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && process.argv.includes('--conformance')) conformanceRunner().run();
