/**
 * Inserting runs and tasks (SQLite). A workflow run goes first (insertRun), in the transaction of
 * its graph's tasks. Runs of plain tasks go in multi-row inserts, CHUNK rows a statement; the
 * others one by one, their starting state decided by createdState. The same functions as
 * postgres/insert.ts.
 */
import { createdState, eventDetail, readyState } from '../../model/decisions.js';
import { collapsedDetail, openedWindow, planCollapse, type Collapse } from '../../model/collapse.js';
import { writesCreatedEvent } from '../../model/history.js';
import { NotFoundError } from '../../model/errors.js';
import { payloadText } from '../../model/spec.js';
import type { FinishedState } from '../../model/state.js';
import type { NewRun, Run } from '../../model/run.js';
import type { NewTask, TaskId } from '../../model/task.js';
import { checkBatchDeps, isPlainTask, withBatchDeps } from '../inserts.js';
import { backoffText, newTaskRecord, rowToRun, rowToTask, type RunRow, type TaskRow } from '../rows.js';
import type { TaskInsertOp, TaskInsertResult } from '../store.js';
import { finish } from './finish.js';
import { CHUNK, j, type SqliteTx } from './tx.js';

/** A workflow run, in the transaction of its graph's inserts (applied before them). */
export function insertRun(tx: SqliteTx, r: NewRun): Run {
  return rowToRun(tx.s.runInsert.get(r.id, r.name, r.state, j(r.spec), j(r.inputs), j(r.outputs), j(r.error), r.trigger, r.createdAt, r.createdAt) as RunRow);
}

/** Inserts in the caller's order: runs of plain tasks set-based, the others one by one. */
export function insertAll(tx: SqliteTx, ops: TaskInsertOp[]): TaskInsertResult[] {
  checkBatchDeps(ops);
  const out: TaskInsertResult[] = [];
  let run: NewTask[] = [];
  const flushRun = () => {
    // A loop, not push(...): a run may hold every task of a very large batch.
    if (run.length) for (const r of insertPlain(tx, run)) out.push(r);
    run = [];
  };
  for (const op of ops) {
    // Dependencies on earlier entries of this batch: write those first to know their ids.
    if (op.dependsOnIndex?.length) flushRun();
    const task = withBatchDeps(op, out);
    if (isPlainTask(task)) {
      run.push(task);
      continue;
    }
    flushRun();
    out.push(insertOne(tx, task));
  }
  flushRun();
  return out;
}

/** Plain tasks, CHUNK per multi-row statement; each is pending or scheduled. */
export function insertPlain(tx: SqliteTx, tasks: NewTask[]): TaskInsertResult[] {
  const out: TaskInsertResult[] = [];
  for (let i = 0; i < tasks.length; i += CHUNK) {
    const part = tasks.slice(i, i + CHUNK);
    const states = part.map((t) => readyState(t.runAt, tx.now));
    const params: unknown[] = [];
    part.forEach((t, n) => {
      params.push(t.name, t.queue, states[n], payloadText(t.payload), t.priority, t.runAt, t.maxAttempts, backoffText(t.backoff), t.timeoutMs, t.runId, t.tags.length ? j(t.tags) : null, tx.now, tx.now);
    });
    const ids = tx.sized.get('insert', part.length).raw(true).all(...params) as [number][];
    // RETURNING order is not promised to follow VALUES order; ids are, being allocated in order.
    const sorted = ids.map((r) => r[0]).sort((a, b) => a - b);
    part.forEach((t, n) => {
      const id = sorted[n]!;
      if (writesCreatedEvent(tx.history, states[n]!, t.dependsOn)) tx.event(id, 'created', 0, null, eventDetail.created(states[n]!, t.dependsOn));
      out.push({ task: newTaskRecord(id, t, states[n]!, 0, 0, tx.now), created: true });
    });
  }
  return out;
}

