/**
 * Inserting runs and tasks (PostgreSQL). A workflow run goes first (insertRun), in the
 * transaction of its graph's tasks. Runs of plain tasks go in one statement as column arrays; the
 * others one by one, their starting state decided by createdState. The same functions as
 * sqlite/insert.ts.
 */
import { collapsedDetail, openedWindow, planCollapse, type Collapse } from '../../model/collapse.js';
import { createdState, eventDetail, readyState } from '../../model/decisions.js';
import { writesCreatedEvent } from '../../model/history.js';
import { NotFoundError, StoreError } from '../../model/errors.js';
import { payloadText } from '../../model/spec.js';
import type { FinishedState } from '../../model/state.js';
import type { NewRun, Run } from '../../model/run.js';
import type { NewTask } from '../../model/task.js';
import { checkBatchDeps, linksIntoRun, withBatchDeps } from '../inserts.js';
import { backoffText, newTaskRecord, rowToRun, rowToTask, storedBackoff, type RunRow } from '../rows.js';
import type { TaskInsertOp, TaskInsertResult } from '../store.js';
import { arrayLiteral } from './array-literal.js';
import { finish } from './finish.js';
import { LOCK, SQL } from './statements.js';
import { j, type PgTx, type Row } from './tx.js';

/** A workflow run, in the transaction of its graph's inserts (applied before them). */
export async function insertRun(tx: PgTx, r: NewRun): Promise<Run> {
  const row = await tx.one<RunRow>(SQL.runInsert, [r.id, r.name, r.state, j(r.spec), j(r.inputs), j(r.outputs), j(r.error), r.trigger, r.createdAt]);
  if (!row) throw new StoreError('run insert returned no row', { id: r.id });
  return rowToRun(row);
}

/**
 * Inserts in the caller's order: runs of plain tasks set-based (with the tasks that depend only
 * on earlier tasks of the same run, as a chain or a DAG submitted at once does), the others one
 * by one.
 */
export async function insertAll(tx: PgTx, ops: TaskInsertOp[]): Promise<TaskInsertResult[]> {
  checkBatchDeps(ops);
  const out: TaskInsertResult[] = [];
  let run: TaskInsertOp[] = [];
  const flushRun = async () => {
    const linked = run.some((op) => op.dependsOnIndex?.length);
    const written = linked ? await insertLinked(tx, run, out.length) : await insertPlain(tx, run.map((op) => op.task));
    // A loop, not push(...): a run may hold every task of a very large batch.
    for (const r of written) out.push(r);
    run = [];
  };
  for (const op of ops) {
    if (linksIntoRun(op, out.length)) {
      run.push(op);
      continue;
    }
    // Dependencies on entries written before the run: write the run first to know their ids.
    if (run.length) await flushRun();
    out.push(await insertOne(tx, withBatchDeps(op, out)));
  }
  if (run.length) await flushRun();
  return out;
}

/**
 * A run of new tasks whose dependencies are earlier tasks of the same run (`runStart`: the
 * batch index of its first): ids taken first, then every row, created event and edge in one
 * statement. Each task's dependencies are new and unfinished, so it starts blocked on all of them.
 */
async function insertLinked(tx: PgTx, run: TaskInsertOp[], runStart: number): Promise<TaskInsertResult[]> {
  const ids = (await tx.rows<{ id: string }>(SQL.idsNext, [run.length])).map((r) => String(r.id));
  const idOf = (batchIndex: number) => ids[batchIndex - runStart]!;
  const depended = new Set<number>();
  for (const op of run) for (const i of op.dependsOnIndex ?? []) depended.add(i - runStart);
  const out: TaskInsertResult[] = [];
  const records: unknown[] = [];
  const edgeFrom: string[] = [];
  const edgeTo: string[] = [];
  run.forEach((op, k) => {
    const dependsOn = (op.dependsOnIndex ?? []).map(idOf);
    const t = { ...op.task, dependsOn };
    const distinct = [...new Set(dependsOn)];
    const created = createdState(t, distinct.map((id) => ({ id, finished: null })), tx.now);
    for (const d of distinct) {
      edgeFrom.push(d);
      edgeTo.push(ids[k]!);
    }
    records.push({
      id: ids[k], name: t.name, queue: t.queue, state: created.state, payload: t.payload, priority: t.priority, run_at: t.runAt,
      max_attempts: t.maxAttempts, backoff: storedBackoff(t.backoff), timeout_ms: t.timeoutMs, run_id: t.runId, tags: t.tags,
      deps_pending: created.depsPending, trigger_rule: t.triggerRule, has_dependents: depended.has(k),
      detail: writesCreatedEvent(tx.history, created.state, dependsOn) ? eventDetail.created(created.state, dependsOn) : null,
    });
    if (created.state !== 'blocked') tx.wake.add(t.queue);
    out.push({ task: newTaskRecord(ids[k]!, t, created.state, created.depsPending, 0, tx.now), created: true });
  });
  await tx.q(SQL.taskInsertLinked, [JSON.stringify(records), tx.now, edgeFrom, edgeTo]);
  return out;
}

