/**
 * Name, queue and run of the tasks events are about: events carry only a task id, and metrics
 * (labelled by queue and name) and live views (one run, one task) need more. Looked up in one
 * read per page of the feed for the tasks not seen yet, and kept for the most recent ones: a
 * task's events mostly come within its short life, so nearly every event after `created` hits.
 */
import type { Engine } from '../engine/engine.js';
import { EVENT_CLOCK_SLACK_MS } from '../model/clock.js';
import type { TaskEvent } from '../model/task.js';
import type { TaskLabel } from '../engine/inspect.js';

/** Labels kept at most (about 100 bytes each). */
const KEEP = 200_000;

export class TaskLabels {
  private readonly known = new Map<string, TaskLabel>();

  constructor(private readonly engine: Engine) {}

  /** Labels of the events' tasks that still exist (a task purged meanwhile has none). */
  async forEvents(events: TaskEvent[]): Promise<Map<string, TaskLabel>> {
    const out = new Map<string, TaskLabel>();
    const missing = new Set<string>();
    // Each of these tasks has an event here, and finishes after its events: history before the
    // earliest, less the clock slack, need not be read.
    let earliest = Infinity;
    for (const e of events) {
      const l = this.known.get(e.taskId);
      if (l) out.set(e.taskId, l);
      else {
        missing.add(e.taskId);
        earliest = Math.min(earliest, e.at);
      }
    }
    if (missing.size > 0) {
      for (const l of await this.engine.inspect.labels([...missing], earliest - EVENT_CLOCK_SLACK_MS)) {
        out.set(l.id, l);
        this.remember(l);
      }
    }
    return out;
  }

  private remember(l: TaskLabel): void {
    if (this.known.size >= KEEP) {
      // Oldest first: Map iteration is insertion order.
      const drop = this.known.keys();
      for (let i = 0; i < KEEP / 10; i++) this.known.delete(drop.next().value as string);
    }
    this.known.set(l.id, l);
  }
}
