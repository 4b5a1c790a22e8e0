/**
 * Name, queue and run of the tasks events are about: events carry only a task id, and metrics
 * (labelled by queue and name) and live views (one run, one task) need more. Looked up in one
 * read per page of the feed for the tasks not seen yet, and kept for the most recent ones: a
 * task's events mostly come within its short life, so nearly every event after `created` hits.
 */
import type { Engine } from '../engine/engine.js';
import type { TaskEvent } from '../model/task.js';
import type { TaskLabel } from '../engine/inspect.js';
export declare class TaskLabels {
    private readonly engine;
    private readonly known;
    constructor(engine: Engine);
    /** Labels of the events' tasks that still exist (a task purged meanwhile has none). */
    forEvents(events: TaskEvent[]): Promise<Map<string, TaskLabel>>;
    private remember;
}
