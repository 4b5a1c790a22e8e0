/**
 * A worker serving a units directory for break-out tests, set up the way the issue found it
 * unsafe: the SQLite store kept in the units directory, the worker started with a secret in its
 * environment and `inheritEnv` on (a worker's whole environment passed to its tasks), the
 * directory readable by others (as a checked-out repository is).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Engine } from '../../src/engine/engine.js';
import { createLogger } from '../../src/logger.js';
import type { Task } from '../../src/model/task.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { loadUnitHandlers, type UnitHandlers } from '../../src/worker/runners/unit-handlers.js';
import { Worker } from '../../src/worker/worker.js';
import { tempDir } from '../helpers/stores.js';

export interface JailHarness {
  dir: string;
  store: Store;
  /** Runs one task of the unit and returns it with its stdout and stderr lines. */
  run(unit: string): Promise<{ task: Task; out: string[]; err: string[]; log: string }>;
  close(): Promise<void>;
}

/** `prepare` adds what text entries cannot (a binary) before the units are loaded and checked. */
export async function startJailHarness(files: Record<string, string | [string, number]>, env: Record<string, string>, prepare?: (dir: string) => void): Promise<JailHarness> {
  const dir = tempDir('taskframe-breakout-');
  fs.chmodSync(dir, 0o755);
  for (const [name, v] of Object.entries(files)) {
    const [text, mode] = Array.isArray(v) ? v : [v, 0o644];
    fs.writeFileSync(path.join(dir, name), text);
    fs.chmodSync(path.join(dir, name), mode);
  }
  prepare?.(dir);
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  const store = await openStore(`sqlite:${path.join(dir, 'taskframe.db')}`, { writerThread: false });
  const engine = new Engine({ store });
  let units: UnitHandlers;
  try {
    units = loadUnitHandlers(engine, dir, { stateDir: path.join(dir, '.state'), inheritEnv: true });
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  const worker = new Worker(engine, { handlers: units.handlers, concurrency: 4, pollIntervalMs: 20, logger: createLogger({ level: 'silent' }) });
  const waiting = new Map<string, (t: Task) => void>();
  worker.on('task:end', (task) => {
    const w = waiting.get(task.id);
    if (w) {
      waiting.delete(task.id);
      void engine.get(task.id).then(w);
    }
  });
  worker.start();
  return {
    dir,
    store,
    run: async (unit) => {
      const t = await engine.enqueue(unit, null, { maxAttempts: 1 });
      const done = new Promise<Task>((r) => waiting.set(t.id, r));
      const now = await engine.get(t.id);
      const task = ['succeeded', 'failed', 'cancelled', 'skipped'].includes(now.state) ? now : await done;
      const lines = await store.logList({ taskId: t.id, limit: 10_000 });
      const pick = (s: string) => lines.filter((l) => l.stream === s).map((l) => l.text);
      return { task, out: pick('stdout'), err: pick('stderr'), log: lines.map((l) => `${l.stream}: ${l.text}`).join('\n') };
    },
    close: async () => {
      await worker.stop(2000);
      await units.close();
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
