/**
 * One write transaction of the SQLite driver: the connection's statements, the time every change
 * in it takes, and the events it records. Events are buffered and written at the end of the
 * batch in multi-row inserts, in the order the changes happened, so per-task order holds.
 *
 * The same shape as postgres/tx.ts; the operations (insert.ts, lease.ts, operator.ts, finish.ts)
 * are written against it, one function for one function in both drivers.
 */
import type Database from 'better-sqlite3';
import type { TaskState } from '../../model/state.js';
import type { EventType, TaskId } from '../../model/task.js';
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
  ) {}

  event(taskId: number | string, type: EventType, attempt: number, workerId: string | null, detail: unknown): void {
    this.events.push(taskId, type, this.now, attempt, workerId, j(detail));
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
