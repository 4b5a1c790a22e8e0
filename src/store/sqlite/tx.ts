/**
 * One write transaction of the SQLite driver: the connection's statements, the time every change
 * in it takes, and the events it records. Events are buffered and written at the end of the
 * batch in multi-row inserts, in the order the changes happened, so per-task order holds.
 *
 * The same shape as postgres/tx.ts; the operations (insert.ts, lease.ts, operator.ts, finish.ts)
 * are written against it, one function for one function in both drivers.
 */
import type Database from 'better-sqlite3';
import { writesRoutineEvents, type HistoryMode } from '../../model/history.js';
import type { TaskState } from '../../model/state.js';
import type { EventType, TaskId } from '../../model/task.js';
import type { TaskRow } from '../rows.js';
import type { TaskOpResult } from '../store.js';
import type { FlowStatements } from './flow.js';
import { SIZED_SQL, type Statements } from './statements.js';

type Statement = Database.Statement<unknown[], unknown>;

/** Rows per multi-row statement: large enough to amortise the call, small enough for the parameter limit. */
export const CHUNK = 64;

export const j = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

/** The SIZED_SQL statements, prepared once per shape and size for the connection's life. */
export class SizedStatements {
  private readonly prepared = new Map<string, Statement>();
  constructor(private readonly db: Database.Database) {}

  get(kind: keyof typeof SIZED_SQL, n: number): Statement {
    const key = `${kind}:${n}`;
    let st = this.prepared.get(key);
    if (!st) this.prepared.set(key, (st = this.db.prepare(SIZED_SQL[kind](n))));
    return st;
  }
}

export class SqliteTx {
  /** Events of this batch, six parameters each. */
  private events: unknown[] = [];

  constructor(
    readonly s: Statements,
    readonly sized: SizedStatements,
    /** The time of every change in the batch. */
    readonly now: number,
    /** Flow control's statements (flow.ts), for the claim. */
    readonly flow: FlowStatements,
    /** What a finished task leaves behind (model/history.ts). */
    readonly history: HistoryMode = 'full',
  ) {}

  /** Whether the routine events a row shows (created pending, claimed, succeeded) are written. */
  get routine(): boolean {
    return writesRoutineEvents(this.history);
  }

  event(taskId: number | string, type: EventType, attempt: number, workerId: string | null, detail: unknown, at = this.now): void {
    this.events.push(taskId, type, at, attempt, workerId, j(detail));
  }

  /** Forgets this batch's events of a task that leaves no history (history `none`). */
  dropEvents(taskId: number | string | bigint): void {
    const kept: unknown[] = [];
    for (let i = 0; i < this.events.length; i += 6) if (Number(this.events[i]) !== Number(taskId)) kept.push(...this.events.slice(i, i + 6));
    this.events = kept;
  }

  /** Claims already recorded in this batch (its events are written at the end). */
  private recorded = new Set<string>();

  /**
   * compact/none: the row is about to stop showing its attempt, or an event of that attempt is
   * about to be written, so the attempt's claim is written first, at its own time (model/history.ts).
   */
  recordClaim(row: Pick<TaskRow, 'id' | 'attempt' | 'started_at' | 'worker_id'>): void {
    if (this.routine || row.started_at === null || row.attempt < 1) return;
    const at = Number(row.started_at);
    const key = `${row.id}:${row.attempt}:${at}`;
    if (this.recorded.has(key) || this.s.claimedStored.get(row.id, row.attempt, at)) return;
    this.recorded.add(key);
    this.event(Number(row.id), 'claimed', row.attempt, row.worker_id, null, at);
  }

  /** Writes the buffered events, in order, CHUNK per statement. */
  flushEvents(): void {
    const e = this.events;
    this.events = [];
    for (let i = 0; i < e.length; i += CHUNK * 6) {
      const part = e.slice(i, i + CHUNK * 6);
      this.sized.get('events', part.length / 6).run(...part);
    }
  }

  /** Why a lease holder's call changed nothing: the task moved on (or is gone). */
  guardFailure(id: TaskId): TaskOpResult {
    const state = this.stateOf(id);
    return state === null ? { ok: false, reason: 'not_found', state: null } : { ok: false, reason: 'lease_lost', state };
  }

  /** Where a task is now, live or finished. */
  stateOf(id: TaskId | number): TaskState | null {
    const row = (this.s.liveState.get(id) ?? this.s.doneState.get(id)) as { state: TaskState } | undefined;
    return row ? row.state : null;
  }
}

/**
 * Adds rows that entered history (`sign` 1) or left it (-1) to the history counts: one update
 * per queue and state, however many rows.
 */
export function countHistory(s: Pick<Statements, 'historyCount'>, rows: ReadonlyArray<{ queue: string; state: string }>, sign: 1 | -1): void {
  const groups = new Map<string, { queue: string; state: string; n: number }>();
  for (const r of rows) {
    const key = `${r.state}\u0000${r.queue}`;
    const g = groups.get(key);
    if (g) g.n++;
    else groups.set(key, { queue: r.queue, state: r.state, n: 1 });
  }
  for (const g of groups.values()) s.historyCount.run(g.queue, g.state, sign * g.n);
}
