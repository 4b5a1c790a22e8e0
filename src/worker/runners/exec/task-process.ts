/**
 * One process of a task, the way units and plain commands both run it: runProcess with its
 * stdout and stderr in the attempt's log and fd 3 open as the control channel, whose messages
 * become the task's result, progress, log lines and subtasks.
 */
import type { Engine } from '../../../engine/engine.js';
import type { Json } from '../../../model/task.js';
import type { TaskContext } from '../../worker.js';
import { coalesced } from './coalesce.js';
import { parseControlLine } from './control-channel.js';
import type { ExitInfo } from './errors.js';
import type { LogCapture } from './log-capture.js';
import { runProcess, type ProcessSpec } from './run-process.js';
import { spawnSubtasks } from './subtasks.js';

export interface TaskProcess {
  exit: ExitInfo;
  /** The last result sent on the control channel; undefined when none was. */
  result: Json | undefined;
}

export type TaskProcessSpec = Omit<ProcessSpec, 'signal' | 'onControl'>;

/**
 * Runs it under the task's abort signal (time limit, cancel, lost lease) and resolves once it
 * has exited and everything it sent (progress, subtasks) is recorded. `who` names it in the
 * worker's own log, for control-channel warnings.
 */
export async function runTaskProcess(engine: Engine, ctx: TaskContext, capture: LogCapture, spec: TaskProcessSpec, who: Record<string, string>): Promise<TaskProcess> {
  let result: Json | undefined;
  const waits: Promise<unknown>[] = [];
  const progress = coalesced((v: Json) => ctx.progress(v).catch((e: Error) => capture.system(`warning: progress not recorded: ${e.message}`)));
  const exit = await runProcess({
    ...spec,
    env: { ...spec.env, TASKFRAME_CONTROL_FD: '3' },
    signal: ctx.signal,
    onOutput: (stream, text) => {
      capture.write(stream, text);
      spec.onOutput?.(stream, text);
    },
    onControl: (line) => {
      const { messages, warning } = parseControlLine(line);
      if (warning) {
        capture.system(`warning: ${warning}`);
        ctx.log.warn(who, warning);
      }
      for (const m of messages) {
        if (m.kind === 'result') result = m.value;
        else if (m.kind === 'log') capture.system(m.text);
        else if (m.kind === 'progress') waits.push(progress(m.value));
        else waits.push(spawnSubtasks(engine, ctx, capture, m.specs));
      }
    },
  });
  await Promise.all(waits);
  return { exit, result };
}
