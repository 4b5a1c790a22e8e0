/**
 * Live progress of a run. On a TTY the whole tree is redrawn in place; otherwise one plain line
 * is printed whenever a workflow task (or foreach group) changes state, so logs stay readable.
 */
import type { Engine } from '../engine/engine.js';
import type { Task } from '../model/task.js';
import { FINISHED_RUN_STATES, type Run } from '../model/run.js';
import { isBookkeeping } from '../model/step.js';
import { isEnvelope } from '../workflow/envelope.js';
import { renderRun } from '../workflow/render.js';

export interface ProgressOptions {
  tty: boolean;
  out: NodeJS.WritableStream;
  intervalMs?: number;
}

/** Follows the run until it finishes; prints the final tree; resolves with the finished run. */
export async function followRun(engine: Engine, runId: string, o: ProgressOptions): Promise<Run> {
  const interval = o.intervalMs ?? (o.tty ? 100 : 200);
  let drawn = 0;
  const seen = new Map<string, string>();
  const t0 = Date.now();
  for (;;) {
    const { run, tasks } = await engine.runs.withTasks(runId);
    const finished = FINISHED_RUN_STATES.includes(run.state);
    if (o.tty) {
      const lines = renderRun(run, tasks, { now: engine.clock.now() });
      o.out.write(`${drawn > 0 ? `\x1b[${drawn}A\x1b[J` : ''}${lines.join('\n')}\n`);
      drawn = lines.length;
    } else {
      for (const [key, state] of groupStates(tasks)) {
        if (seen.get(key) === state) continue;
        seen.set(key, state);
        o.out.write(`[${((Date.now() - t0) / 1000).toFixed(2).padStart(7)}s] ${key} ${state}\n`);
      }
      if (finished) o.out.write(`${renderRun(run, tasks, { now: engine.clock.now() }).join('\n')}\n`);
    }
    if (finished) return run;
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** Per workflow task (a foreach counts as one), the state it shows, with item counts. */
function groupStates(tasks: Task[]): Map<string, string> {
  const groups = new Map<string, Task[]>();
  const byId = new Map(tasks.map((t) => [t.id, t]));
  // Subtasks a handler spawned are summarised under the workflow task that spawned them.
  const keyOf = (t: Task): string => {
    if (isEnvelope(t.payload)) return t.payload.task;
    let p = t.parentId === null ? undefined : byId.get(t.parentId);
    while (p && !isEnvelope(p.payload)) p = p.parentId === null ? undefined : byId.get(p.parentId);
    return p && isEnvelope(p.payload) ? `${p.payload.task} subtasks` : `${t.name}#${t.id}`;
  };
  for (const t of tasks) {
    // Bookkeeping is never a row; a declared on_failure is one once it runs.
    if (isBookkeeping(t) || (isEnvelope(t.payload) && t.payload.kind === 'on_failure' && (t.state === 'blocked' || t.state === 'skipped'))) continue;
    const key = keyOf(t);
    const l = groups.get(key) ?? [];
    l.push(t);
    groups.set(key, l);
  }
  const out = new Map<string, string>();
  for (const [key, list] of groups) {
    if (list.length === 1 && !key.endsWith(' subtasks')) out.set(key, list[0]!.state);
    else {
      const live = list.find((t) => ['running', 'waiting', 'retrying'].includes(t.state));
      const bad = list.find((t) => t.state === 'failed' || t.state === 'cancelled');
      const all = list.every((t) => t.state === 'succeeded');
      const items = key.endsWith(' subtasks') ? list.length : list.filter((t) => isEnvelope(t.payload) && t.payload.index !== undefined).length;
      out.set(key, all ? `succeeded (${items} ${key.endsWith(' subtasks') ? 'tasks' : 'items'})` : bad && !live ? `${bad.state}` : live ? 'running' : list[0]!.state === 'blocked' ? 'blocked' : 'pending');
    }
  }
  return out;
}
