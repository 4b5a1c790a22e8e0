/**
 * A pool of long-lived runner processes for one unit: up to `processes` of them, each with up to
 * `concurrency` tasks in flight; a task goes to the least busy ready process. A process that
 * dies is replaced on demand (its in-flight tasks fail and are retried by their own policy);
 * one that has answered `recycleAfter` tasks stops taking new ones, finishes what it holds and
 * is replaced. Processes that keep failing at start are restarted with a growing delay, and
 * tasks waiting for them fail with the start error rather than wait forever.
 */
import type { Json } from '../../../model/task.js';
import type { ProcessSpec } from '../exec/run-process.js';
import { RunnerError, RunnerProcess, type TaskHooks } from './runner-process.js';
import type { TaskMessage } from './protocol.js';

export interface PoolOptions {
  processes: number;
  concurrency: number;
  recycleAfter: number | null;
  readyTimeoutMs?: number;
  onStderr?: (text: string) => void;
  onEvent?: (what: 'started' | 'exited' | 'stopped' | 'recycled', detail: string) => void;
}

interface Slot {
  proc: RunnerProcess;
  ready: boolean;
  draining: boolean;
}

interface Waiter {
  msg: TaskMessage;
  hooks: TaskHooks;
  resolve(v: Json): void;
  reject(e: Error): void;
}

export class RunnerPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: Waiter[] = [];
  private startFailures = 0;
  private restartAt = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private closed = false;
  /** Processes started so far (tests read it). */
  started = 0;

  constructor(
    private readonly unitName: string,
    private readonly spec: () => ProcessSpec,
    private readonly o: PoolOptions,
  ) {}

  get size(): number {
    return this.slots.length;
  }

  run(msg: TaskMessage, hooks: TaskHooks, signal?: AbortSignal): Promise<Json> {
    if (this.closed) return Promise.reject(new RunnerError('RUNNER_DIED', `runner pool of unit ${this.unitName} is closed`));
    return new Promise<Json>((resolve, reject) => {
      const w: Waiter = { msg, hooks, resolve, reject };
      if (signal) {
        const onAbort = () => {
          const i = this.waiting.indexOf(w);
          if (i >= 0) this.waiting.splice(i, 1);
          for (const s of this.slots) {
            if (s.proc.inFlight.delete(msg.id)) {
              s.proc.cancel(msg.id);
              this.afterAnswer(s);
            }
          }
          reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
        };
        if (signal.aborted) return onAbort();
        signal.addEventListener('abort', onAbort, { once: true });
        const done = () => signal.removeEventListener('abort', onAbort);
        w.resolve = (v) => (done(), resolve(v));
        w.reject = (e) => (done(), reject(e));
      }
      this.waiting.push(w);
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.waiting.length > 0) {
      let best: Slot | null = null;
      for (const s of this.slots) {
        if (!s.ready || s.draining || s.proc.dead || s.proc.inFlight.size >= this.o.concurrency) continue;
        if (!best || s.proc.inFlight.size < best.proc.inFlight.size) best = s;
      }
      if (!best) break;
      const w = this.waiting.shift()!;
      this.send(best, w);
    }
    if (this.waiting.length > 0) this.grow();
  }

  private send(s: Slot, w: Waiter): void {
    s.proc.run(w.msg, w.hooks).then(
      (v) => {
        w.resolve(v);
        this.afterAnswer(s);
      },
      (e: Error) => {
        w.reject(e);
        this.afterAnswer(s);
      },
    );
  }

  private afterAnswer(s: Slot): void {
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
  private grow(): void {
    if (this.closed) return;
    const starting = this.slots.filter((s) => !s.ready && !s.proc.dead).length;
    const live = this.slots.filter((s) => !s.proc.dead && !s.draining).length;
    if (live >= this.o.processes || starting > 0) return;
    const wait = this.restartAt - Date.now();
    if (wait > 0) {
      this.restartTimer ??= setTimeout(() => {
        this.restartTimer = null;
        this.dispatch();
      }, wait);
      return;
    }
    let proc: RunnerProcess;
    try {
      proc = new RunnerProcess(this.unitName, this.spec(), this.o.readyTimeoutMs);
    } catch (err) {
      this.startFailed(err as Error);
      return;
    }
    this.started++;
    const slot: Slot = { proc, ready: false, draining: false };
    this.slots.push(slot);
    if (this.o.onStderr) proc.on('stderr', this.o.onStderr);
    proc.on('exit', (err) => {
      this.remove(slot);
      this.o.onEvent?.(proc.stopping ? 'stopped' : 'exited', err.message);
      if (!slot.ready) this.startFailed(err);
      else this.dispatch();
    });
    proc.ready.then(
      () => {
        slot.ready = true;
        this.startFailures = 0;
        this.o.onEvent?.('started', `pid ${proc.pid}`);
        this.dispatch();
      },
      () => undefined, // handled by 'exit'
    );
  }

  private startFailed(err: Error): void {
    this.startFailures++;
    this.restartAt = Date.now() + Math.min(5000, 100 * 2 ** (this.startFailures - 1));
    // With no process able to take them, waiting tasks fail now (and retry later).
    if (!this.slots.some((s) => s.ready && !s.proc.dead)) {
      const failed = this.waiting.splice(0);
      for (const w of failed) w.reject(err);
    }
  }

  private remove(s: Slot): void {
    const i = this.slots.indexOf(s);
    if (i >= 0) this.slots.splice(i, 1);
  }

  async close(graceMs = 5000): Promise<void> {
    this.closed = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    for (const w of this.waiting.splice(0)) w.reject(new RunnerError('RUNNER_DIED', `runner pool of unit ${this.unitName} closed`));
    await Promise.all(this.slots.splice(0).map((s) => s.proc.stop(graceMs)));
  }
}
