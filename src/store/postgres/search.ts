/**
 * PostgreSQL read queries for the operator's console: tasks by id in bulk, their labels, and the
 * search over tasks and runs (contract in store.ts: TaskSearchParams, RunSearchParams).
 *
 * Payloads are not indexed for search: a GIN index on every task's payload would be paid on the
 * hot path (each insert, and again as the task moves into history) for a question operators ask
 * now and then. Instead a bounded search reads the ids of the `scanLimit` newest candidates
 * through the indexes the selecting filters can use, then checks the payload (`#>`, jsonb
 * equality), tag (`@>`), name prefix and time range on that window's rows only.
 */
import type { Task, TaskId } from '../../model/task.js';
import { ENVELOPE_MARK } from '../../model/step.js';
import { rowToRun, rowToTask, type RunRow, type TaskRow } from '../rows.js';
import type { JsonFieldMatch, RunSearchParams, RunSearchResult, TaskLabel, TaskListParams, TaskSearchParams, TaskSearchResult } from '../store.js';

import { fromFloor, fromListFloor, NO_FLOOR, pageWhole, wholeAbove, type HistoryFloors } from './history-floor.js';
import { bothTablesByIdsSql } from './statements.js';

export type Query = <R>(sql: string, params?: unknown[]) => Promise<R[]>;

/**
 * Rows of the tasks with these ids: the live table first, and history only for the ids not
 * found there. A statement that names history plans every day partition it keeps, whatever it
 * finds (a look-up by id took 64 ms with a year of days kept, measured). The rest are read from
 * both tables in one statement, which sees them at one instant, so a task moving between them
 * meanwhile is found once. History is read from the days since `finishedSince` (a literal: the
 * planner leaves out the days before it), or else from the tasks' floor (history-floor.ts), then
 * from the beginning for any not found there.
 */
async function liveFirst<R extends { id: unknown }>(rows: Query, ids: TaskId[], cols: string, since: { finishedSince: number } | { floors: HistoryFloors | null }): Promise<R[]> {
  if (ids.length === 0) return [];
  const live = await rows<R>(`SELECT ${cols} FROM tasks WHERE id = ANY($1::bigint[])`, [ids]);
  const found = new Set(live.map((r) => String(r.id)));
  const rest = [...new Set(ids.map(String))].filter((id) => !found.has(id));
  if (rest.length === 0) return live;
  if ('finishedSince' in since) return [...live, ...(await rows<R>(bothTablesByIdsSql(cols, since.finishedSince), [rest]))];
  const floor = since.floors ? await since.floors.floorOf(rest, rows) : NO_FLOOR;
  return [...live, ...(await fromFloor(rest, floor, (some, f) => rows<R>(bothTablesByIdsSql(cols, '$2'), [some, f])))];
}

export async function taskGetMany(rows: Query, ids: TaskId[], floors: HistoryFloors | null): Promise<Task[]> {
  return (await liveFirst<TaskRow>(rows, ids, '*', { floors })).map(rowToTask);
}

export async function taskLabelList(rows: Query, ids: TaskId[], finishedSince?: number): Promise<TaskLabel[]> {
  const cols = 'id, name, queue, run_id';
  const r = await liveFirst<{ id: string; name: string; queue: string; run_id: string | null }>(rows, ids, cols, finishedSince === undefined ? { floors: null } : { finishedSince });
  return r.map((x) => ({ id: String(x.id), name: x.name, queue: x.queue, runId: x.run_id }));
}

function jsonFieldSql(col: string, m: JsonFieldMatch, arg: (v: unknown) => string, envelope: boolean): string {
  const want = arg(JSON.stringify(m.value));
  const direct = `${col} #> ${arg(m.path.map(String))}::text[] = ${want}::jsonb`;
  if (!envelope) return direct;
  return `(${direct} OR (${col} ->> ${arg(ENVELOPE_MARK)}::text = '1' AND ${col} #> ${arg(['payload', ...m.path.map(String)])}::text[] = ${want}::jsonb))`;
}