/**
 * Rows per plain insert statement. Far above any group-commit batch (2,000 operations), so the
 * hot path is one statement; a bulk enqueue of hundreds of thousands goes in several statements
 * of one transaction (measured: 150,000 tasks 9.6 s as one statement, 3.7 s in chunks of 10,000).
 */
export const PLAIN_INSERT_CHUNK = 10_000;

/** Plain tasks, PLAIN_INSERT_CHUNK per statement; each is pending or scheduled. */
export async function insertPlain(tx: PgTx, tasks: NewTask[]): Promise<TaskInsertResult[]> {
  if (tasks.length <= PLAIN_INSERT_CHUNK) return insertPlainChunk(tx, tasks);
  const out: TaskInsertResult[] = [];
  for (let i = 0; i < tasks.length; i += PLAIN_INSERT_CHUNK) {
    for (const r of await insertPlainChunk(tx, tasks.slice(i, i + PLAIN_INSERT_CHUNK))) out.push(r);
  }
  return out;
}

async function insertPlainChunk(tx: PgTx, tasks: NewTask[]): Promise<TaskInsertResult[]> {
  const n = tasks.length;
  const cols = Array.from({ length: 11 }, () => new Array<string | number | null>(n));
  const states = new Array<'pending' | 'scheduled'>(n);
  for (let i = 0; i < n; i++) {
    const t = tasks[i]!;
    const state = (states[i] = readyState(t.runAt, tx.now));
    cols[0]![i] = t.name;
    cols[1]![i] = t.queue;
    cols[2]![i] = state;
    cols[3]![i] = payloadText(t.payload);
    cols[4]![i] = t.priority;
    cols[5]![i] = t.runAt;
    cols[6]![i] = t.maxAttempts;
    cols[7]![i] = backoffText(t.backoff);
    cols[8]![i] = t.timeoutMs;
    cols[9]![i] = t.runId;
    cols[10]![i] = t.tags.length ? JSON.stringify(t.tags) : null;
  }
  const rows = await tx.rows<{ id: string }>(tx.hot.taskInsertPlain, [...cols.map(arrayLiteral), tx.now, tx.channel]);
  if (rows.length !== n) throw new StoreError('plain insert returned a different number of rows', { expected: n, got: rows.length });
  return rows.map((r, i) => ({ task: newTaskRecord(r.id, tasks[i]!, states[i]!, 0, 0, tx.now), created: true }));
}

function record(t: NewTask, state: string, depsPending: number, depsFailed: number) {
  return {
    ord: 0, id: null, name: t.name, queue: t.queue, state, payload: t.payload, priority: t.priority, run_at: t.runAt,
    max_attempts: t.maxAttempts, backoff: storedBackoff(t.backoff), timeout_ms: t.timeoutMs, parent_id: t.parentId, run_id: t.runId,
    key: t.key, tags: t.tags, deps_pending: depsPending, deps_failed: depsFailed, trigger_rule: t.triggerRule, dedup_key: t.dedupKey,
  };
}