/** A task with a key, dedup key, dependencies or a parent: looked up first, then inserted alone. */
export function insertOne(tx: SqliteTx, t: NewTask): TaskInsertResult {
  const { s, now } = tx;
  if (t.dedupKey !== null) {
    const seen = s.dedupGet.get(t.dedupKey) as { task_id: number } | undefined;
    const existing = seen && ((s.liveById.get(seen.task_id) ?? s.doneById.get(seen.task_id)) as TaskRow | undefined);
    if (existing) return deduplicated(tx, existing, eventDetail.deduplicated('dedupKey', t.dedupKey));
  }
  if (t.key !== null) {
    const existing = s.liveByKey.get(t.queue, t.key) as TaskRow | undefined;
    if (existing) return deduplicated(tx, existing, eventDetail.deduplicated('key', t.key));
  }
  if (t.collapse) {
    const joined = joinCollapsed(tx, t, t.collapse);
    if (joined) return joined;
  }
  const deps = [...new Set(t.dependsOn)].map((id) => ({ id, finished: finishedStateOf(tx, id) }));
  if (t.parentId !== null) {
    if (s.liveState.get(t.parentId)) s.parentChildAdd.run(now, t.parentId);
    else if (!s.doneState.get(t.parentId)) throw new NotFoundError('parent task', t.parentId);
  }
  const created = createdState(t, deps, now);
  const info = s.taskInsert.run(
    t.name, t.queue, created.state, payloadText(t.payload), t.priority, t.runAt, t.maxAttempts, backoffText(t.backoff), t.timeoutMs,
    t.parentId, t.runId, t.key, t.tags.length ? j(t.tags) : null, created.depsPending, created.depsFailed, t.triggerRule, t.dedupKey, now, now,
  );
  const id = Number(info.lastInsertRowid);
  for (const dep of t.dependsOn) s.depInsert.run(dep, id);
  if (t.dedupKey !== null) s.dedupInsert.run(t.dedupKey, id);
  if (t.collapse) {
    const w = openedWindow(t.collapse, String(id), now, t.runAt);
    s.collapsePut.run(t.queue, t.collapse.mode, t.collapse.key, id, w.openedAt, w.until);
  }
  if (writesCreatedEvent(tx.history, created.state, t.dependsOn)) tx.event(id, 'created', 0, null, eventDetail.created(created.state, t.dependsOn));
  if (created.skip) return { task: finish(tx, id, 'skipped', created.skip), created: true };
  return { task: newTaskRecord(id, t, created.state, created.depsPending, created.depsFailed, now), created: true };
}

/** An enqueue turned back by a key: the task it returns, with the event that says so in its audit. */
function deduplicated(tx: SqliteTx, existing: TaskRow, detail: ReturnType<typeof eventDetail.deduplicated>): TaskInsertResult {
  tx.event(Number(existing.id), 'deduplicated', existing.attempt, null, detail);
  return { task: rowToTask(existing), created: false };
}

/**
 * Debounce/throttle: the task this enqueue collapses into, changed as planCollapse says, or null
 * to insert a new one. SQLite has one writer, so the read and the change cannot interleave with
 * another enqueue's.
 */
function joinCollapsed(tx: SqliteTx, t: NewTask, c: Collapse): TaskInsertResult | null {
  const { s, now } = tx;
  const win = s.collapseGet.get(t.queue, c.mode, c.key) as { task_id: number; opened_at: number; until: number } | undefined;
  if (!win) return null;
  const row = (s.liveById.get(win.task_id) ?? s.doneById.get(win.task_id)) as TaskRow | undefined;
  const current = row ? rowToTask(row) : null;
  const plan = planCollapse(c, { taskId: String(win.task_id), openedAt: win.opened_at, until: win.until }, current, now);
  if (plan.action === 'open' || !current) return null;
  let task = current;
  if (plan.change) {
    const ch = plan.change;
    const updated = s.collapseUpdate.get({ replace: ch.replacePayload ? 1 : 0, payload: payloadText(t.payload), runAt: ch.runAt, now, id: win.task_id }) as TaskRow | undefined;
    if (!updated) return null;
    task = rowToTask(updated);
    if (ch.runAt !== null) s.collapsePut.run(t.queue, c.mode, c.key, win.task_id, win.opened_at, ch.runAt);
  }
  tx.event(win.task_id, 'debounced', task.attempt, null, collapsedDetail(c, plan.change));
  return { task, created: false, collapsed: true };
}

/** A dependency's finished state, or null while it is live; a task that exists nowhere is an error. */
function finishedStateOf(tx: SqliteTx, id: TaskId): FinishedState | null {
  if (tx.s.liveState.get(id)) return null;
  const done = tx.s.doneState.get(id) as { state: FinishedState } | undefined;
  if (!done) throw new NotFoundError('dependency task', id);
  return done.state;
}
