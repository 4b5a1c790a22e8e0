/**
 * SQLite read queries for the operator's console: tasks by id in bulk, their labels, and the
 * search over tasks and runs (contract in store.ts: TaskSearchParams, RunSearchParams).
 *
 * A bounded search is two statements. The first reads only ids (through the indexes the selecting
 * filters can use) to find the window of the `scanLimit` newest candidates; the second checks the
 * unindexed filters on the rows of that window alone. So a payload search costs at most
 * `scanLimit` rows whatever the size of history, and the caller learns where it stopped.
 */
import type Database from 'better-sqlite3';
import type { Task, TaskId } from '../../model/task.js';
import { rowToRun, rowToTask, type RunRow, type TaskRow } from '../rows.js';
import type { JsonFieldMatch, RunSearchParams, RunSearchResult, TaskLabel, TaskSearchParams, TaskSearchResult } from '../store.js';
import { ENVELOPE_MARK } from '../../model/step.js';

/** SQLite caps bound parameters per statement; id lists go in chunks of this. */
const CHUNK = 500;

function chunks<T>(xs: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += CHUNK) out.push(xs.slice(i, i + CHUNK));
  return out;
}

export function taskGetMany(db: Database.Database, ids: TaskId[]): Task[] {
  const out: Task[] = [];
  for (const c of chunks(ids)) {
    const marks = c.map(() => '?').join(',');
    const rows = db.prepare(`SELECT * FROM tasks WHERE id IN (${marks}) UNION ALL SELECT * FROM tasks_done WHERE id IN (${marks})`).all(...c, ...c) as TaskRow[];
    for (const r of rows) out.push(rowToTask(r));
  }
  return out;
}

export function taskLabelList(db: Database.Database, ids: TaskId[], finishedSince?: number): TaskLabel[] {
  const out: TaskLabel[] = [];
  const since = finishedSince === undefined ? '' : ' AND finished_at >= ?';
  for (const c of chunks(ids)) {
    const marks = c.map(() => '?').join(',');
    const rows = db
      .prepare(`SELECT id, name, queue, run_id FROM tasks WHERE id IN (${marks}) UNION ALL SELECT id, name, queue, run_id FROM tasks_done WHERE id IN (${marks})${since}`)
      .all(...c, ...c, ...(finishedSince === undefined ? [] : [finishedSince])) as Array<{ id: number; name: string; queue: string; run_id: string | null }>;
    for (const r of rows) out.push({ id: String(r.id), name: r.name, queue: r.queue, runId: r.run_id });
  }
  return out;
}

/** `$."a"[0]."b"`: a JSON path SQLite reads, every key quoted (keys may hold dashes). */
export function sqlitePath(path: JsonFieldMatch['path']): string {
  return `$${path.map((k) => (typeof k === 'number' ? `[${k}]` : `."${k.replace(/"/g, '""')}"`)).join('')}`;
}

/**
 * `col -> path` is the field's JSON text ('42', '"x"', 'true', 'null'), compared with the value's
 * JSON text: payloads are written by JSON.stringify, whose numbers and strings have one spelling.
 */
function jsonFieldSql(col: string, m: JsonFieldMatch, args: unknown[], envelope: boolean): string {
  const want = JSON.stringify(m.value);
  args.push(sqlitePath(m.path), want);
  const direct = `${col} -> ? = ?`;
  if (!envelope) return direct;
  args.push(`$."${ENVELOPE_MARK}"`, sqlitePath(['payload', ...m.path]), want);
  return `(${direct} OR (${col} ->> ? = 1 AND ${col} -> ? = ?))`;
}

