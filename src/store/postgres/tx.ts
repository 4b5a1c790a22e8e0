/**
 * One write transaction of the PostgreSQL driver: its connection, the time every change in it
 * takes, and the queues where something became claimable (`wake`: the driver notifies them once
 * per transaction). Events are written as they happen, one statement each, or inside the set
 * statements themselves (claim, completion, insert).
 *
 * The same shape as sqlite/tx.ts; the operations (insert.ts, lease.ts, operator.ts, finish.ts)
 * are written against it, one function for one function in both drivers.
 */
import type { ClientBase } from 'pg';
import type { FinishedState, TaskState } from '../../model/state.js';
import type { EventType, TaskId } from '../../model/task.js';
import type { TaskRow } from '../rows.js';
import type { TaskOpResult } from '../store.js';
import { RAW_JSON_TYPES } from './connect.js';
import { bothTablesByIdsSql, eventListSql, HOT, SQL, type HotStatements } from './statements.js';
import { HISTORY_MODES, writesRoutineEvents, type HistoryMode } from '../../model/history.js';
import { fnv, type WalkCosts } from '../flow-plan.js';
import { fromFloor, NO_FLOOR, type HistoryFloors } from './history-floor.js';

export type Row = TaskRow & { has_dependents: boolean };

export const j = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

/**
 * The statements run for nearly every task, prepared by name on each pooled connection: parsing
 * and planning them each time cost about a fifth of a claim's time (measured: 1.05 -> 0.87 ms for
 * a one-task claim, 1.60 -> 1.22 ms for completions with a claim). Plans are re-made by the
 * server whenever the tables change (partitions created or dropped). Also the read a worker makes
 * whenever it runs out of work (when the next task is due): parsed and planned at every call it
 * cost the server 0.49 ms (parse 0.14, bind and plan 0.33, execute 0.03); prepared, 0.04 ms
 * (bench:compare's statement log, where idle workers ask it thousands of times a run).
 */
const PREPARED = new Map<string, string>([
  [SQL.heartbeatMany, 'tf_heartbeatMany'],
  [SQL.nextRunAt, 'tf_nextRunAt'],
  // The frequent reads and changes of finished tasks by id (status, waits, a dependency on a
  // finished task, its audit, the none drop of a parent): with no bound on the day, PostgreSQL
  // plans every day partition of history kept, and a statement sent unnamed is planned at every
  // call: 67 ms with 365 days, against 2.6 ms prepared (measured). The price is memory: a plan
  // over 365 days holds about 4–8 MB in each connection that ran it (until the pool closes it
  // after 30 s idle), so rare statements (the feed's end, retry by hand) are left unprepared.
  ...Object.entries({
    bothById: bothTablesByIdsSql('*', '$2'),
    events: eventListSql(false, null),
    eventsAfter: eventListSql(true, null),
    doneById: SQL.doneById,
    depsDone: SQL.depsDone,
    historyDrop: SQL.historyDrop,
  }).map(([k, text]): [string, string] => [text, `tf_${k}`]),
  ...HISTORY_MODES.flatMap((mode) => Object.entries(HOT[mode]).map(([k, text]): [string, string] => [text, mode === 'full' ? `tf_${k}` : `tf_${k}_${mode}`])),
]);

/** The name a statement is prepared under on the store's own connections, if it is one of PREPARED. */
export const preparedName = (text: string): string | undefined => PREPARED.get(text);

export class PgTx {
  /** Queues in which a task became claimable during this transaction. */
  readonly wake = new Set<string>();

  constructor(
    readonly c: ClientBase,
    /** The time of every change in the batch. */
    readonly now: number,
    /** The wake-up channel: a plain insert notifies in its own statement (no extra round trip). */
    readonly channel: string,
    /** A connection of the store's own pool (not a caller's): hot statements may be prepared on it. */
    private readonly prepared: boolean,
    /** What a finished task leaves behind (model/history.ts). */
    readonly history: HistoryMode = 'full',
    /** The driver's note of claimed tasks whose completion has consequences (claimed.ts), or null. */
    readonly consequential: Set<string> | null = null,
    /** The driver's record of what flow claims' key walks cost (flow-plan.ts WalkCosts), or null: walk. */
    readonly walks: WalkCosts | null = null,
    /** Where in history a task by id can be (history-floor.ts), or null: anywhere. */
    private readonly floors: HistoryFloors | null = null,
  ) {
    this.hot = HOT[history];
  }

  /** The hot statements of this history mode. */
  readonly hot: HotStatements;

  /** Whether the routine events a row shows (created pending, claimed, succeeded) are written. */
  get routine(): boolean {
    return writesRoutineEvents(this.history);
  }

