/**
 * The SQLite writer thread: owns one connection and applies write batches as they arrive, so the
 * main thread's event loop never blocks on a transaction (or on another process's lock).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteStore } from './driver.js';
import { serializeError, WRITE_METHODS } from './thread-protocol.js';
const port = parentPort;
const init = workerData;
const send = (m) => port.postMessage(m);
try {
    // The main thread has already migrated the file.
    const store = await SqliteStore.open(init.file, { migrate: false, busyTimeoutMs: init.busyTimeoutMs, writerThread: false, spinOnBusy: true, history: init.history });
    const methods = new Set(WRITE_METHODS);
    port.on('message', (m) => {
        if (m.kind === 'close') {
            void store.close().then(() => port.close());
            return;
        }
        if (!methods.has(m.method)) {
            send({ kind: 'error', seq: m.seq, error: serializeError(new Error(`not a write method: ${m.method}`)) });
            return;
        }
        store[m.method](m.params).then((result) => send({ kind: 'result', seq: m.seq, result }), (err) => send({ kind: 'error', seq: m.seq, error: serializeError(err) }));
    });
    send({ kind: 'ready' });
}
catch (err) {
    send({ kind: 'fatal', error: serializeError(err) });
}
//# sourceMappingURL=writer-thread.js.map