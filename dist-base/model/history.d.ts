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
export declare const HISTORY_MODES: readonly ["full", "compact", "none"];
export type HistoryMode = (typeof HISTORY_MODES)[number];
export declare const DEFAULT_HISTORY: HistoryMode;
/** Whether the store writes the routine events a row can show (created pending, claimed, succeeded). */
export declare function writesRoutineEvents(mode: HistoryMode): boolean;
/** Whether a task's `created` event is written: its row shows one created pending with no dependencies. */
export declare function writesCreatedEvent(mode: HistoryMode, state: string, dependsOn: readonly unknown[]): boolean;
/**
 * Whether a task that just succeeded keeps its row (and events) in history. Only `none` drops
 * any, and never one that something reads later (see the header).
 */
export declare function keepsSucceeded(mode: HistoryMode, task: {
    hasDependents: boolean;
    parentId: unknown;
    runId: unknown;
    dedupKey: unknown;
    throttling: boolean;
}): boolean;
/**
 * One task's whole story: its stored events (oldest first) with the routine events its row shows
 * and no event records added back, each where it happened. Under `full` nothing is missing and
 * the list comes back as it was. Added events carry the id of the stored event before them (or
 * "0"), so ids stay ordered.
 */
export declare function taskStory(task: Task, stored: readonly TaskEvent[]): TaskEvent[];
/**
 * The stories of several tasks (`stored` in id order, as a store lists them), interleaved: when
 * nothing was added, exactly `stored`; otherwise by time, each task's own order kept.
 */
export declare function auditStory(tasks: readonly Task[], stored: readonly TaskEvent[]): TaskEvent[];
