// The producer's handle on a forked worker process: send a command, await an event.
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'worker-proc.mjs');

export async function forkWorker(systemId, ns, options = {}) {
  const child = fork(ENTRY, [systemId, ns, JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr = (stderr + d).slice(-4000);
    process.stderr.write(`  [${systemId} worker] ${d}`);
  });
  const waiting = new Map();
  const listeners = new Map();
  let failure = null;
  const fail = (err) => {
    failure = err;
    for (const [, w] of waiting) w.reject(err);
    waiting.clear();
  };
  child.on('message', (m) => {
    if (m.ev === 'error') return fail(new Error(`${systemId} worker: ${m.message}`));
    listeners.get(m.ev)?.(m);
    const w = waiting.get(m.ev);
    if (w) {
      waiting.delete(m.ev);
      w.resolve(m);
    }
  });
  child.on('exit', (code, signal) => {
    if (code !== 0) fail(new Error(`${systemId} worker exited (${signal ?? code}): ${stderr.trim().split('\n').slice(-5).join(' | ')}`));
  });
  const h = {
    child,
    /**
     * Resolves with the next message of type `ev`; rejects if the worker dies or nothing comes
     * within `timeoutMs` (a stuck system fails its repetition instead of hanging the run).
     * Register before sending the command that causes it.
     */
    next(ev, timeoutMs = 180_000) {
      if (failure) return Promise.reject(failure);
      const p = new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(ev);
          reject(new Error(`${systemId} worker: no "${ev}" within ${timeoutMs / 1000} s`));
        }, timeoutMs);
        const done = (fn) => (v) => {
          clearTimeout(timer);
          fn(v);
        };
        waiting.set(ev, { resolve: done(resolve), reject: done(reject) });
      });
      // Callers often register first and await later; a rejection in between is not "unhandled".
      p.catch(() => undefined);
      return p;
    },
    /** Throws if the worker process has failed (for loops that wait on its progress). */
    assertAlive() {
      if (failure) throw failure;
    },
    on(ev, fn) {
      listeners.set(ev, fn);
    },
    send(cmd) {
      child.send(cmd);
    },
    async request(cmd, ev) {
      const p = h.next(ev);
      child.send(cmd);
      return p;
    },
    async stop() {
      if (child.exitCode !== null) return null;
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      try {
        return await h.request({ cmd: 'stop' }, 'stopped');
      } finally {
        clearTimeout(timer);
      }
    },
    kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
  await h.next('ready');
  return h;
}
