/**
 * Reads of finished tasks by id look in history only from the day the task could have finished
 * (history-floor.ts: the maintenance leader marks once a day how far task ids have gone), and
 * from the beginning when a task is not found there, so a clock that was wrong loses nothing.
 */
import type pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { ManualClock } from '../../src/model/clock.js';
import { openStore } from '../../src/store/open.js';
import { HistoryFloors, NO_FLOOR } from '../../src/store/postgres/history-floor.js';
import type { Store } from '../../src/store/store.js';
import { freshPgSchemaWithClient } from '../helpers/stores.js';
import { PG_UP } from './pg-available.js';

const DAY = 86_400_000;
const D0 = Date.UTC(2026, 0, 1, 12);
const D5 = D0 + 5 * DAY;

describe.skipIf(!PG_UP)('postgres: reads of history by id from the task floor', () => {
  let s: Awaited<ReturnType<typeof freshPgSchemaWithClient>>;
  let c: pg.Client;
  let store: Store;
  let clock: ManualClock;
  let engine: Engine;

  beforeEach(async () => {
    s = await freshPgSchemaWithClient();
    c = s.client;
    store = await openStore(s.url);
    clock = new ManualClock(D0);
    engine = new Engine({ store, clock });
  });
  afterEach(async () => {
    await store.close();
    await s.drop();
  });

  async function run(name: string, outcome: 'succeed' | 'fail' = 'succeed'): Promise<string> {
    const t = await engine.enqueue(name, null, { maxAttempts: 1 });
    const [claimed] = await engine.claim({ queues: ['default'], workerId: 'w', limit: 1, leaseMs: DAY });
    expect(claimed!.id).toBe(t.id);
    if (outcome === 'fail') await engine.fail({ task: claimed!, error: new Error('no') });
    else await engine.complete({ id: claimed!.id, leaseToken: claimed!.leaseToken });
    return t.id;
  }

  /**
   * A finished on day 0; the mark of day 5; B finished on day 5; C and F created after the mark
   * but finished by a clock five days slow (day 0), below their floor.
   */
  async function history(): Promise<{ a: string; b: string; c: string; f: string }> {
    const a = await run('a');
    // A read before the mark, so the marks are read before there are any.
    expect((await store.taskGetMany({ ids: [a] })).map((t) => t.name)).toEqual(['a']);
    await store.historyDayTurn!({ now: D5 });
    expect((await c.query(`SELECT day, id::text AS id FROM "${s.schema}".task_id_marks`)).rows).toEqual([{ day: Math.floor(D5 / DAY), id: a }]);
    clock.set(D5);
    const b = await run('b');
    clock.set(D0);
    const late = await run('c');
    const f = await run('f', 'fail');
    return { a, b, c: late, f };
  }

  it('finds every finished task, below its floor or not: by id, as a dependency, as a parent, to retry by hand', async () => {
    const ids = await history();
    const got = await store.taskGetMany({ ids: [ids.a, ids.b, ids.c, ids.f] });
    expect(got.map((t) => [t.name, t.state]).sort()).toEqual([
      ['a', 'succeeded'],
      ['b', 'succeeded'],
      ['c', 'succeeded'],
      ['f', 'failed'],
    ]);
    for (const [name, id] of Object.entries(ids)) expect((await engine.get(id)).name).toBe(name);

    // Dependencies on all four: three succeeded, one failed, so the dependent is skipped at once.
    const dependent = await engine.enqueue('d', null, { dependsOn: [ids.a, ids.b, ids.c, ids.f] });
    expect(dependent.state).toBe('skipped');
    const onSuccesses = await engine.enqueue('d', null, { dependsOn: [ids.a, ids.b, ids.c] });
    expect(onSuccesses.state).toBe('pending');

    // A subtask of a finished parent below its floor is taken as for any finished parent; an
    // unknown parent is still unknown.
    expect((await engine.enqueue('child', null, { parentId: ids.c })).parentId).toBe(ids.c);
    await expect(engine.enqueue('child', null, { parentId: '999999' })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // The failed one, below its floor, runs again by hand.
    expect((await engine.retry(ids.f)).state).toBe('pending');
  });

  it('lists newest first from the floor when that fills the page, and from every day when it does not', async () => {
    // e is created before a and the mark, and finishes on day 5, above the floor.
    const e = await engine.enqueue('e', null, { queue: 'slow' });
    const a = await run('a');
    await store.historyDayTurn!({ now: D5 });
    clock.set(D5);
    const [claimedE] = await engine.claim({ queues: ['slow'], workerId: 'w', limit: 1, leaseMs: DAY });
    await engine.complete({ id: claimedE!.id, leaseToken: claimedE!.leaseToken });
    const b = await run('b');
    const [c5, d] = [await run('c'), await run('d')];
    // A copy of c in day 0's partition: read only when the list looks at every day.
    await c.query(
      `INSERT INTO "${s.schema}".tasks_done (id, name, queue, state, payload, priority, run_at, max_attempts, backoff, attempt, created_at, updated_at, finished_at)
       VALUES ($1, 'planted', 'default', 'succeeded', 'null', 0, 0, 1, '{}', 1, $2, $2, $2)`,
      [c5, D0],
    );
    const names = async (p: { limit: number; beforeId?: string }) => (await store.taskList(p)).map((t) => t.name);
    // A full page, every task above the mark: the floor's days alone.
    expect(await names({ limit: 3 })).toEqual(['d', 'c', 'b']);
    // A page the floor's days do not fill: every day (a, and the planted copy).
    expect((await names({ limit: 10 })).sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'planted']);
    // A page the floor's days fill, but down to e, below the mark: a (between e and b, on day 0)
    // could be missing from it, so every day is read.
    expect((await names({ limit: 2, beforeId: c5 }))).toEqual(['b', 'a']);
    expect(BigInt(e.id) < BigInt(a)).toBe(true);
    // Paging on.
    expect(await names({ limit: 1, beforeId: d })).toEqual(['c']);
    expect(await names({ limit: 5, beforeId: a })).toEqual(['e']);

    // The console's search, the same way: a page, and a window of candidates for filters no index serves.
    expect((await store.taskSearch({ limit: 3, scanLimit: 100 })).tasks.map((t) => t.name)).toEqual(['d', 'c', 'b']);
    const windowed = await store.taskSearch({ namePrefix: 'd', limit: 10, scanLimit: 3 });
    // The three newest from the floor are d, c and b (from every day, the planted copy of c
    // would be one of them, and the window would end at c).
    expect(windowed).toMatchObject({ scanned: 3, scanFloorId: b });
    expect(windowed.tasks.map((t) => t.name)).toEqual(['d']);
    const wide = await store.taskSearch({ namePrefix: 'a', limit: 10, scanLimit: 100 });
    expect(wide).toMatchObject({ scanned: 6, scanFloorId: null });
    expect(wide.tasks.map((t) => t.name)).toEqual(['a']);
  });

  it("an id's floor is the day before the last mark below it; ids below every mark, and text that is no id, have none", async () => {
    const day = (n: number) => Math.floor(D0 / DAY) + n;
    await c.query(`INSERT INTO "${s.schema}".task_id_marks (day, id) VALUES ($1, 100), ($2, 250), ($3, 250), ($4, 9000)`, [day(0), day(3), day(4), day(9)]);
    const floors = new HistoryFloors();
    const rows = async <R>(sql: string, params: unknown[]) => (await c.query(`SET search_path = "${s.schema}"`), (await c.query(sql, params)).rows as R[]);
    const floor = (ids: Array<string | number>) => floors.floorOf(ids, rows);
    expect(await floor(['50'])).toBe(NO_FLOOR);
    expect(await floor(['100'])).toBe(NO_FLOOR);
    expect(await floor(['101'])).toBe((day(0) - 1) * DAY);
    expect(await floor([250])).toBe((day(0) - 1) * DAY);
    expect(await floor(['251'])).toBe((day(4) - 1) * DAY);
    expect(await floor(['123456789012'])).toBe((day(9) - 1) * DAY);
    // Several: the earliest of them.
    expect(await floor(['9001', '251', '101'])).toBe((day(0) - 1) * DAY);
    expect(await floor(['9001', 'x1'])).toBe(NO_FLOOR);
    expect(await floor(['-5'])).toBe(NO_FLOOR);
  });

  it('looks in history only from the floor when the task is there: a copy planted on an older day is not read', async () => {
    const { b } = await history();
    // The same id in day 0's partition, which a read from B's floor (day 4 on) does not look in.
    await c.query(
      `INSERT INTO "${s.schema}".tasks_done (id, name, queue, state, payload, priority, run_at, max_attempts, backoff, attempt, created_at, updated_at, finished_at)
       VALUES ($1, 'planted', 'default', 'succeeded', 'null', 0, 0, 1, '{}', 1, $2, $2, $2)`,
      [b, D0],
    );
    const got = await store.taskGetMany({ ids: [b] });
    expect(got.map((t) => t.name)).toEqual(['b']);
  });
});
