/**
 * Runs in a worker thread: copies the WAL back into the database file (PASSIVE checkpoints, which
 * never block writers) so the thread that commits tasks never does it itself.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { file, intervalMs } = workerData as { file: string; intervalMs: number };
const db = new Database(file);
db.pragma('busy_timeout = 0');
db.pragma('wal_autocheckpoint = 0');

const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy (another process checkpointing) or closing: the next tick tries again.
  }
}, intervalMs);

parentPort!.on('message', (m: unknown) => {
  if (m === 'stop') {
    clearInterval(timer);
    db.close();
    parentPort!.close();
  }
});
