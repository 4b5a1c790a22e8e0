/**
 * What an operator's console reads: searches over tasks and runs (filters.ts says what an operator
 * may type), many tasks by id, the labels metrics and live views name events by, and a run's
 * timeline (every attempt of every step, from the audit trail). Reads only; through the store's
 * read queries, never its write path.
 */
import { ValidationError } from '../model/errors.js';
import type { RunState } from '../model/run.js';
import { auditStory } from '../model/history.js';
import { eventsSince } from '../model/clock.js';
import { isBookkeeping } from '../model/step.js';
import type { EventType, Task, TaskEvent, TaskId } from '../model/task.js';
import type { Run } from '../model/run.js';
import type { JsonFieldMatch, RunPosition, Store, TaskLabel, TaskSearchParams } from '../store/store.js';

/** What names a task in metrics and live views (surfaces take the store's types from the engine). */
export type { JsonFieldMatch, TaskLabel };
import { checkRange } from './filters.js';
import { checkId } from './ids.js';

/** Rows a search with unindexed filters examines by default, and at most (see TaskSearchParams). */
export const SCAN_DEFAULT = 10_000;
export const SCAN_MAX = 100_000;
export const PAGE_MAX = 1000;
/** Ids one store call reads at most: SQLite binds each id as a parameter. */
const IDS_PER_READ = 1000;

/** What a search matches on: the store's search without its paging. */
export type TaskFilter = Omit<TaskSearchParams, 'beforeId' | 'limit' | 'scanLimit'>;

export interface RunFilter {
  name?: string;
  namePrefix?: string;
  states?: RunState[];
  createdAfter?: number;
  createdBefore?: number;
  inputs?: JsonFieldMatch;
}

export interface Page {
  limit?: number;
  /** Rows examined at most by a search with unindexed filters (default 10,000, at most 100,000). */
  scanLimit?: number;
}

export interface SearchPage<T, C> {
  items: T[];
  /** Where the next page starts (pass back as the cursor), or null: nothing more. */
  next: C | null;
  /** Rows examined one by one (unindexed filters), or null when indexes answered. */
  scanned: number | null;
  /** True when the page stopped because the examined window was full, not because it had `limit` rows. */
  partial: boolean;
}

/** One attempt of a task: claim to outcome. */
export interface AttemptSpan {
  attempt: number;
  startedAt: number;
  /** When the attempt ended (null: still running). */
  endedAt: number | null;
  /** How it ended: succeeded, failed, retry_scheduled, timed_out, lease_expired, cancelled, waiting, … */
  outcome: EventType | null;
  workerId: string | null;
}

export interface TimelineEntry {
  task: Task;
  attempts: AttemptSpan[];
}

/** Events that end an attempt (the first one seen closes it). */
const ENDS_ATTEMPT: ReadonlySet<EventType> = new Set(['succeeded', 'failed', 'timed_out', 'retry_scheduled', 'lease_expired', 'cancelled', 'unclaimed', 'waiting', 'skipped']);

export class Inspect {
  constructor(private readonly store: Store) {}

  /** Tasks matching every filter, newest first; workflow bookkeeping tasks are left out. */
  async tasks(f: TaskFilter, page: Page & { beforeId?: TaskId } = {}): Promise<SearchPage<Task, TaskId>> {
    const { limit, scanLimit } = checkPage(page);
    checkRange(f.createdAfter, f.createdBefore, 'createdBefore');
    if (page.beforeId !== undefined) checkId(page.beforeId);
    if (f.parentId !== undefined) checkId(f.parentId);
    const r = await this.store.taskSearch({ ...f, beforeId: page.beforeId, limit: limit + 1, scanLimit });
    const more = r.tasks.length > limit;
    const rows = r.tasks.slice(0, limit);
    const next = more ? rows[rows.length - 1]!.id : r.scanFloorId;
    return { items: rows.filter((t) => !isBookkeeping(t)), next, scanned: r.scanned, partial: !more && r.scanFloorId !== null };
  }

