/**
 * A short calibration run on this machine: one real worker (the Worker class, its claim and
 * complete path, a real SQLite store in a temp directory) with `concurrency` slots runs tasks
 * that each take `taskMs`; the tasks it finishes per second is the per-worker service rate the
 * simulator uses. It includes everything a task costs besides its own work.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '../../logger.js';
import { Taskframe } from '../../taskframe.js';
export async function calibrate(o) {
    const tasks = o.tasks ?? Math.max(200, o.concurrency * 40);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskframe-calibrate-'));
    const tf = await Taskframe.open({ db: `sqlite:${path.join(dir, 'calibrate.db')}`, logger: createLogger({ level: 'silent' }) });
    try {
        await tf.enqueueMany(Array.from({ length: tasks }, () => ({ name: 'calibrate' })));
        const worker = tf.worker({ concurrency: o.concurrency, drain: true, maintenance: false, handlers: { calibrate: () => sleep(o.taskMs) } });
        const started = performance.now();
        worker.start();
        await worker.drained;
        const elapsedMs = performance.now() - started;
        return { rate: (tasks * 1000) / elapsedMs, tasks, elapsedMs, concurrency: o.concurrency, taskMs: o.taskMs };
    }
    finally {
        await tf.close();
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
//# sourceMappingURL=calibrate.js.map