import { FINISHED_RUN_STATES } from '../model/run.js';
import { isBookkeeping } from '../model/step.js';
import { isEnvelope } from '../workflow/envelope.js';
import { renderRun } from '../workflow/render.js';
/**
 * The worker's slots as the worker itself sees them. Not counted from its task:start and
 * task:end events: a task ends only once its result is recorded, and its slot is free (and
 * taken by the next task) before that, so counting events showed up to twice -c running.
 */
export function workerSlots(worker, concurrency, isDefault) {
    return {
        workerId: worker.id,
        concurrency,
        isDefault,
        holds: (id) => worker.holds(id),
        get busy() {
            return worker.inFlight;
        },
    };
}
/** A task this worker holds but has not started is waiting for a slot: pending, as people see it. */
function asSeen(tasks, slots) {
    if (!slots)
        return tasks;
    return tasks.map((t) => (t.state === 'running' && t.workerId === slots.workerId && !slots.holds(t.id) ? { ...t, state: 'pending' } : t));
}
/** The note shown while ready tasks wait because every slot is busy, else null. */
function slotNote(tasks, slots) {
    if (!slots || slots.busy < slots.concurrency)
        return null;
    const waiting = tasks.filter((t) => t.state === 'pending' && !isBookkeeping(t)).length;
    if (waiting === 0)
        return null;
    return `${waiting} ready task${waiting === 1 ? '' : 's'} wait${waiting === 1 ? 's' : ''} for a slot: ${slots.concurrency} run at once here (-c ${slots.concurrency}${slots.isDefault ? ', the default' : ''}); more with -c N`;
}
/** Follows the run until it finishes; prints the final tree; resolves with the finished run. */
export async function followRun(engine, runId, o) {
    const interval = o.intervalMs ?? (o.tty ? 100 : 200);
    let drawn = 0;
    const seen = new Map();
    const t0 = Date.now();
    let noted = false;
    for (;;) {
        const read = await engine.runs.withTasks(runId);
        const { run } = read;
        const tasks = asSeen(read.tasks, o.slots);
        const finished = FINISHED_RUN_STATES.includes(run.state);
        const note = finished ? null : slotNote(tasks, o.slots);
        const stamp = () => `[${((Date.now() - t0) / 1000).toFixed(2).padStart(7)}s]`;
        if (o.tty) {
            const lines = [...renderRun(run, tasks, { now: engine.clock.now() }), ...(note ? [`  ⧗ ${note}`] : [])];
            o.out.write(`${drawn > 0 ? `\x1b[${drawn}A\x1b[J` : ''}${lines.join('\n')}\n`);
            drawn = lines.length;
        }
        else {
            for (const [key, state] of groupStates(tasks)) {
                if (seen.get(key) === state)
                    continue;
                seen.set(key, state);
                o.out.write(`${stamp()} ${key} ${state}\n`);
            }
            // Once: plain output is a log, and the limit does not change during a run.
            if (note && !noted)
                o.out.write(`${stamp()} note: ${note}\n`);
            noted ||= note !== null;
            if (finished)
                o.out.write(`${renderRun(run, tasks, { now: engine.clock.now() }).join('\n')}\n`);
        }
        if (finished)
            return run;
        await new Promise((r) => setTimeout(r, interval));
    }
}
/** Per workflow task (a foreach counts as one), the state it shows, with item counts. */
function groupStates(tasks) {
    const groups = new Map();
    const byId = new Map(tasks.map((t) => [t.id, t]));
    // Subtasks a handler spawned are summarised under the workflow task that spawned them.
    const keyOf = (t) => {
        if (isEnvelope(t.payload))
            return t.payload.task;
        let p = t.parentId === null ? undefined : byId.get(t.parentId);
        while (p && !isEnvelope(p.payload))
            p = p.parentId === null ? undefined : byId.get(p.parentId);
        return p && isEnvelope(p.payload) ? `${p.payload.task} subtasks` : `${t.name}#${t.id}`;
    };
    for (const t of tasks) {
        // Bookkeeping is never a row; a declared on_failure is one once it runs.
        if (isBookkeeping(t) || (isEnvelope(t.payload) && t.payload.kind === 'on_failure' && (t.state === 'blocked' || t.state === 'skipped')))
            continue;
        const key = keyOf(t);
        const l = groups.get(key) ?? [];
        l.push(t);
        groups.set(key, l);
    }
    const out = new Map();
    for (const [key, list] of groups) {
        if (list.length === 1 && !key.endsWith(' subtasks'))
            out.set(key, list[0].state);
        else {
            const live = list.find((t) => ['running', 'waiting', 'retrying'].includes(t.state));
            const bad = list.find((t) => t.state === 'failed' || t.state === 'cancelled');
            const all = list.every((t) => t.state === 'succeeded');
            const items = key.endsWith(' subtasks') ? list.length : list.filter((t) => isEnvelope(t.payload) && t.payload.index !== undefined).length;
            out.set(key, all ? `succeeded (${items} ${key.endsWith(' subtasks') ? 'tasks' : 'items'})` : bad && !live ? `${bad.state}` : live ? 'running' : list[0].state === 'blocked' ? 'blocked' : 'pending');
        }
    }
    return out;
}
//# sourceMappingURL=run-progress.js.map