type Selecting = Pick<TaskListParams, 'states' | 'queue' | 'name' | 'parentId' | 'runId' | 'beforeId'>;

/**
 * The filters a list and a search select by, for both tables, with a fresh parameter list per
 * statement (PostgreSQL refuses a parameter a statement does not use).
 */
function selecting(p: Selecting) {
  const args: unknown[] = [];
  const arg = (v: unknown) => `$${args.push(v)}`;
  const sel: string[] = [];
  if (p.states?.length) sel.push(`state = ANY(${arg(p.states)}::text[])`);
  if (p.queue !== undefined) sel.push(`queue = ${arg(p.queue)}`);
  if (p.name !== undefined) sel.push(`name = ${arg(p.name)}`);
  if (p.parentId !== undefined) sel.push(`parent_id = ${arg(p.parentId)}`);
  if (p.runId !== undefined) sel.push(`run_id = ${arg(p.runId)}`);
  if (p.beforeId !== undefined) sel.push(`id < ${arg(p.beforeId)}`);
  // Spelled out so the planner can use the partial index of unsuccessful finished tasks.
  const selDone = p.states?.length && !p.states.includes('succeeded') ? [...sel, "state <> 'succeeded'"] : sel;
  return { args, arg, sel, selDone };
}

const where = (xs: string[]) => (xs.length ? `WHERE ${xs.join(' AND ')}` : '');

/**
 * The newest `limit` rows of each table, history only from `since` on (a literal: only those days
 * are planned; with a year of days kept, planning every one took 70-80 ms a list).
 */
const bothNewestSql = (cols: string, live: string[], done: string[], limit: string, since: number | undefined) =>
  `(SELECT ${cols} FROM tasks ${where(live)} ORDER BY id DESC LIMIT ${limit}) UNION ALL (SELECT ${cols} FROM tasks_done ${where(
    since === undefined ? done : [...done, `finished_at >= ${Math.trunc(since)}`],
  )} ORDER BY id DESC LIMIT ${limit})`;

/**
 * Newest first over both tables (`taskframe tasks`, GET /v1/tasks, the console): history from the
 * days since `finishedSince`, or else from the tasks' floor (history-floor.ts) while that gives
 * the whole page.
 */
export async function taskList(rows: Query, p: TaskListParams, floors: HistoryFloors | null): Promise<Task[]> {
  const read = (since: number | undefined) => {
    const q = selecting(p);
    const limit = q.arg(p.limit);
    return rows<TaskRow>(`${bothNewestSql('*', q.sel, q.selDone, limit, since)} ORDER BY id DESC LIMIT ${limit}`, q.args);
  };
  if (p.finishedSince !== undefined) return (await read(p.finishedSince)).map(rowToTask);
  return (await fromListFloor(floors, rows, p.beforeId, read, pageWhole(p.limit))).result.map(rowToTask);
}

/**
 * A list with filters no index serves: a window of the `scanLimit` newest candidates, read from
 * the tasks' floor while that gives the whole window, then checked row by row.
 */