/** A task with a key, dedup key, dependencies or a parent: looked up first, then inserted alone. */
export async function insertOne(tx: PgTx, t: NewTask): Promise<TaskInsertResult> {
  if (t.dedupKey !== null) {
    // The lock makes a racing insert of the same key wait for this transaction, then see it.
    await tx.q(SQL.keyLock, [LOCK.dedup, t.dedupKey]);
    const seen = await tx.one<{ task_id: string }>(SQL.dedupGet, [t.dedupKey]);
    const existing = seen && ((await tx.one(SQL.liveById, [seen.task_id])) ?? (await tx.doneById(seen.task_id)));
    if (existing) return deduplicated(tx, existing, eventDetail.deduplicated('dedupKey', t.dedupKey));
  }
  if (t.key !== null) {
    await tx.q(SQL.keyLock, [LOCK.key, `${t.queue}\n${t.key}`]);
    const existing = await tx.one(SQL.liveByKey, [t.queue, t.key]);
    if (existing) return deduplicated(tx, existing, eventDetail.deduplicated('key', t.key));
  }
  if (t.collapse) {
    // The lock makes a racing enqueue with the same key wait for this transaction, then join its task.
    await tx.q(SQL.keyLock, [LOCK.collapse, `${t.queue}\n${t.collapse.mode}\n${t.collapse.key}`]);
    const joined = await joinCollapsed(tx, t, t.collapse);
    if (joined) return joined;
  }
  const deps = await dependencies(tx, [...new Set(t.dependsOn)]);
  if (t.parentId !== null) {
    const added = await tx.one(SQL.parentChildAdd, [tx.now, t.parentId]);
    if (!added && !(await tx.doneById(t.parentId))) throw new NotFoundError('parent task', t.parentId);
  }
  const created = createdState(t, deps, tx.now);
  const [row] = await tx.rows<Row>(SQL.taskInsertMany, [
    JSON.stringify([record(t, created.state, created.depsPending, created.depsFailed)]), tx.now, writesCreatedEvent(tx.history, created.state, t.dependsOn) ? JSON.stringify(eventDetail.created(created.state, t.dependsOn)) : null,
  ]);
  if (!row) throw new StoreError('insert returned no row', { name: t.name });
  if (deps.length) await tx.q(SQL.depInsertMany, [t.dependsOn, row.id]);
  if (t.dedupKey !== null) await tx.q(SQL.dedupInsert, [t.dedupKey, row.id]);
  if (t.collapse) {
    const w = openedWindow(t.collapse, String(row.id), tx.now, t.runAt);
    await tx.q(SQL.collapsePut, [t.queue, t.collapse.mode, t.collapse.key, row.id, w.openedAt, w.until]);
  }
  if (created.skip) return { task: await finish(tx, String(row.id), 'skipped', created.skip), created: true };
  if (created.state !== 'blocked') tx.wake.add(t.queue);
  return { task: rowToTask(row), created: true };
}

/** An enqueue turned back by a key: the task it returns, with the event that says so in its audit. */
async function deduplicated(tx: PgTx, existing: Row, detail: ReturnType<typeof eventDetail.deduplicated>): Promise<TaskInsertResult> {
  await tx.event(String(existing.id), 'deduplicated', Number(existing.attempt), null, detail);
  return { task: rowToTask(existing), created: false };
}

/**
 * Debounce/throttle, under the key's lock: the task this enqueue collapses into, changed as
 * planCollapse says, or null to insert a new one. The change is guarded by the task's state: a
 * task claimed meanwhile is not changed (a debounce then opens a new task; a throttle joins it
 * as it is).
 */
async function joinCollapsed(tx: PgTx, t: NewTask, c: Collapse): Promise<TaskInsertResult | null> {
  const win = await tx.one<{ task_id: string; opened_at: string; until: string }>(SQL.collapseGet, [t.queue, c.mode, c.key]);
  if (!win) return null;
  const id = String(win.task_id);
  const row = (await tx.one(SQL.liveById, [id])) ?? (await tx.doneById(id));
  const current = row ? rowToTask(row) : null;
  const openedAt = Number(win.opened_at);
  let plan = planCollapse(c, { taskId: id, openedAt, until: Number(win.until) }, current, tx.now);
  if (plan.action === 'open' || !current) return null;
  let task = current;
  if (plan.change) {
    const ch = plan.change;
    const updated = await tx.one(SQL.collapseUpdate, [ch.replacePayload, payloadText(t.payload), ch.runAt, tx.now, id]);
    if (updated) {
      task = rowToTask(updated);
      if (ch.runAt !== null) await tx.q(SQL.collapsePut, [t.queue, c.mode, c.key, id, openedAt, ch.runAt]);
    } else {
      if (c.mode === 'debounce') return null;
      const now = (await tx.one(SQL.liveById, [id])) ?? (await tx.doneById(id));
      if (now) task = rowToTask(now);
      plan = { action: 'join', change: null };
    }
  }
  await tx.event(id, 'debounced', task.attempt, null, collapsedDetail(c, plan.change));
  return { task, created: false, collapsed: true };
}

/**
 * Each dependency's finished state, or null while it is live; one that exists nowhere is an
 * error. Live ones are locked (and marked as having dependents), so one finishing concurrently
 * either finished before — and is found in history — or will see this task's edge when it does.
 */
async function dependencies(tx: PgTx, ids: string[]): Promise<Array<{ id: string; finished: FinishedState | null }>> {
  if (ids.length === 0) return [];
  const live = await tx.rows<{ id: string; state: string }>(SQL.depsLockLive, [ids]);
  const liveIds = new Set(live.map((r) => String(r.id)));
  if (live.length) await tx.q(SQL.depsMarkLive, [[...liveIds]]);
  const rest = ids.filter((d) => !liveIds.has(d));
  const done = rest.length ? await tx.finishedStates(rest) : [];
  const doneById = new Map(done.map((r) => [String(r.id), r.state]));
  return ids.map((id) => {
    if (liveIds.has(id)) return { id, finished: null };
    const state = doneById.get(id);
    if (state === undefined) throw new NotFoundError('dependency task', id);
    return { id, finished: state };
  });
}