export function taskSearch(db: Database.Database, p: TaskSearchParams): TaskSearchResult {
  const sel: string[] = [];
  const selArgs: unknown[] = [];
  if (p.states?.length) (sel.push(`state IN (${p.states.map(() => '?').join(',')})`), selArgs.push(...p.states));
  if (p.queue !== undefined) (sel.push('queue = ?'), selArgs.push(p.queue));
  if (p.name !== undefined) (sel.push('name = ?'), selArgs.push(p.name));
  if (p.parentId !== undefined) (sel.push('parent_id = ?'), selArgs.push(p.parentId));
  if (p.runId !== undefined) (sel.push('run_id = ?'), selArgs.push(p.runId));
  if (p.beforeId !== undefined) (sel.push('id < ?'), selArgs.push(p.beforeId));

  const chk: string[] = [];
  const chkArgs: unknown[] = [];
  if (p.namePrefix !== undefined) (chk.push('substr(name, 1, ?) = ?'), chkArgs.push(p.namePrefix.length, p.namePrefix));
  if (p.tag !== undefined) (chk.push('EXISTS (SELECT 1 FROM json_each(tags) WHERE value = ?)'), chkArgs.push(p.tag));
  if (p.createdAfter !== undefined) (chk.push('created_at >= ?'), chkArgs.push(p.createdAfter));
  if (p.createdBefore !== undefined) (chk.push('created_at < ?'), chkArgs.push(p.createdBefore));
  if (p.payload !== undefined) chk.push(jsonFieldSql('payload', p.payload, chkArgs, true));

  // Spelled out so SQLite can use the partial index of unsuccessful finished tasks.
  const selDone = p.states?.length && !p.states.includes('succeeded') ? [...sel, "state <> 'succeeded'"] : sel;
  const where = (xs: string[]) => (xs.length ? `WHERE ${xs.join(' AND ')}` : '');
  const union = (cols: string, live: string[], done: string[], limit: string) =>
    `SELECT * FROM (SELECT ${cols} FROM tasks ${where(live)} ORDER BY id DESC LIMIT ${limit})
     UNION ALL SELECT * FROM (SELECT ${cols} FROM tasks_done ${where(done)} ORDER BY id DESC LIMIT ${limit})`;

  if (chk.length === 0) {
    const rows = db.prepare(`${union('*', sel, selDone, '?')} ORDER BY id DESC LIMIT ?`).all(...selArgs, p.limit, ...selArgs, p.limit, p.limit) as TaskRow[];
    return { tasks: rows.map(rowToTask), scanned: null, scanFloorId: null };
  }
  const window = db
    .prepare(`SELECT count(*) AS n, min(id) AS floor FROM (SELECT id FROM (${union('id', sel, selDone, '?')}) ORDER BY id DESC LIMIT ?)`)
    .get(...selArgs, p.scanLimit, ...selArgs, p.scanLimit, p.scanLimit) as { n: number; floor: number | null };
  if (window.n === 0) return { tasks: [], scanned: 0, scanFloorId: null };
  const full = window.n >= p.scanLimit;
  const inWindow = [...chk, 'id >= ?'];
  const args = [...chkArgs, window.floor];
  const rows = db
    .prepare(`${union('*', [...sel, ...inWindow], [...selDone, ...inWindow], '?')} ORDER BY id DESC LIMIT ?`)
    .all(...selArgs, ...args, p.limit, ...selArgs, ...args, p.limit, p.limit) as TaskRow[];
  return { tasks: rows.map(rowToTask), scanned: window.n, scanFloorId: full ? String(window.floor) : null };
}

export function runSearch(db: Database.Database, p: RunSearchParams): RunSearchResult {
  const sel: string[] = [];
  const selArgs: unknown[] = [];
  if (p.name !== undefined) (sel.push('name = ?'), selArgs.push(p.name));
  if (p.states?.length) (sel.push(`state IN (${p.states.map(() => '?').join(',')})`), selArgs.push(...p.states));
  if (p.before !== undefined) (sel.push('(created_at, id) < (?, ?)'), selArgs.push(p.before.createdAt, p.before.id));
  const chk: string[] = [];
  const chkArgs: unknown[] = [];
  if (p.namePrefix !== undefined) (chk.push('substr(name, 1, ?) = ?'), chkArgs.push(p.namePrefix.length, p.namePrefix));
  if (p.createdAfter !== undefined) (chk.push('created_at >= ?'), chkArgs.push(p.createdAfter));
  if (p.createdBefore !== undefined) (chk.push('created_at < ?'), chkArgs.push(p.createdBefore));
  if (p.inputs !== undefined) chk.push(jsonFieldSql('inputs', p.inputs, chkArgs, false));
  const where = (xs: string[]) => (xs.length ? `WHERE ${xs.join(' AND ')}` : '');
  if (chk.length === 0) {
    const rows = db.prepare(`SELECT * FROM runs ${where(sel)} ORDER BY created_at DESC, id DESC LIMIT ?`).all(...selArgs, p.limit) as RunRow[];
    return { runs: rows.map(rowToRun), scanned: null, scanFloor: null };
  }
  // The window: the scanLimit newest runs the indexed filters select; its size and its oldest run.
  const window = db
    .prepare(`SELECT count(*) OVER () AS n, created_at, id FROM (SELECT created_at, id FROM runs ${where(sel)} ORDER BY created_at DESC, id DESC LIMIT ?) ORDER BY created_at, id LIMIT 1`)
    .get(...selArgs, p.scanLimit) as { n: number; created_at: number; id: string } | undefined;
  if (!window) return { runs: [], scanned: 0, scanFloor: null };
  const floor = { createdAt: Number(window.created_at), id: window.id };
  const rows = db
    .prepare(`SELECT * FROM runs ${where([...sel, ...chk, '(created_at, id) >= (?, ?)'])} ORDER BY created_at DESC, id DESC LIMIT ?`)
    .all(...selArgs, ...chkArgs, floor.createdAt, floor.id, p.limit) as RunRow[];
  return { runs: rows.map(rowToRun), scanned: window.n, scanFloor: window.n >= p.scanLimit ? floor : null };
}
