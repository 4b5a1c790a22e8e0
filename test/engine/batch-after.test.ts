/**
 * `enqueueMany` with `after`: a chain or a DAG submitted in one call, one transaction, on every
 * store. A task's `after` names earlier tasks of the same call by index; it starts blocked and
 * runs once they have finished, exactly as with `dependsOn`. Bad references are refused before
 * anything is written.
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Taskframe } from '../../src/taskframe.js';
import { ValidationError } from '../../src/model/errors.js';
import type { BatchSpec } from '../../src/model/spec.js';
import { waitFor } from '../helpers/processes.js';
import { pgHostPort, serviceAvailable } from '../helpers/services.js';
import { freshStore, type DriverName } from '../helpers/stores.js';

const drivers: DriverName[] = ['sqlite'];
if (fs.existsSync(new URL('../../src/store/postgres/driver.ts', import.meta.url))) {
  const { host, port } = pgHostPort();
  if (await serviceAvailable('PostgreSQL', host, port)) drivers.push('postgres');
  else describe.skip('enqueueMany with after: postgres (PostgreSQL unreachable)', () => {});
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function open(driver: DriverName, history?: 'full' | 'compact' | 'none') {
  const ts = await freshStore(driver, history ? { history } : {});
  const tf = await Taskframe.open({ store: ts.store });
  cleanups.push(async () => {
    await tf.close();
    await ts.cleanup();
  });
  return tf;
}

/** Runs the tasks `ids` with a worker that records when each handler started and ended. */
async function runAll(tf: Taskframe, ids: string[]) {
  const log: Array<{ at: 'start' | 'end'; step: string }> = [];
  const step = async (p: unknown) => {
    const s = (p as { step: string }).step;
    log.push({ at: 'start', step: s });
    await new Promise((r) => setTimeout(r, 5));
    log.push({ at: 'end', step: s });
  };
  tf.worker({ concurrency: 8, pollIntervalMs: 20, handlers: { step } }).start();
  await waitFor(async () => (await Promise.all(ids.map((id) => tf.get(id)))).every((t) => t.state === 'succeeded'), 'every task to succeed');
  return log;
}

/** What each of `id` depends on, sorted. */
async function depsOf(tf: Taskframe, id: string): Promise<string[]> {
  return (await tf.engine.deps([id])).filter((e) => e.taskId === id).map((e) => e.depId).sort();
}

const pos = (log: Array<{ at: string; step: string }>, at: string, step: string) => log.findIndex((e) => e.at === at && e.step === step);

