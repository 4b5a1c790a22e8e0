import { coalesced } from './coalesce.js';
import { parseControlLine } from './control-channel.js';
import { runProcess } from './run-process.js';
import { spawnSubtasks } from './subtasks.js';
/**
 * Runs it under the task's abort signal (time limit, cancel, lost lease) and resolves once it
 * has exited and everything it sent (progress, subtasks) is recorded. `who` names it in the
 * worker's own log, for control-channel warnings.
 */
export async function runTaskProcess(engine, ctx, capture, spec, who) {
    let result;
    const waits = [];
    const progress = coalesced((v) => ctx.progress(v).catch((e) => capture.system(`warning: progress not recorded: ${e.message}`)));
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
                if (m.kind === 'result')
                    result = m.value;
                else if (m.kind === 'log')
                    capture.system(m.text);
                else if (m.kind === 'progress')
                    waits.push(progress(m.value));
                else
                    waits.push(spawnSubtasks(engine, ctx, capture, m.specs));
            }
        },
    });
    await Promise.all(waits);
    return { exit, result };
}
//# sourceMappingURL=task-process.js.map