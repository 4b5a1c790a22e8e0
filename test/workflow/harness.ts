/** An in-process engine + worker over a fresh SQLite store, for workflow tests. */
import { Engine } from '../../src/engine/engine.js';
import type { HandlerMap } from '../../src/worker/worker.js';
import { Worker } from '../../src/worker/worker.js';
import { workflowHandlers } from '../../src/workflow/handlers.js';
import { submitWorkflow, type SubmitOptions } from '../../src/workflow/submit.js';
import { freshSqlite, type TestStore } from '../helpers/stores.js';

export interface Harness {
  ts: TestStore;
  engine: Engine;
  worker: Worker | null;
  start(handlers: HandlerMap, concurrency?: number): Worker;
  submit(src: string, options?: SubmitOptions): Promise<string>;
  finish(runId: string): Promise<Awaited<ReturnType<Engine['runs']['withTasks']>>>;
  close(): Promise<void>;
}

export async function harness(): Promise<Harness> {
  const ts = await freshSqlite();
  const engine = new Engine({ store: ts.store });
  const h: Harness = {
    ts,
    engine,
    worker: null,
    start(handlers, concurrency = 10) {
      h.worker = new Worker(engine, { handlers: workflowHandlers(engine, handlers), concurrency, pollIntervalMs: 20 }).start();
      return h.worker;
    },
    async submit(src, options = {}) {
      return (await submitWorkflow(engine, src, { file: 'test.yaml', ...options })).id;
    },
    async finish(runId) {
      await engine.runs.wait(runId, { intervalMs: 10 });
      return engine.runs.withTasks(runId);
    },
    async close() {
      await h.worker?.stop(100);
      await engine.flush();
      await ts.cleanup();
    },
  };
  return h;
}

/** The workflow task id (and foreach index) of a stored task. */
export function label(t: { payload: unknown; name: string }): string {
  const p = t.payload as { task?: string; index?: number; $taskframeWorkflow?: 1 } | null;
  if (!p?.$taskframeWorkflow) return t.name;
  return p.index !== undefined ? `${p.task}[${p.index}]` : p.task!;
}