  /** Runs matching every filter, newest first. */
  async runs(f: RunFilter, page: Page & { before?: RunPosition } = {}): Promise<SearchPage<Run, RunPosition>> {
    const { limit, scanLimit } = checkPage(page);
    checkRange(f.createdAfter, f.createdBefore, 'createdBefore');
    const r = await this.store.runSearch({ ...f, ...(page.before ? { before: page.before } : {}), limit: limit + 1, scanLimit });
    const more = r.runs.length > limit;
    const rows = r.runs.slice(0, limit);
    const last = rows[rows.length - 1];
    const next = more && last ? { createdAt: last.createdAt, id: last.id } : r.scanFloor;
    return { items: rows, next, scanned: r.scanned, partial: !more && r.scanFloor !== null };
  }

  /** The tasks with these ids that exist, in the order asked. */
  async getMany(ids: TaskId[]): Promise<Task[]> {
    const found = new Map<string, Task>();
    for (const chunk of chunks(ids.map(checkId))) for (const t of await this.store.taskGetMany({ ids: chunk })) found.set(t.id, t);
    return ids.flatMap((id) => found.get(String(id)) ?? []);
  }

  /** Name, queue and run of the tasks with these ids that exist (finished ones: from `finishedSince` on, store.ts). */
  async labels(ids: TaskId[], finishedSince?: number): Promise<TaskLabel[]> {
    const out: TaskLabel[] = [];
    for (const chunk of chunks(ids)) out.push(...(await this.store.taskLabelList({ ids: chunk, ...(finishedSince !== undefined ? { finishedSince } : {}) })));
    return out;
  }

  /** The tasks that are steps (bookkeeping left out), oldest first. */
  steps(tasks: Task[]): Task[] {
    return tasks.filter((t) => !isBookkeeping(t)).sort((a, b) => Number(a.id) - Number(b.id));
  }

  /**
   * Every task of the run (bookkeeping left out) with its attempts, read from the audit trail: a
   * claim opens an attempt, the first outcome after it closes it. Oldest task first.
   */
  async timeline(tasks: Task[]): Promise<TimelineEntry[]> {
    const steps = this.steps(tasks);
    const events: TaskEvent[] = [];
    for (const chunk of chunks(steps.map((t) => t.id))) {
      // Claims and outcomes only grow with attempts: a task's trail is short next to this bound.
      // The whole story (model/history.ts): under history compact/none routine events live in the rows.
      const ids = new Set(chunk.map(String));
      const mine = steps.filter((t) => ids.has(String(t.id)));
      const since = eventsSince(mine, ids.size);
      const stored = await this.store.eventList({ taskIds: chunk, limit: chunk.length * 64, ...(since !== undefined ? { since } : {}) });
      events.push(...auditStory(mine, stored));
    }
    const byTask = new Map<string, AttemptSpan[]>();
    // In story order: each task's events stay in the order they happened.
    for (const e of events) {
      const spans = byTask.get(e.taskId) ?? [];
      const open = spans.length > 0 && spans[spans.length - 1]!.endedAt === null ? spans[spans.length - 1]! : null;
      if (e.type === 'claimed') {
        if (open) Object.assign(open, { endedAt: e.at, outcome: 'lease_expired' });
        spans.push({ attempt: e.attempt, startedAt: e.at, endedAt: null, outcome: null, workerId: e.workerId });
        byTask.set(e.taskId, spans);
      } else if (open && ENDS_ATTEMPT.has(e.type)) {
        open.endedAt = e.at;
        open.outcome = e.type;
      }
    }
    return steps.map((task) => ({ task, attempts: byTask.get(task.id) ?? [] }));
  }
}

function checkPage(p: Page): { limit: number; scanLimit: number } {
  const limit = p.limit ?? 100;
  const scanLimit = p.scanLimit ?? SCAN_DEFAULT;
  if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_MAX) throw new ValidationError('limit', `must be an integer from 1 to ${PAGE_MAX}`);
  if (!Number.isInteger(scanLimit) || scanLimit < 1 || scanLimit > SCAN_MAX) throw new ValidationError('scan', `must be an integer from 1 to ${SCAN_MAX.toLocaleString('en-US')}`);
  return { limit, scanLimit };
}

function chunks<T>(xs: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += IDS_PER_READ) out.push(xs.slice(i, i + IDS_PER_READ));
  return out;
}
