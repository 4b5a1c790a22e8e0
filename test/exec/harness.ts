/**
 * A store, an engine and a worker serving a units directory, for exec tests: write unit files
 * and scripts into a temp dir, enqueue, and await the task's final state through worker events.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Engine } from '../../src/engine/engine.js';
import type { Task } from '../../src/model/task.js';
import type { EnqueueOptions } from '../../src/model/spec.js';
import { Worker } from '../../src/worker/worker.js';
import { loadUnitHandlers, type UnitHandlers, type UnitHandlerOptions } from '../../src/worker/runners/unit-handlers.js';
import { freshSqlite, tempDir, type TestStore } from '../helpers/stores.js';
import { createLogger } from '../../src/logger.js';

/** python3 on PATH may be a slow pyenv shim; the system one starts much faster. */
export const PYTHON = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

export interface Harness {
  dir: string;
  ts: TestStore;
  engine: Engine;
  worker: Worker;
  units: UnitHandlers;
  write(name: string, text: string, mode?: number): string;
  run(name: string, payload?: unknown, options?: EnqueueOptions): Promise<Task>;
  /** Resolves when the task reaches a final state. */
  settle(id: string): Promise<Task>;
  logText(id: string, attempt?: number): Promise<string>;
  close(): Promise<void>;
}

export async function startHarness(
  files: Record<string, string | [string, number]>,
  opts: { concurrency?: number; unitOptions?: UnitHandlerOptions; /** e.g. 0o755: a jail's user must read the units */ dirMode?: number } = {},
): Promise<Harness> {
  const dir = tempDir('taskframe-exec-');
  if (opts.dirMode !== undefined) fs.chmodSync(dir, opts.dirMode);
  const write = (name: string, text: string, mode = 0o644) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text, { mode });
    fs.chmodSync(p, mode);
    return p;
  };
  for (const [name, v] of Object.entries(files)) {
    // "work/": a directory (a unit's WorkingDirectory must exist when the units are loaded);
    // ['', mode] gives its mode.
    if (name.endsWith('/')) {
      fs.mkdirSync(path.join(dir, name), { recursive: true });
      if (Array.isArray(v)) fs.chmodSync(path.join(dir, name), v[1]);
    }
    else if (Array.isArray(v)) write(name, v[0], v[1]);
    else write(name, v);
  }
  const ts = await freshSqlite();
  const engine = new Engine({ store: ts.store });
  const units = loadUnitHandlers(engine, dir, { stateDir: path.join(dir, '.state'), ...opts.unitOptions });
  const worker = new Worker(engine, { handlers: units.handlers, concurrency: opts.concurrency ?? 8, pollIntervalMs: 20, logger: createLogger({ level: 'silent' }) });
  const waiting = new Map<string, Array<(t: Task) => void>>();
  worker.on('task:end', (task, outcome) => {
    if (outcome === 'succeeded' || outcome === 'failed' || outcome === 'skipped') {
      const ws = waiting.get(task.id) ?? [];
      waiting.delete(task.id);
      // The outcome the worker reports is a summary; read the whole task back.
      if (ws.length > 0) void engine.get(task.id).then((t) => ws.forEach((w) => w(t)));
    }
  });
  worker.start();
  const settle = async (id: string) => {
    const p = new Promise<Task>((r) => waiting.set(id, [...(waiting.get(id) ?? []), r]));
    const now = await engine.get(id);
    if (['succeeded', 'failed', 'cancelled', 'skipped'].includes(now.state)) return now;
    return p;
  };
  return {
    dir,
    ts,
    engine,
    worker,
    units,
    write,
    run: async (name, payload, options) => {
      const t = await engine.enqueue(name, payload, { maxAttempts: 1, ...options });
      return settle(t.id);
    },
    settle,
    logText: async (id, attempt) => (await ts.store.logList({ taskId: id, attempt, limit: 100_000 })).map((l) => `${l.stream}: ${l.text}`).join('\n'),
    close: async () => {
      await worker.stop(2000);
      await units.close();
      await ts.cleanup();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