  /**
   * compact/none: the row is about to stop showing its attempt, or an event of that attempt is
   * about to be written, so the attempt's claim is written first, at its own time (model/history.ts).
   */
  async recordClaim(row: Pick<Row, 'id' | 'attempt' | 'started_at' | 'worker_id'>): Promise<void> {
    if (this.routine || row.started_at === null || row.attempt < 1) return;
    await this.q(SQL.claimedRecord, [row.id, row.started_at, row.attempt, row.worker_id]);
  }

  /** `preparedAs`: the name the statement is prepared under on the store's own connections (default: PREPARED's). */
  q(text: string, values: unknown[], rowMode?: 'array', preparedAs = preparedName(text)) {
    // Types per query, so a caller's own client (transactional enqueue) gets the same row shapes.
    // On the store's own connections the hot statements are prepared once per connection.
    const name = this.prepared ? preparedAs : undefined;
    return this.c.query({ name, text, values, types: RAW_JSON_TYPES, ...(rowMode ? { rowMode } : {}) });
  }

  /** Rows as arrays of their columns, in the statement's order (no object per row). */
  async arrays(sql: string, params: unknown[]): Promise<unknown[][]> {
    return (await this.q(sql, params, 'array')).rows as unknown[][];
  }

  async rows<R = Row>(sql: string, params: unknown[]): Promise<R[]> {
    return (await this.q(sql, params)).rows as R[];
  }

  /**
   * A statement written from the flow rules in force (the general flow claim's key walks and
   * fetches): its text changes only with the rules, so on the store's own connections it is
   * prepared under a name drawn from its text, once per connection. Sent unnamed, it was parsed
   * and planned at every call: 6 ms a key walk that runs in well under one (measured), and a
   * claim that finds every key full, or nothing due, walks several times.
   */
  async ruleRows<R = Row>(sql: string, params: unknown[]): Promise<R[]> {
    return (await this.q(sql, params, undefined, `tf_rule_${fnv(sql)}`)).rows as R[];
  }

  async one<R = Row>(sql: string, params: unknown[]): Promise<R | undefined> {
    return (await this.q(sql, params)).rows[0] as R | undefined;
  }

  async event(taskId: TaskId | number, type: EventType, attempt: number, workerId: string | null, detail: unknown): Promise<void> {
    await this.q(SQL.eventInsert, [taskId, type, this.now, attempt, workerId, j(detail)]);
  }

  /** Several events in one statement, in the order given. */
  async events(list: ReadonlyArray<{ task_id: TaskId; type: EventType; attempt: number; worker_id: string | null; detail: unknown }>): Promise<void> {
    if (list.length) await this.q(SQL.eventInsertMany, [JSON.stringify(list), this.now]);
  }

  /** The earliest a finished task of these ids can have finished (history-floor.ts). */
  private floorOf(ids: ReadonlyArray<TaskId>): Promise<number> {
    return this.floors ? this.floors.floorOf(ids, (sql, params) => this.rows(sql, params)) : Promise.resolve(NO_FLOOR);
  }

  /** A finished task by id: looked for in history from its floor, then from the beginning. */
  async doneById(id: TaskId): Promise<Row | undefined> {
    const [row] = await fromFloor([String(id)], await this.floorOf([id]), (one, floor) => this.rows(SQL.doneById, [one[0], floor]));
    return row;
  }

  /** The state of each of these tasks found in history (from their floor, then from the beginning). */
  async finishedStates(ids: string[]): Promise<Array<{ id: string; state: FinishedState }>> {
    return fromFloor(ids, await this.floorOf(ids), (rest, floor) => this.rows<{ id: string; state: FinishedState }>(SQL.depsDone, [rest, floor]));
  }

  /** Where each of these tasks is now, live or finished; the ones found nowhere are left out. */
  private statesOf(ids: TaskId[]): Promise<Array<{ id: string; state: TaskState }>> {
    return this.floorOf(ids).then((floor) =>
      fromFloor(ids.map(String), floor, (rest, f) => this.rows<{ id: string; state: TaskState }>(SQL.stateOfMany, [rest, f])),
    );
  }

  /** Why lease holders' calls changed nothing, in one read: each task moved on (or is gone). */
  async guardFailures(ids: TaskId[]): Promise<Map<string, TaskOpResult>> {
    const rows = await this.statesOf(ids);
    const found = new Map(rows.map((r) => [String(r.id), r.state]));
    return new Map(
      ids.map((id): [string, TaskOpResult] => {
        const state = found.get(String(id));
        return [String(id), state === undefined ? { ok: false, reason: 'not_found', state: null } : { ok: false, reason: 'lease_lost', state }];
      }),
    );
  }

  async guardFailure(id: TaskId): Promise<TaskOpResult> {
    return (await this.guardFailures([id])).get(String(id))!;
  }

  /** Where a task is now, live or finished. */
  async stateOf(id: TaskId): Promise<TaskState | null> {
    const [row] = await this.statesOf([id]);
    return row ? row.state : null;
  }
}
