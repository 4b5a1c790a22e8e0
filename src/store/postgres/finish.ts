/**
 * A task finishing, and what follows from it (PostgreSQL): it moves to history, its event is
 * written, its dependents' counters move and the ones now decided are unblocked or skipped, and
 * a parent waiting on it may finish. Every decision is model/decisions.ts's; the same functions,
 * step for step, are in sqlite/finish.ts.
 */
import { eventDetail, parentAfterSubtask, planDependents, tallyFinishedDependencies } from '../../model/decisions.js';
import { StoreError } from '../../model/errors.js';
import { keepsSucceeded } from '../../model/history.js';
import type { FinishedState, TaskState } from '../../model/state.js';
import type { Task, TaskError, TaskId } from '../../model/task.js';
import { dependentCounters, rowToTask, type DependentRow } from '../rows.js';
import { SQL } from './statements.js';
import { j, type PgTx, type Row } from './tx.js';

/** Moves a live task to history in a finished state, records the event and carries the consequences. */
export async function finish(tx: PgTx, id: TaskId, state: FinishedState, error: TaskError | null): Promise<Task> {
  const row = await tx.one(SQL.finish, [id, state, j(error), tx.now]);
  if (!row) throw new StoreError(`task ${id} vanished while finishing`, { id });
  // compact/none: a failure, cancel or skip is a row; its attempt's claim goes before it.
  if (state !== 'succeeded') await tx.recordClaim(row);
  if (state !== 'succeeded' || tx.routine) await tx.event(id, state, row.attempt, row.worker_id, eventDetail.finished(state, error));
  // history none: a success nobody reads later leaves history at once (model/history.ts).
  const throttling = state === 'succeeded' && tx.history === 'none' && (await tx.one(SQL.throttling, [id, tx.now])) !== undefined;
  if (state === 'succeeded' && !keepsSucceeded(tx.history, { hasDependents: row.has_dependents, parentId: row.parent_id, runId: row.run_id, dedupKey: row.dedup_key, throttling })) {
    await tx.q(SQL.historyDrop, [id, row.finished_at]);
  }
  await afterFinish(tx, row, state, error);
  return rowToTask(row);
}

/** What a finished task does to others: its dependents (most tasks have none: a flag says so) and a parent waiting on it. */
export async function afterFinish(tx: PgTx, row: Pick<Row, 'id' | 'name' | 'has_dependents' | 'parent_id'>, state: FinishedState, error: TaskError | null): Promise<void> {
  if (row.has_dependents) await dependentsFinished(tx, [String(row.id)], state);
  if (row.parent_id !== null) await subtaskFinished(tx, String(row.parent_id), { id: String(row.id), name: row.name, state, error });
}

/**
 * Tasks that finished the same way (`cause`): their dependents' counters move in one statement
 * (a dependent waiting on several of them moves once, by how many), then those now decided are
 * unblocked, one statement per target state, or skipped.
 */
export async function dependentsFinished(tx: PgTx, ids: string[], cause: FinishedState): Promise<void> {
  const edges = await tx.rows<{ dep_id: string; task_id: string }>(SQL.dependentsOf, [ids]);
  if (edges.length === 0) return;
  const tally = tallyFinishedDependencies(edges.map((e) => ({ depId: String(e.dep_id), taskId: String(e.task_id) })), cause);
  const targets = [...tally.keys()];
  const moved = await tx.rows<DependentRow<string> & { queue: string }>(SQL.depsFinished, [
    targets, targets.map((t) => tally.get(t)!.finished), targets.map((t) => tally.get(t)!.failed), tx.now,
  ]);
  const queueOf = new Map(moved.map((d) => [String(d.id), d.queue]));
  const plan = planDependents(moved.map((d) => dependentCounters({ ...d, id: String(d.id) })), cause, (d) => tally.get(d)!.last, tx.now);
  if (plan.unblocked.length) {
    const events = plan.unblocked.map((u) => ({ task_id: u.id, type: 'unblocked', attempt: 0, worker_id: null, detail: u.detail }));
    await tx.q(SQL.unblockMany, [plan.toPending, plan.toScheduled, tx.now, JSON.stringify(events)]);
  }
  for (const u of plan.unblocked) tx.wake.add(queueOf.get(u.id)!);
  for (const k of plan.skipped) await finish(tx, k.id, 'skipped', k.error);
}

/** A subtask finished: its parent's count of open subtasks goes down, and a waiting parent may finish. */
export async function subtaskFinished(tx: PgTx, parentId: TaskId, subtask: { id: TaskId; name: string; state: FinishedState; error: TaskError | null }): Promise<void> {
  const parent = await tx.one<{ state: TaskState; children_pending: number }>(SQL.parentChildDone, [tx.now, parentId]);
  const next = parentAfterSubtask(parent && { state: parent.state, childrenPending: parent.children_pending }, subtask);
  if (next) await finish(tx, parentId, next.state, next.error);
}
