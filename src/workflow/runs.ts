/**
 * A run as a whole: cancel it, wait for it to end, read it with its tasks.
 */
import type { Engine } from '../engine/engine.js';
import { ConflictError, NotFoundError } from '../model/errors.js';
import { LIVE_STATES } from '../model/state.js';
import type { Task } from '../model/task.js';
import type { Run, RunState } from '../store/store.js';

export const FINISHED_RUN_STATES: readonly RunState[] = ['succeeded', 'failed', 'cancelled'];

/** Cancels the run and every live task in it (running handlers are aborted). */
export async function cancelRun(engine: Engine, runId: string, reason = 'run cancelled by request'): Promise<Run> {
  const run = await engine.store.runUpdate({ id: runId, fromStates: ['running'], state: 'cancelled', error: { message: reason }, now: engine.clock.now() });
  if (!run) {
    const existing = await engine.store.runGet({ id: runId });
    if (!existing) throw new NotFoundError('run', runId);
    throw new ConflictError(`run ${runId} is already ${existing.state}`, { runId, state: existing.state });
  }
  const live = await engine.store.taskList({ runId, states: [...LIVE_STATES], limit: 1_000_000 });
  // Already finished by a neighbour's cancellation (a skipped dependent, a cancelled subtree): fine.
  await Promise.allSettled(live.map((t) => engine.cancel(t.id, reason)));
  return run;
}

/** Resolves with the run once it has finished; polls the store (works across processes). */
export async function waitForRun(engine: Engine, runId: string, options: { intervalMs?: number; signal?: AbortSignal } = {}): Promise<Run> {
  const interval = options.intervalMs ?? 50;
  for (;;) {
    const run = await engine.store.runGet({ id: runId });
    if (!run) throw new NotFoundError('run', runId);
    if (FINISHED_RUN_STATES.includes(run.state)) return run;
    if (options.signal?.aborted) throw options.signal.reason;
    await new Promise((r) => setTimeout(r, interval));
  }
}

export async function runWithTasks(engine: Engine, runId: string): Promise<{ run: Run; tasks: Task[] }> {
  const run = await engine.store.runGet({ id: runId });
  if (!run) throw new NotFoundError('run', runId);
  const tasks = await engine.store.taskList({ runId, limit: 1_000_000 });
  tasks.sort((a, b) => Number(a.id) - Number(b.id));
  return { run, tasks };
}