for (const driver of drivers) {
  describe(`enqueueMany with after (${driver})`, () => {
    it('submits a chain in one call: the first is pending, each next one blocked on the one before, and they run in order', async () => {
      const tf = await open(driver);
      const specs: BatchSpec[] = Array.from({ length: 20 }, (_, i) => ({ name: 'step', payload: { step: `s${i}` }, ...(i ? { after: [i - 1] } : {}) }));
      const tasks = await tf.enqueueMany(specs);
      expect(tasks.map((t) => t.state)).toEqual(['pending', ...Array(19).fill('blocked')]);
      for (let i = 1; i < 20; i++) expect(await depsOf(tf, tasks[i]!.id)).toEqual([tasks[i - 1]!.id]);
      const log = await runAll(tf, tasks.map((t) => t.id));
      for (let i = 1; i < 20; i++) expect(pos(log, 'start', `s${i}`)).toBeGreaterThan(pos(log, 'end', `s${i - 1}`));
      // The audit says what each waited for.
      const created = (await tf.events(tasks[5]!.id)).find((e) => e.type === 'created');
      expect(created?.detail).toEqual({ state: 'blocked', dependsOn: [tasks[4]!.id] });
    });

    it('runs a diamond: the join waits for both branches, which run side by side', async () => {
      const tf = await open(driver);
      const [a, b, c, d] = await tf.enqueueMany([
        { name: 'step', payload: { step: 'a' } },
        { name: 'step', payload: { step: 'b' }, after: [0] },
        { name: 'step', payload: { step: 'c' }, after: [0] },
        { name: 'step', payload: { step: 'd' }, after: [1, 2] },
      ]);
      expect([a!.state, b!.state, c!.state, d!.state]).toEqual(['pending', 'blocked', 'blocked', 'blocked']);
      const log = await runAll(tf, [a!.id, b!.id, c!.id, d!.id]);
      expect(pos(log, 'start', 'b')).toBeGreaterThan(pos(log, 'end', 'a'));
      expect(pos(log, 'start', 'c')).toBeGreaterThan(pos(log, 'end', 'a'));
      expect(pos(log, 'start', 'd')).toBeGreaterThan(Math.max(pos(log, 'end', 'b'), pos(log, 'end', 'c')));
    });

    it('mixes after with dependsOn on existing tasks, and a dependency deduplicated into a finished task counts as done', async () => {
      const tf = await open(driver);
      const old = await tf.enqueue('step', { step: 'old' }, { dedupKey: 'report-2026-12' });
      await runAll(tf, [old.id]);
      // In a queue no worker serves yet, so `next` is certainly still waiting for it below.
      const existing = await tf.enqueue('step', { step: 'existing' }, { queue: 'held' });
      const [again, next] = await tf.enqueueMany([
        { name: 'step', payload: { step: 'again' }, dedupKey: 'report-2026-12' },
        { name: 'step', payload: { step: 'next' }, after: [0], dependsOn: [existing.id] },
      ]);
      expect(again!.id).toBe(old.id);
      expect(next!.state).toBe('blocked');
      expect(await depsOf(tf, next!.id)).toEqual([existing.id, old.id].sort());
      tf.worker({ queues: ['held'], pollIntervalMs: 20, handlers: { step: async () => null } }).start();
      await waitFor(async () => (await tf.get(next!.id)).state === 'succeeded', 'next to run once existing has (old counts as done)');
    });

    it('mixes linked plain tasks with keyed ones and links across them: every edge and every state as declared', async () => {
      const tf = await open(driver);
      const tasks = await tf.enqueueMany([
        { name: 'step', payload: { step: 'a' } },
        { name: 'step', payload: { step: 'b' }, after: [0, 0] },
        { name: 'step', payload: { step: 'c' }, key: 'c-once' },
        { name: 'step', payload: { step: 'd' }, after: [2] },
        { name: 'step', payload: { step: 'e' }, after: [0, 3], triggerRule: 'all_done' },
        { name: 'step', payload: { step: 'f' }, delay: '1h' },
        { name: 'step', payload: { step: 'g' }, after: [5] },
      ]);
      expect(tasks.map((t) => t.state)).toEqual(['pending', 'blocked', 'pending', 'blocked', 'blocked', 'scheduled', 'blocked']);
      const id = (i: number) => tasks[i]!.id;
      expect(await depsOf(tf, id(1))).toEqual([id(0)]);
      expect(await depsOf(tf, id(3))).toEqual([id(2)]);
      expect(await depsOf(tf, id(4))).toEqual([id(0), id(3)].sort());
      expect(await depsOf(tf, id(6))).toEqual([id(5)]);
      expect((await tf.get(id(4))).triggerRule).toBe('all_done');
      expect(new Set(tasks.map((t) => t.id)).size).toBe(7);
      // Ids follow the call's order (the claim's tiebreak).
      expect(tasks.map((t) => Number(t.id))).toEqual([...tasks.map((t) => Number(t.id))].sort((p, q) => p - q));
      const log = await runAll(tf, [0, 1, 2, 3, 4].map(id));
      expect(pos(log, 'start', 'e')).toBeGreaterThan(Math.max(pos(log, 'end', 'a'), pos(log, 'end', 'd')));
      expect((await tf.get(id(6))).state).toBe('blocked');
    });

    for (const history of ['compact', 'none'] as const) {
      it(`runs a chain through under history ${history}, its created events saying what each waits for`, async () => {
        const tf = await open(driver, history);
        const tasks = await tf.enqueueMany(Array.from({ length: 5 }, (_, i) => ({ name: 'step', payload: { step: `s${i}` }, ...(i ? { after: [i - 1] } : {}) })));
        expect((await tf.events(tasks[3]!.id)).map((e) => [e.type, e.detail])).toEqual([['created', { state: 'blocked', dependsOn: [tasks[2]!.id] }]]);
        const ended: string[] = [];
        tf.worker({ concurrency: 4, pollIntervalMs: 20, handlers: { step: async (p) => void ended.push((p as { step: string }).step) } }).start();
        await waitFor(async () => ended.length === 5, 'the whole chain to run');
        expect(ended).toEqual(['s0', 's1', 's2', 's3', 's4']);
      });
    }

    it('refuses a bad reference with the field that holds it, and writes nothing of the batch', async () => {
      const tf = await open(driver);
      const bad: Array<[unknown, RegExp]> = [
        [[{ name: 'a', after: [0] }], /tasks\[0\]\.after\[0\]: .*the first task has none/],
        [[{ name: 'a' }, { name: 'b', after: [1] }], /tasks\[1\]\.after\[0\]: must name an earlier task of the same call \(0\.\.0\), got 1/],
        [[{ name: 'a' }, { name: 'b', after: [2] }, { name: 'c' }], /tasks\[1\]\.after\[0\]/],
        [[{ name: 'a' }, { name: 'b', after: [-1] }], /tasks\[1\]\.after\[0\].*got -1/],
        [[{ name: 'a' }, { name: 'b', after: [0.5] }], /tasks\[1\]\.after\[0\].*got 0\.5/],
        [[{ name: 'a' }, { name: 'b', after: ['0'] }], /tasks\[1\]\.after\[0\].*got "0"/],
        [[{ name: 'a' }, { name: 'b', after: 0 }], /tasks\[1\]\.after: must be an array/],
        [[{ name: 'a' }, { name: 'b', after: null }], /tasks\[1\]\.after: must be an array/],
        [[{ name: 'a' }, { name: 'b', after: [0], debounce: { key: 'k', window: '1s' } }], /tasks\[1\]\.debounce: cannot be combined with after/],
        [[{ name: 'a' }, { name: 'b', after: [0], throttle: { key: 'k', window: '1s' } }], /tasks\[1\]\.throttle: cannot be combined with after/],
        [[{ name: 'a' }, { name: 'b', after: [0], bogus: 1 }], /tasks\[1\]\.bogus: unknown option/],
      ];
      for (const [specs, message] of bad) {
        const err = await tf.enqueueMany(specs as BatchSpec[]).catch((e: unknown) => e);
        expect(err, JSON.stringify(specs)).toBeInstanceOf(ValidationError);
        expect(String(err)).toMatch(message);
      }
      expect(await tf.engine.list({ limit: 10 })).toEqual([]);
    });

    it('links tasks of the same call only: two callers sharing a group commit do not see each other', async () => {
      const tf = await open(driver);
      const [x, [p, q], y] = await Promise.all([
        tf.enqueue('step', { step: 'x' }),
        tf.enqueueMany([{ name: 'step', payload: { step: 'p' } }, { name: 'step', payload: { step: 'q' }, after: [0] }]),
        tf.enqueue('step', { step: 'y' }),
      ]);
      expect(await depsOf(tf, q!.id)).toEqual([p!.id]);
      expect([x.id, y.id]).not.toContain(p!.id);
    });
  });
}
