/**
 * How far back in history a task can be, from its id alone (migration 12, task_id_marks).
 * History is partitioned by the day tasks finished, and a read by id cannot tell that day: with a
 * year of days kept, a prepared read of one finished task probed every day's index (7.5 ms,
 * measured with 365 days). Once a day the maintenance leader notes how far the task id sequence
 * has gone; a task with a greater id was created after that, so it finished that day or later.
 * Given that floor, a read skips every older day as it starts (0.7-1.1 ms with 365 days).
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
    if (now - this.loadedAt > REFRESH_MS) await this.load(rows, now);
    let floor = Infinity;
    for (const id of ids) floor = Math.min(floor, this.floorOfOne(id));
    return floor;
  }

  private floorOfOne(text: string | number): number {
    // Not an id at all: the read itself says so, from every day as before.
    if (!/^\d{1,19}$/.test(String(text))) return NO_FLOOR;
    const id = BigInt(text);
    // The last mark below the id: its ids were all given before the id was.
    let lo = 0;
    let hi = this.ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ids[mid]! < id) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? NO_FLOOR : Math.max(NO_FLOOR, (this.days[lo - 1]! - 1) * DAY_MS);
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
