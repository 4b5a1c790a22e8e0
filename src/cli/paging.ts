/**
 * Read commands never cut their output silently. A list shows one page and says how many more
 * there are and how to see them (--cursor for the next page, --all for every one; as NDJSON with
 * --json); an audit trail is read page by page to its end, however long.
 */
import type { TaskEvent, TaskId, Task } from '../model/task.js';
import type { Run } from '../model/run.js';
import { decodeCursor, decodeRunCursor, encodeCursor, encodeRunCursor } from '../model/cursor.js';
import type { Taskframe } from '../taskframe.js';
import type { TaskListParams } from '../engine/engine.js';

export interface Page<T> {
  items: T[];
  /** Cursor of the next page, or null when this was the last. */
  next: string | null;
}

type TaskFilter = Omit<TaskListParams, 'limit' | 'beforeId'>;

/** Newest first; `cursor` continues after the page that gave it. */
export async function taskPage(tf: Taskframe, filter: TaskFilter, limit: number, cursor?: string): Promise<Page<Task>> {
  const beforeId = cursor === undefined ? undefined : decodeCursor(cursor, /^\d{1,19}$/, '--cursor');
  const rows = await tf.engine.list({ ...filter, ...(beforeId ? { beforeId } : {}), limit: limit + 1 });
  const items = rows.slice(0, limit);
  return { items, next: rows.length > limit ? encodeCursor(items[items.length - 1]!.id) : null };
}

/** Every matching task, newest first, a page at a time. */
export async function* allTasks(tf: Taskframe, filter: TaskFilter, pageSize = 1000): AsyncGenerator<Task[]> {
  let cursor: string | undefined;
  for (;;) {
    const page = await taskPage(tf, filter, pageSize, cursor);
    if (page.items.length) yield page.items;
    if (!page.next) return;
    cursor = page.next;
  }
}

/**
 * How many tasks match, from the per-queue counts the store keeps (cheap), or null when a
 * filter they cannot answer (a name) is given.
 */
export async function countTasks(tf: Taskframe, filter: TaskFilter): Promise<number | null> {
  if (filter.name !== undefined || filter.runId !== undefined || filter.parentId !== undefined) return null;
  let total = 0;
  for (const q of await tf.engine.queues.counts()) {
    if (filter.queue !== undefined && q.queue !== filter.queue) continue;
    for (const [state, n] of Object.entries(q.counts)) if (!filter.states || filter.states.includes(state as Task['state'])) total += n ?? 0;
  }
  return total;
}

/** Runs, newest first; `cursor` continues after the page that gave it (runs created in the same millisecond are neither skipped nor shown twice). */
export async function runPage(tf: Taskframe, filter: { name?: string; states?: Run['state'][] }, limit: number, cursor?: string): Promise<Page<Run>> {
  const before = cursor === undefined ? undefined : decodeRunCursor(cursor, '--cursor');
  const rows = await tf.engine.runs.list({ ...filter, ...(before ? { before } : {}), limit: limit + 1 });
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next: rows.length > limit && last ? encodeRunCursor(last) : null };
}

const ID_CHUNK = 5000;
const EVENT_PAGE = 2000;

/**
 * Every event of the given tasks in id order (oldest first), a page at a time: the task ids go
 * to the store in chunks (SQLite caps the parameters of one statement) whose event streams are
 * merged.
 */
interface EventStream {
  ids: TaskId[];
  buffer: TaskEvent[];
  afterId: string | undefined;
  done: boolean;
}

export async function* allEvents(tf: Taskframe, taskIds: TaskId[]): AsyncGenerator<TaskEvent[]> {
  const streams: EventStream[] = [];
  for (let i = 0; i < taskIds.length; i += ID_CHUNK) streams.push({ ids: taskIds.slice(i, i + ID_CHUNK), buffer: [], afterId: undefined, done: false });
  const refill = async (s: EventStream) => {
    if (s.buffer.length > 0 || s.done) return;
    const page = await tf.engine.events(s.ids, EVENT_PAGE, s.afterId);
    s.buffer = page;
    if (page.length) s.afterId = page[page.length - 1]!.id;
    if (page.length < EVENT_PAGE) s.done = true;
  };
  for (;;) {
    await Promise.all(streams.map(refill));
    const out: TaskEvent[] = [];
    while (out.length < EVENT_PAGE) {
      let best: EventStream | null = null;
      for (const s of streams) if (s.buffer.length && (!best || BigInt(s.buffer[0]!.id) < BigInt(best.buffer[0]!.id))) best = s;
      if (!best) break;
      out.push(best.buffer.shift()!);
      // A drained buffer must be refilled before anything later can be known to come next.
      if (best.buffer.length === 0 && !best.done) break;
    }
    if (out.length === 0) return;
    yield out;
  }
}

/**
 * A table printed as rows arrive: column widths come from the header and the first batch, and a
 * longer cell later pushes its row out rather than holding the whole output back.
 */
export class StreamTable {
  private widths: number[] | null = null;

  constructor(
    private readonly header: string[],
    private readonly write: (line: string) => void,
  ) {}

  rows(rows: string[][]): void {
    if (!this.widths) {
      const all = [this.header, ...rows];
      this.widths = this.header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
      this.line(this.header);
    }
    for (const r of rows) this.line(r);
  }

  private line(r: string[]): void {
    this.write(r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(this.widths![c]!))).join('  '));
  }
}