export async function taskSearch(rows: Query, p: TaskSearchParams, floors: HistoryFloors | null): Promise<TaskSearchResult> {
  const bounded = p.namePrefix !== undefined || p.tag !== undefined || p.createdAfter !== undefined || p.createdBefore !== undefined || p.payload !== undefined;
  if (!bounded) return { tasks: await taskList(rows, p, floors), scanned: null, scanFloorId: null };
  const { result: w, since } = await fromListFloor(
    floors,
    rows,
    p.beforeId,
    async (since) => {
      const w0 = selecting(p);
      const scan = w0.arg(p.scanLimit);
      const [r] = await rows<{ n: string; floor: string | null }>(
        `SELECT count(*) AS n, min(id) AS floor FROM (SELECT id FROM (${bothNewestSql('id', w0.sel, w0.selDone, scan, since)}) c ORDER BY id DESC LIMIT ${scan}) w`,
        w0.args,
      );
      return r;
    },
    (r, mark) => wholeAbove(Number(r?.n ?? 0), p.scanLimit, r?.floor, mark),
  );
  const n = Number(w?.n ?? 0);
  if (n === 0 || w?.floor == null) return { tasks: [], scanned: 0, scanFloorId: null };
  const q = selecting(p);
  const arg = q.arg;
  const chk: string[] = [`id >= ${arg(w.floor)}`];
  if (p.namePrefix !== undefined) chk.push(`left(name, ${arg(p.namePrefix.length)}::int) = ${arg(p.namePrefix)}`);
  if (p.tag !== undefined) chk.push(`tags @> jsonb_build_array(${arg(p.tag)}::text)`);
  if (p.createdAfter !== undefined) chk.push(`created_at >= ${arg(p.createdAfter)}`);
  if (p.createdBefore !== undefined) chk.push(`created_at < ${arg(p.createdBefore)}`);
  if (p.payload !== undefined) chk.push(jsonFieldSql('payload', p.payload, arg, true));
  const limit = arg(p.limit);
  // The window's own days: every candidate in it finished on or after the floor it was read from.
  const r = await rows<TaskRow>(`${bothNewestSql('*', [...q.sel, ...chk], [...q.selDone, ...chk], limit, since)} ORDER BY id DESC LIMIT ${limit}`, q.args);
  return { tasks: r.map(rowToTask), scanned: n, scanFloorId: n >= p.scanLimit ? String(w.floor) : null };
}

export async function runSearch(rows: Query, p: RunSearchParams): Promise<RunSearchResult> {
  const statement = () => {
    const args: unknown[] = [];
    const arg = (v: unknown) => `$${args.push(v)}`;
    const sel: string[] = [];
    if (p.name !== undefined) sel.push(`name = ${arg(p.name)}`);
    if (p.states?.length) sel.push(`state = ANY(${arg(p.states)}::text[])`);
    if (p.before !== undefined) sel.push(`(created_at, id) < (${arg(p.before.createdAt)}, ${arg(p.before.id)})`);
    return { args, arg, sel };
  };
  const bounded = p.namePrefix !== undefined || p.createdAfter !== undefined || p.createdBefore !== undefined || p.inputs !== undefined;
  if (!bounded) {
    const q = statement();
    const r = await rows<RunRow>(`SELECT * FROM runs ${where(q.sel)} ORDER BY created_at DESC, id DESC LIMIT ${q.arg(p.limit)}`, q.args);
    return { runs: r.map(rowToRun), scanned: null, scanFloor: null };
  }
  // The window: the scanLimit newest runs the indexed filters select; its size and its oldest run.
  const w0 = statement();
  const [w] = await rows<{ n: string; created_at: string; id: string }>(
    `SELECT count(*) OVER () AS n, created_at, id FROM (SELECT created_at, id FROM runs ${where(w0.sel)} ORDER BY created_at DESC, id DESC LIMIT ${w0.arg(p.scanLimit)}) w ORDER BY created_at, id LIMIT 1`,
    w0.args,
  );
  if (!w) return { runs: [], scanned: 0, scanFloor: null };
  const n = Number(w.n);
  const floor = { createdAt: Number(w.created_at), id: w.id };
  const q = statement();
  const arg = q.arg;
  const chk: string[] = [`(created_at, id) >= (${arg(floor.createdAt)}, ${arg(floor.id)})`];
  if (p.namePrefix !== undefined) chk.push(`left(name, ${arg(p.namePrefix.length)}::int) = ${arg(p.namePrefix)}`);
  if (p.createdAfter !== undefined) chk.push(`created_at >= ${arg(p.createdAfter)}`);
  if (p.createdBefore !== undefined) chk.push(`created_at < ${arg(p.createdBefore)}`);
  if (p.inputs !== undefined) chk.push(jsonFieldSql('inputs', p.inputs, arg, false));
  const r = await rows<RunRow>(`SELECT * FROM runs ${where([...q.sel, ...chk])} ORDER BY created_at DESC, id DESC LIMIT ${arg(p.limit)}`, q.args);
  return { runs: r.map(rowToRun), scanned: n, scanFloor: n >= p.scanLimit ? floor : null };
}
