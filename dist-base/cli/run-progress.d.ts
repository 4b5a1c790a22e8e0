/**
 * Live progress of a run. On a TTY the whole tree is redrawn in place; otherwise one plain line
 * is printed whenever a workflow task (or foreach group) changes state, so logs stay readable.
 *
 * With the slots of the run's own worker (`taskframe run`), what is shown running is what runs:
 * a worker claims a little ahead of its free slots, and a task it holds but has not started
 * (state `running` in the store) is shown `pending`, waiting for a slot. When ready tasks wait
 * because every slot is busy, the progress says so, with the `-c` that sets it.
 */
import type { Engine } from '../engine/engine.js';
import type { TaskId } from '../model/task.js';
import type { Worker } from '../worker/worker.js';
import { type Run } from '../model/run.js';
export interface ProgressOptions {
    tty: boolean;
    out: NodeJS.WritableStream;
    intervalMs?: number;
    /** The slots of the worker running the run here (see workerSlots). */
    slots?: Slots;
}
/** The tasks a worker's handlers hold, against how many it runs at once. */
export interface Slots {
    readonly workerId: string;
    readonly concurrency: number;
    /** Whether `concurrency` is the command's default (the note says so). */
    readonly isDefault: boolean;
    /** Whether a handler holds the task now (Worker.holds). */
    holds(id: TaskId): boolean;
    /** How many tasks handlers hold now. */
    readonly busy: number;
}
/**
 * The worker's slots as the worker itself sees them. Not counted from its task:start and
 * task:end events: a task ends only once its result is recorded, and its slot is free (and
 * taken by the next task) before that, so counting events showed up to twice -c running.
 */
export declare function workerSlots(worker: Worker, concurrency: number, isDefault: boolean): Slots;
/** Follows the run until it finishes; prints the final tree; resolves with the finished run. */
export declare function followRun(engine: Engine, runId: string, o: ProgressOptions): Promise<Run>;
