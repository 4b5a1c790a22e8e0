/**
 * The main thread's side of the SQLite writer thread: sends write batches in order and resolves
 * each with its result. The thread keeps the process alive only while batches are in flight.
 */
import { Worker } from 'node:worker_threads';
import { StoreError } from '../../model/errors.js';
import { deserializeError, type FromWriter, type ToWriter, type WriteMethod, type WriterInit } from './thread-protocol.js';

interface Waiter {
  resolve: (r: unknown) => void;
  reject: (e: Error) => void;
}

export class WriterThread {
  private seq = 0;
  private readonly waiting = new Map<number, Waiter>();
  private dead: Error | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: FromWriter) => this.onMessage(m));
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', (code) => this.fail(new StoreError(`SQLite writer thread exited (code ${code})`)));
    worker.unref();
  }

  static start(script: URL, init: WriterInit): Promise<WriterThread> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(script, { workerData: init });
      const onFirst = (m: FromWriter) => {
        worker.off('error', reject);
        if (m.kind === 'ready') resolve(new WriterThread(worker));
        else {
          void worker.terminate();
          reject(m.kind === 'fatal' ? deserializeError(m.error) : new StoreError('SQLite writer thread failed to start'));
        }
      };
      worker.once('message', onFirst);
      worker.once('error', reject);
    });
  }

  /** Runs a store write method on the thread; calls are applied in the order they are made. */
  call(method: WriteMethod, params: unknown): Promise<unknown> {
    if (this.dead) return Promise.reject(this.dead);
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      if (this.waiting.size === 1) this.worker.ref();
      this.worker.postMessage({ kind: 'call', seq, method, params } satisfies ToWriter);
    });
  }

  async close(): Promise<void> {
    if (this.dead) return;
    const exited = new Promise<void>((r) => this.worker.once('exit', () => r()));
    this.worker.ref();
    this.worker.postMessage({ kind: 'close' } satisfies ToWriter);
    await exited;
  }

  private onMessage(m: FromWriter): void {
    if (m.kind !== 'result' && m.kind !== 'error') return;
    const w = this.waiting.get(m.seq);
    if (!w) return;
    this.waiting.delete(m.seq);
    if (this.waiting.size === 0) this.worker.unref();
    if (m.kind === 'result') w.resolve(m.result);
    else w.reject(deserializeError(m.error));
  }

  private fail(err: Error): void {
    if (this.dead) return;
    this.dead = err;
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }
}
