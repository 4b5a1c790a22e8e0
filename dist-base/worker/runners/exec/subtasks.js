import { subtaskSpec } from '../../subtask-spec.js';
export function spawnSubtasks(engine, ctx, capture, specs) {
    return engine
        .enqueueMany(specs.map((s) => subtaskSpec(ctx.task, s)))
        .then((tasks) => capture.system(`spawned ${tasks.length} subtask(s): ${tasks.map((t) => `${t.name}#${t.id}`).join(', ')}`))
        .catch((err) => capture.system(`warning: spawn refused: ${err.message}`));
}
//# sourceMappingURL=subtasks.js.map