/**
 * The main thread's side of the SQLite writer thread: sends write batches in order and resolves
 * each with its result. The thread keeps the process alive only while batches are in flight.
 */
import { Worker } from 'node:worker_threads';
import { StoreError } from '../../model/errors.js';
import { deserializeError } from './thread-protocol.js';
export class WriterThread {
    worker;
    seq = 0;
    waiting = new Map();
    dead = null;
    constructor(worker) {
        this.worker = worker;
        worker.on('message', (m) => this.onMessage(m));
        worker.on('error', (err) => this.fail(err));
        worker.on('exit', (code) => this.fail(new StoreError(`SQLite writer thread exited (code ${code})`)));
        worker.unref();
    }
    static start(script, init) {
        return new Promise((resolve, reject) => {
            const worker = new Worker(script, { workerData: init });
            const onFirst = (m) => {
                worker.off('error', reject);
                if (m.kind === 'ready')
                    resolve(new WriterThread(worker));
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
    call(method, params) {
        if (this.dead)
            return Promise.reject(this.dead);
        const seq = ++this.seq;
        return new Promise((resolve, reject) => {
            this.waiting.set(seq, { resolve, reject });
            if (this.waiting.size === 1)
                this.worker.ref();
            this.worker.postMessage({ kind: 'call', seq, method, params });
        });
    }
    async close() {
        if (this.dead)
            return;
        const exited = new Promise((r) => this.worker.once('exit', () => r()));
        this.worker.ref();
        this.worker.postMessage({ kind: 'close' });
        await exited;
    }
    onMessage(m) {
        if (m.kind !== 'result' && m.kind !== 'error')
            return;
        const w = this.waiting.get(m.seq);
        if (!w)
            return;
        this.waiting.delete(m.seq);
        if (this.waiting.size === 0)
            this.worker.unref();
        if (m.kind === 'result')
            w.resolve(m.result);
        else
            w.reject(deserializeError(m.error));
    }
    fail(err) {
        if (this.dead)
            return;
        this.dead = err;
        for (const w of this.waiting.values())
            w.reject(err);
        this.waiting.clear();
    }
}
//# sourceMappingURL=writer-client.js.map