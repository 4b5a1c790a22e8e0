/**
 * The engine's parts that surfaces use instead of the store: the run lifecycle (engine.runs),
 * queues, cursors, leaders, logs and health. On SQLite with a ManualClock; the store semantics
 * underneath are the conformance suite's.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { ManualClock } from '../../src/model/clock.js';
import { ConflictError, NotFoundError, ValidationError } from '../../src/model/errors.js';
import { freshSqlite, type TestStore } from '../helpers/stores.js';

let ts: TestStore;
let clock: ManualClock;
let engine: Engine;

beforeEach(async () => {
  ts = await freshSqlite();
  clock = new ManualClock(Date.UTC(2026, 5, 1));
  engine = new Engine({ store: ts.store, clock });
});
afterEach(async () => {
  await engine.flush();
  await ts.cleanup();
});

const submission = (id: string) => ({ id, name: 'wf', spec: {}, inputs: { a: 1 }, trigger: 'test' });

describe('engine.runs: the run lifecycle', () => {
  it('a run ends once: a second finish changes nothing and says so', async () => {
    const run = await engine.runs.submit(submission('r1'), [{ spec: { name: 'a', runId: 'r1' } }]);
    expect(run).toMatchObject({ id: 'r1', state: 'running', createdAt: clock.now(), inputs: { a: 1 } });
    clock.advance(5);
    expect(await engine.runs.finish('r1', { state: 'succeeded', outputs: { n: 2 } })).toMatchObject({ state: 'succeeded', outputs: { n: 2 }, finishedAt: clock.now() });
    expect(await engine.runs.finish('r1', { state: 'failed', error: { message: 'late' } })).toBeNull();
    expect(await engine.runs.get('r1')).toMatchObject({ state: 'succeeded', error: null });
    await expect(engine.runs.cancel('r1')).rejects.toThrow(ConflictError);
    await expect(engine.runs.get('nope')).rejects.toThrow(NotFoundError);
    await expect(engine.runs.cancel('nope')).rejects.toThrow(NotFoundError);
  });

  it('cancel ends the run and every live task of it; wait returns the ended run', async () => {
    await engine.runs.submit(submission('r2'), [{ spec: { name: 'a', runId: 'r2' } }, { spec: { name: 'b', runId: 'r2' }, after: [0] }]);
    const [claimed] = await engine.claim({ queues: ['default'], workerId: 'w', limit: 1, leaseMs: 10_000 });
    const cancelledIds: string[] = [];
    engine.signals.on('cancelled', (id) => cancelledIds.push(id));
    const run = await engine.runs.cancel('r2', 'stop');
    expect(run).toMatchObject({ state: 'cancelled', error: { message: 'stop' } });
    const { tasks } = await engine.runs.withTasks('r2');
    expect(tasks.map((t) => [t.name, t.state])).toEqual([['a', 'cancelled'], ['b', 'cancelled']]);
    expect(cancelledIds).toContain(claimed!.id); // its worker is told to abort the handler
    expect(await engine.runs.wait('r2', { intervalMs: 1 })).toEqual(run);
  });
});

describe('engine.queues, cursors, leaders, logs, health', () => {
  it('a paused queue is not claimed from; resuming it wakes its workers', async () => {
    await engine.enqueue('t', null, { queue: 'q1' });
    await engine.queues.pause('q1');
    expect(await engine.queues.paused()).toEqual(['q1']);
    expect(await engine.claim({ queues: ['q1'], workerId: 'w', limit: 1, leaseMs: 1000 })).toEqual([]);
    const woken: string[] = [];
    engine.signals.on('wake', (q) => woken.push(q));
    await engine.queues.resume('q1');
    expect(woken).toContain('q1');
    expect(await engine.claim({ queues: ['q1'], workerId: 'w', limit: 1, leaseMs: 1000 })).toHaveLength(1);
    expect(await engine.queues.counts()).toEqual([{ queue: 'q1', counts: { running: 1 } }]);
    await expect(engine.queues.pause('bad queue!')).rejects.toThrow(ValidationError);
  });

  it('cursors: compare-and-set moves a cursor only from the value the caller saw', async () => {
    expect(await engine.cursors.get('c')).toBeNull();
    expect(await engine.cursors.compareAndSet('c', null, '10')).toBe(true);
    expect(await engine.cursors.compareAndSet('c', null, '20')).toBe(false);
    expect(await engine.cursors.compareAndSet('c', '9', '20')).toBe(false);
    expect(await engine.cursors.compareAndSet('c', '10', '20')).toBe(true);
    await engine.cursors.set('c', '5');
    expect(await engine.cursors.get('c')).toBe('5');
  });

  it('leaders: one holder at a time until it resigns or its lease runs out on the clock', async () => {
    expect(await engine.leaders.elect('m', 'a', 1000)).toBe(true);
    expect(await engine.leaders.elect('m', 'b', 1000)).toBe(false);
    expect(await engine.leaders.current('m')).toEqual({ holder: 'a', expiresAt: clock.now() + 1000 });
    clock.advance(1001);
    expect(await engine.leaders.elect('m', 'b', 1000)).toBe(true);
    await engine.leaders.resign('m', 'b');
    expect(await engine.leaders.current('m')).toBeNull();
  });

  it('logs: appended lines read back in order; a bad task id is refused before the store', async () => {
    const t = await engine.enqueue('t');
    await engine.logs.append([]);
    await engine.logs.append([
      { taskId: t.id, attempt: 1, at: clock.now(), stream: 'stdout', text: 'one' },
      { taskId: t.id, attempt: 1, at: clock.now(), stream: 'stderr', text: 'two' },
    ]);
    expect((await engine.logs.list({ taskId: t.id, limit: 10 })).map((l) => l.text)).toEqual(['one', 'two']);
    await expect(engine.logs.list({ taskId: 'x1', limit: 10 })).rejects.toThrow(ValidationError);
    expect(await engine.health()).toEqual({ driver: 'sqlite', schemaVersion: expect.any(Number) });
  });
});
