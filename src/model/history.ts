/**
 * History modes: how much of a task's story a store writes, and how the audit tells the whole
 * story from what was written. Decided here once; both store drivers carry it out in their own
 * SQL (src/store/sql-rules.ts spells the rules as SQL for them) and the engine reads the story
 * back through `auditStory`.
 *
 * - `full` (default): every event is a row; finished tasks stay until retention removes them.
 * - `compact`: the routine events the task's own row can show are not written — `created` (of a
 *   task created pending: the row's createdAt), `claimed` (of the attempt the row still shows:
 *   its attempt, startedAt, workerId) and `succeeded` (its finishedAt). Everything else is a row:
 *   retries, lease expiries, unclaims, cancels, progress, failures, skips. Before the row stops
 *   showing an attempt (a retry, an expired lease, an unclaim) or an event of that attempt is
 *   written (progress, timed_out, waiting, failed, cancelled, skipped), the attempt's `claimed`
 *   event is written first, with its own time: so stored events stay in the order they happened, and
 *   `auditStory` adds back only what the row still shows.
 * - `none`: as compact, and a task that succeeds leaves nothing behind (row, events, logs), like
 *   Graphile Worker or BullMQ's removeOnComplete — unless something reads it later: a task with
 *   dependents (they read its result), a parent (the parent is told, and reads its subtasks), a
 *   workflow run (the run's outputs and timeline read it), a permanent dedup key (a later
 *   enqueue with the key must find it) or a throttle window still open (a later enqueue with its
 *   key in the window joins it) keeps its row, as in compact. Failed, cancelled and skipped
 *   tasks are always kept.
 *
 * What is never written cannot be followed: the store's event feed (outboxes, rules on the
 * store, live metrics) carries only the stored events, so those followers want `full`.
 */
import type { Task, TaskEvent } from './task.js';

export const HISTORY_MODES = ['full', 'compact', 'none'] as const;
export type HistoryMode = (typeof HISTORY_MODES)[number];
export const DEFAULT_HISTORY: HistoryMode = 'full';

/** Whether the store writes the routine events a row can show (created pending, claimed, succeeded). */
export function writesRoutineEvents(mode: HistoryMode): boolean {
  return mode === 'full';
}

/** Whether a task's `created` event is written: its row shows one created pending with no dependencies. */
export function writesCreatedEvent(mode: HistoryMode, state: string, dependsOn: readonly unknown[]): boolean {
  return writesRoutineEvents(mode) || state !== 'pending' || dependsOn.length > 0;
}

/**
 * Whether a task that just succeeded keeps its row (and events) in history. Only `none` drops
 * any, and never one that something reads later (see the header).
 */
export function keepsSucceeded(mode: HistoryMode, task: { hasDependents: boolean; parentId: unknown; runId: unknown; dedupKey: unknown; throttling: boolean }): boolean {
  if (mode !== 'none') return true;
  return task.hasDependents || task.parentId != null || task.runId != null || task.dedupKey != null || task.throttling;
}

/** Events placed before a claim at the same instant (they happen to a task not yet claimed). */
const BEFORE_CLAIM = new Set<string>(['created', 'unblocked', 'retried']);

/**
 * One task's whole story: its stored events (oldest first) with the routine events its row shows
 * and no event records added back, each where it happened. Under `full` nothing is missing and
 * the list comes back as it was. Added events carry the id of the stored event before them (or
 * "0"), so ids stay ordered.
 */
export function taskStory(task: Task, stored: readonly TaskEvent[]): TaskEvent[] {
  const out = [...stored];
  const synth = (type: TaskEvent['type'], at: number, attempt: number, detail: TaskEvent['detail'], id: string): TaskEvent => ({
    id, taskId: task.id, type, at, attempt, workerId: type === 'created' ? null : task.workerId, detail,
  });
  let added = false;
  // The claim of the attempt the row shows, unless stored (a stored claim has the same time).
  const startedAt = task.startedAt;
  if (startedAt !== null && task.attempt >= 1 && !stored.some((e) => e.type === 'claimed' && e.attempt === task.attempt && e.at === startedAt)) {
    let i = out.findIndex((e) => e.at > startedAt || (e.at === startedAt && e.attempt >= task.attempt && !BEFORE_CLAIM.has(e.type)));
    if (i < 0) i = out.length;
    out.splice(i, 0, synth('claimed', startedAt, task.attempt, null, i > 0 ? out[i - 1]!.id : '0'));
    added = true;
  }
  if (!stored.some((e) => e.type === 'created')) {
    out.unshift(synth('created', task.createdAt, 0, { state: 'pending' }, '0'));
    added = true;
  }
  if (task.state === 'succeeded' && task.finishedAt !== null && !stored.some((e) => e.type === 'succeeded' && e.at === task.finishedAt)) {
    out.push(synth('succeeded', task.finishedAt, task.attempt, null, out.length ? out[out.length - 1]!.id : '0'));
    added = true;
  }
  return added ? out : (stored as TaskEvent[]);
}

/**
 * The stories of several tasks (`stored` in id order, as a store lists them), interleaved: when
 * nothing was added, exactly `stored`; otherwise by time, each task's own order kept.
 */
export function auditStory(tasks: readonly Task[], stored: readonly TaskEvent[]): TaskEvent[] {
  const byTask = new Map<string, TaskEvent[]>();
  for (const e of stored) {
    const list = byTask.get(String(e.taskId));
    if (list) list.push(e);
    else byTask.set(String(e.taskId), [e]);
  }
  let changed = false;
  const stories: TaskEvent[][] = [];
  for (const t of tasks) {
    const own = byTask.get(String(t.id)) ?? [];
    const story = taskStory(t, own);
    if (story !== own) changed = true;
    stories.push(story);
    byTask.delete(String(t.id));
  }
  if (!changed) return stored as TaskEvent[];
  for (const rest of byTask.values()) stories.push(rest);
  // By time, stably; within a story a key that never goes back keeps the story's own order
  // (stores' clocks may differ by a little).
  const keyed: Array<{ e: TaskEvent; key: number }> = [];
  for (const s of stories) {
    let key = -Infinity;
    for (const e of s) keyed.push({ e, key: (key = Math.max(key, e.at)) });
  }
  return keyed.sort((a, b) => a.key - b.key).map((k) => k.e);
}
