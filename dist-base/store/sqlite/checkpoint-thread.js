/**
 * Runs in a worker thread: copies the WAL back into the database file (PASSIVE checkpoints, which
 * never block writers) so the thread that commits tasks never does it itself.
 */
import { workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
const { file, intervalMs } = workerData;
const db = new Database(file);
db.pragma('busy_timeout = 0');
db.pragma('wal_autocheckpoint = 0');
setInterval(() => {
    try {
        db.pragma('wal_checkpoint(PASSIVE)');
    }
    catch {
        // Busy (another process checkpointing): the next tick tries again.
    }
}, intervalMs);
// The store ends this thread with terminate(); better-sqlite3 closes the connection as the
// thread's environment is torn down.
//# sourceMappingURL=checkpoint-thread.js.map