/**
 * How far back in history a task can be, from its id alone (migration 12, task_id_marks).
 * History is partitioned by the day tasks finished, and a read by id cannot tell that day: with a
 * year of days kept, a prepared read of one finished task probed every day's index (the statement
 * alone 7.5 ms in psql; a finished task by id through the store 3.3-4.4 ms). Once a day the
 * maintenance leader notes how far the task id sequence has gone; a task with a greater id was
 * created after that, so it finished that day or later. Given that floor, a read skips every
 * older day as it starts (0.7-1.1 ms in psql; 1.3-1.6 ms through the store, as with no days kept).
 * Newest-first lists and searches use the same marks (listFloors).
 *
 * A day of slack covers the clocks of different hosts (the mark is taken by one process's clock,
 * `finished_at` by another's). Every read that finds nothing above the floor looks again from
 * the beginning, so a clock off by more than that costs time, never a task.
 */
import { DAY_MS } from './days.js';

/** No floor: every day of history. */
export const NO_FLOOR = 0;

/** Marks are read again after this long (a new one comes once a day). */
const REFRESH_MS = 10 * 60_000;
/** A newest-first list that a day's floor does not fill looks this many days further back next. */
const LIST_STEP_DAYS = 30;
/** A task id as text (a positive bigint). */
const ID = /^\d{1,19}$/;

export const MARK_SQL = `INSERT INTO task_id_marks (day, id) SELECT $1, last_value FROM task_ids ON CONFLICT (day) DO NOTHING`;
const MARKS_SQL = `SELECT day, id FROM task_id_marks ORDER BY id`;

type Rows = <R>(sql: string, params: unknown[]) => Promise<R[]>;

export class HistoryFloors {
  /** Mark ids ascending, and for each the latest day among the marks up to it. */
  private ids: bigint[] = [];
  private days: number[] = [];
  private loadedAt = -Infinity;

  /**
   * The earliest `finished_at` any of these tasks can have (ms), or NO_FLOOR. `rows` reads the
   * marks when they are due again, on the caller's connection (inside its transaction if any: a
   * second connection from the pool could wait for the one the caller holds).
   */
  async floorOf(ids: ReadonlyArray<string | number>, rows: Rows, now = Date.now()): Promise<number> {
    if (ids.length === 0) return NO_FLOOR;
    await this.ensure(rows, now);
    let floor = Infinity;
    for (const id of ids) floor = Math.min(floor, this.floorOfOne(id));
    return floor;
  }

  /**
   * For a newest-first list of tasks below `beforeId` (undefined: from the newest), floors to read
   * history from, latest first, each with its mark: every task with an id above the mark finished
   * on or after the floor, so a full page whose last task is above the mark is the whole page
   * (a task finished by a host whose clock was behind by more than the day's slack is then left
   * out of it). Then about a month further back; after these, the caller reads every day.
   */
  async listFloors(beforeId: string | undefined, rows: Rows, now = Date.now()): Promise<Array<{ mark: bigint; floor: number }>> {
    if (beforeId !== undefined && !ID.test(beforeId)) return [];
    await this.ensure(rows, now);
    const last = (beforeId === undefined ? this.ids.length : this.countBelow(BigInt(beforeId))) - 1;
    if (last < 0) return [];
    const floors = [this.floorAt(last)];
    let older = last;
    while (older >= 0 && this.days[older]! > this.days[last]! - LIST_STEP_DAYS) older--;
    if (older >= 0) floors.push(this.floorAt(older));
    return floors;
  }

  private floorAt(i: number): { mark: bigint; floor: number } {
    return { mark: this.ids[i]!, floor: Math.max(NO_FLOOR, (this.days[i]! - 1) * DAY_MS) };
  }

  private floorOfOne(text: string | number): number {
    // Not an id at all: the read itself says so, from every day as before.
    if (!ID.test(String(text))) return NO_FLOOR;
    // The last mark below the id: its ids were all given before the id was.
    const below = this.countBelow(BigInt(text));
    return below === 0 ? NO_FLOOR : this.floorAt(below - 1).floor;
  }

  /** How many marks lie below the id. */
  private countBelow(id: bigint): number {
    let lo = 0;
    let hi = this.ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ids[mid]! < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private async ensure(rows: Rows, now: number): Promise<void> {
    if (now - this.loadedAt > REFRESH_MS) await this.load(rows, now);
  }

  /** Read the marks again at the next read (a new one was just written). */
  forget(): void {
    this.loadedAt = -Infinity;
  }

  private async load(rows: Rows, now: number): Promise<void> {
    const marks = await rows<{ day: number; id: string }>(MARKS_SQL, []);
    this.ids = marks.map((m) => BigInt(m.id));
    let latest = -Infinity;
    this.days = marks.map((m) => (latest = Math.max(latest, m.day)));
    this.loadedAt = now;
  }
}

/**
 * A newest-first read over both tables (`read(since)`: history only from `since` on, a literal so
 * that only those days are planned, or every day), tried from listFloors' floors while `whole`
 * says the result is the whole answer for the mark, then from every day. Returns the result and
 * the floor it came from, for a second read of the same window.
 */
export async function fromListFloor<T>(
  floors: HistoryFloors | null,
  rows: Rows,
  beforeId: string | undefined,
  read: (since: number | undefined) => Promise<T>,
  whole: (result: T, mark: bigint) => boolean,
): Promise<{ result: T; since: number | undefined }> {
  for (const { mark, floor } of floors ? await floors.listFloors(beforeId, rows) : []) {
    const result = await read(floor);
    if (whole(result, mark)) return { result, since: floor };
  }
  return { result: await read(undefined), since: undefined };
}

/** A newest-first read is whole for a mark when it holds all it may (`limit`) and its lowest id is above the mark. */
export const wholeAbove = (count: number, limit: number, lowest: unknown, mark: bigint): boolean =>
  limit > 0 && count === limit && lowest != null && BigInt(String(lowest)) > mark;

/** wholeAbove for a page of rows, newest first. */
export const pageWhole =
  (limit: number) =>
  (page: ReadonlyArray<{ id: unknown }>, mark: bigint): boolean =>
    wholeAbove(page.length, limit, page[page.length - 1]?.id, mark);

/**
 * Reads from a floor, then the ids it did not find from the beginning: `read(ids, floor)` returns
 * the rows found, each with its id.
 */
export async function fromFloor<R extends { id: unknown }>(ids: string[], floor: number, read: (ids: string[], floor: number) => Promise<R[]>): Promise<R[]> {
  const unique = [...new Set(ids)];
  const found = await read(unique, floor);
  if (floor === NO_FLOOR) return found;
  const seen = new Set(found.map((r) => String(r.id)));
  const rest = unique.filter((id) => !seen.has(id));
  return rest.length ? [...found, ...(await read(rest, NO_FLOOR))] : found;
}
