/**
 * History modes (src/model/history.ts), part of the store conformance suite: every driver runs
 * these from conformance.ts. Each scenario runs on a `full` store and on a `compact` (or `none`)
 * one with the same clock steps, and the audit (engine.events) must tell the same story: the
 * same events, times, attempts, workers and details; only ids differ.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { ManualClock } from '../../src/model/clock.js';
import type { HistoryMode } from '../../src/model/history.js';
import { resolveSpec } from '../../src/model/spec.js';
import type { Task, TaskEvent } from '../../src/model/task.js';
import type { Store } from '../../src/store/store.js';
import { feedSettled, freshStore, type DriverName, type TestStore } from '../helpers/stores.js';

interface Env {
  store: Store;
  engine: Engine;
  clock: ManualClock;
}

/** One scenario: drives an engine and returns the tasks whose stories are compared. */
type Scenario = (env: Env) => Promise<Task[]>;

const LEASE = 10_000;
const rowStory = (t: Task) => ({ state: t.state, attempt: t.attempt, workerId: t.workerId, createdAt: t.createdAt, startedAt: t.startedAt, finishedAt: t.finishedAt, result: t.result, error: t.error });
const story = (events: TaskEvent[]) => events.map(({ id: _id, ...rest }) => rest);

const claim = async ({ engine }: Env, workerId = 'w1', leaseMs = LEASE) => {
  const [c] = await engine.claim({ queues: ['default'], workerId, limit: 1, leaseMs });
  if (!c) throw new Error('nothing to claim');
  return c;
};

const SCENARIOS: Record<string, Scenario> = {
  'a plain success': async (env) => {
    const t = await env.engine.enqueue('t', { n: 1 });
    env.clock.advance(5);
    const c = await claim(env);
    env.clock.advance(7);
    await env.engine.complete({ id: c.id, leaseToken: c.leaseToken, result: { ok: true } });
    return [t];
  },
  'progress, a retry, a lease expiry, an unclaim, then success': async (env) => {
    const t = await env.engine.enqueue('t', null, { maxAttempts: 5, backoff: { kind: 'fixed', baseMs: 10, capMs: 10 } });
    env.clock.advance(1);
    const c1 = await claim(env, 'w1');
    env.clock.advance(2);
    await env.engine.heartbeat({ id: c1.id, leaseToken: c1.leaseToken, leaseMs: LEASE, progress: { pct: 50 } });
    env.clock.advance(3);
    await env.engine.fail({ task: c1, error: new Error('boom') });
    env.clock.advance(10);
    await claim(env, 'w2', 1000);
    env.clock.advance(1001);
    await env.engine.expireLeases();
    env.clock.advance(4);
    const c3 = await claim(env, 'w3');
    env.clock.advance(1);
    await env.engine.unclaim(c3);
    env.clock.advance(1);
    const c4 = await claim(env, 'w4');
    env.clock.advance(6);
    await env.engine.complete({ id: c4.id, leaseToken: c4.leaseToken });
    return [t];
  },
  'a failure for good, a cancel while running, a delayed task, a skip': async (env) => {
    const f = await env.engine.enqueue('f', null, { maxAttempts: 1 });
    const cf = await claim(env);
    env.clock.advance(2);
    await env.engine.fail({ task: cf, error: new Error('bad') });
    const k = await env.engine.enqueue('k');
    const ck = await claim(env);
    env.clock.advance(3);
    await env.engine.cancel(ck.id, 'not wanted');
    const s = await env.engine.enqueue('s');
    const cs = await claim(env);
    env.clock.advance(1);
    await env.engine.skip({ id: cs.id, leaseToken: cs.leaseToken, reason: 'said no' });
    const d = await env.engine.enqueue('d', null, { delay: '5ms' });
    env.clock.advance(5);
    const cd = await claim(env);
    env.clock.advance(1);
    await env.engine.complete({ id: cd.id, leaseToken: cd.leaseToken });
    return [f, k, s, d];
  },
  'dependencies, a parent waiting on a subtask, and a retry by hand of a failure': async (env) => {
    const up = await env.engine.enqueue('up');
    const down = await env.engine.enqueue('down', null, { dependsOn: [up.id] });
    const cu = await claim(env);
    env.clock.advance(2);
    await env.engine.complete({ id: cu.id, leaseToken: cu.leaseToken });
    const cd = await claim(env);
    env.clock.advance(1);
    const kid = await env.engine.enqueue('kid', null, { parentId: cd.id });
    await env.engine.complete({ id: cd.id, leaseToken: cd.leaseToken });
    env.clock.advance(1);
    const ck = await claim(env);
    env.clock.advance(1);
    await env.engine.complete({ id: ck.id, leaseToken: ck.leaseToken });
    const again = await env.engine.enqueue('again', null, { maxAttempts: 1 });
    const ca = await claim(env);
    env.clock.advance(2);
    await env.engine.fail({ task: ca, error: new Error('first time') });
    env.clock.advance(1);
    await env.engine.retry(again.id);
    const ca2 = await claim(env);
    env.clock.advance(1);
    await env.engine.complete({ id: ca2.id, leaseToken: ca2.leaseToken });
    return [up, down, kid, again];
  },
};

export function historyConformance(driver: DriverName): void {
  describe(`history modes: ${driver}`, () => {
    const open: TestStore[] = [];
    const env = async (history?: HistoryMode): Promise<Env> => {
      const ts = await freshStore(driver, history ? { history } : {});
      open.push(ts);
      const clock = new ManualClock(Date.UTC(2026, 0, 1));
      return { store: ts.store, clock, engine: new Engine({ store: ts.store, clock, random: () => 0.5 }) };
    };
    afterEach(async () => {
      for (const ts of open.splice(0)) await ts.cleanup();
    });
    const storedTypes = async (e: Env, id: string) => (await e.store.eventList({ taskIds: [id], limit: 100 })).map((x) => x.type);

    it('full is the default: every event is a row and a success stays in history', async () => {
      const e = await env();
      const [t] = await SCENARIOS['a plain success']!(e);
      expect(await storedTypes(e, t!.id)).toEqual(['created', 'claimed', 'succeeded']);
      expect(await e.engine.find(t!.id)).toMatchObject({ state: 'succeeded', result: { ok: true }, workerId: 'w1' });
    });

    it('none: a success deleted with the newest events leaves their ids unused, so a follower reads what comes next', async () => {
      const e = await env('none');
      await e.engine.enqueue('flaky', null, { maxAttempts: 2, backoff: { kind: 'fixed', baseMs: 10, capMs: 10 } });
      await e.engine.fail({ task: await claim(e), error: new Error('once') });
      // A follower has read the feed to its end: the first attempt's claimed and retry_scheduled.
      await feedSettled(e.store);
      const read = await e.store.eventFeed({ limit: 100 });
      expect(read.map((x) => x.type)).toEqual(['claimed', 'retry_scheduled']);
      e.clock.advance(10);
      const c = await claim(e);
      await e.engine.complete({ id: c.id, leaseToken: c.leaseToken });
      expect(await e.store.eventFeed({ limit: 100 })).toEqual([]); // deleted with the task
      // The feed holds no event now, yet the position the follower was given is still one.
      expect(await e.store.eventFeed({ after: read.at(-1)!.position, limit: 100 })).toEqual([]);
      // The next events: a task that fails for good, whose events are kept.
      const bad = await e.engine.enqueue('bad', null, { maxAttempts: 1 });
      await e.engine.fail({ task: await claim(e), error: new Error('no') });
      await feedSettled(e.store);
      const next = await e.store.eventFeed({ after: read.at(-1)!.position, limit: 100 });
      expect(next.map((x) => [x.taskId, x.type])).toEqual([
        [bad.id, 'claimed'],
        [bad.id, 'failed'],
      ]);
      expect(next.every((x) => BigInt(x.id) > BigInt(read.at(-1)!.id))).toBe(true);
    });

    it("none: a success takes its events along even when a host's clock stamped them before the task was created (a day earlier, by the date)", async () => {
      // Created just after midnight; the host that fails it runs 600 ms behind, so its events
      // carry the day before (PostgreSQL keeps them in that day's partition).
      const midnight = Date.UTC(2026, 0, 2);
      const e = await env('none');
      e.clock.set(midnight + 500);
      const t = await e.engine.enqueue('flaky', null, { maxAttempts: 2, backoff: { kind: 'fixed', baseMs: 10, capMs: 10 } });
      const c1 = await claim(e);
      e.clock.set(midnight - 100);
      await e.engine.fail({ task: c1, error: new Error('once') });
      e.clock.set(midnight + 700);
      const parent = await e.engine.enqueue('parent', null, { priority: 1 });
      const cp = await claim(e);
      e.clock.set(midnight - 50);
      await e.engine.enqueue('kid', null, { parentId: cp.id });
      await e.engine.complete({ id: cp.id, leaseToken: cp.leaseToken }); // waits for its subtask
      expect(await storedTypes(e, t.id)).toEqual(['claimed', 'retry_scheduled']);
      expect(await storedTypes(e, parent.id)).toContain('waiting');
      e.clock.set(midnight + 1000);
      for (let i = 0; i < 2; i++) {
        const c = await claim(e);
        await e.engine.complete({ id: c.id, leaseToken: c.leaseToken });
      }
      expect(await e.engine.find(t.id)).toBeNull();
      expect(await e.engine.find(parent.id)).toBeNull();
      expect(await storedTypes(e, t.id)).toEqual([]);
      expect(await storedTypes(e, parent.id)).toEqual([]);
    });

    for (const [name, scenario] of Object.entries(SCENARIOS)) {
      it(`compact tells the same story as full: ${name}`, async () => {
        const full = await env('full');
        const compact = await env('compact');
        // One call site, so that errors' stacks agree too.
        const a: Task[] = [];
        const b: Task[] = [];
        for (const [e, out] of [[full, a], [compact, b]] as Array<[Env, Task[]]>) out.push(...(await scenario(e)));
        for (let i = 0; i < a.length; i++) {
          const [fullStory, compactStory] = [story(await full.engine.events([a[i]!.id])), story(await compact.engine.events([b[i]!.id]))];
          expect(compactStory.map((x) => ({ ...x, taskId: 'x' }))).toEqual(fullStory.map((x) => ({ ...x, taskId: 'x' })));
          // Rows are the same too (ids aside).
          const [ra, rb] = [await full.engine.get(a[i]!.id), await compact.engine.get(b[i]!.id)];
          expect(rowStory(rb)).toEqual(rowStory(ra));
        }
        // Several tasks at once: the same events, in time order (tasks' events at the very same
        // millisecond may interleave differently: only stored events have ids to order them).
        const all = story(await compact.engine.events(b.map((t) => t.id)));
        expect(all.map((x) => x.at)).toEqual([...all.map((x) => x.at)].sort((x, y) => x - y));
        const bag = (l: ReturnType<typeof story>) => l.map((x) => `${x.at} ${x.type} ${x.attempt} ${x.workerId}`).sort();
        expect(bag(all)).toEqual(bag(story(await full.engine.events(a.map((t) => t.id)))));
      });
    }

    it('compact writes no routine event rows for a plain success, and keeps the others', async () => {
      const e = await env('compact');
      const [t] = await SCENARIOS['a plain success']!(e);
      expect(await storedTypes(e, t!.id)).toEqual([]);
      expect(await e.engine.find(t!.id)).toMatchObject({ state: 'succeeded', result: { ok: true }, workerId: 'w1', attempt: 1 });
      const [r] = await SCENARIOS['progress, a retry, a lease expiry, an unclaim, then success']!(e);
      // Claims are rows only for attempts the row no longer shows, written before their attempt's events.
      expect(await storedTypes(e, r!.id)).toEqual(['claimed', 'progress', 'retry_scheduled', 'claimed', 'lease_expired', 'claimed', 'unclaimed']);
      expect((await e.engine.events([r!.id])).map((x) => x.type)).toEqual([
        'created', 'claimed', 'progress', 'retry_scheduled', 'claimed', 'lease_expired', 'claimed', 'unclaimed', 'claimed', 'succeeded',
      ]);
    });

    it('compact: a claim under a flow rule writes no claimed row either, and the audit still shows the claim', async () => {
      const e = await env('compact');
      const t = await e.engine.enqueue('t', { tenant: 'a' }, { queue: 'q' });
      await e.engine.flow.setLimit({ queue: 'q', key: 'payload.tenant', concurrency: 1 });
      const [c] = await e.engine.claim({ queues: ['q'], workerId: 'w1', limit: 5, leaseMs: 30_000 });
      expect(c?.id).toBe(t.id);
      await e.engine.complete({ id: c!.id, leaseToken: c!.leaseToken, result: { ok: true } });
      await e.engine.flush();
      expect(await storedTypes(e, t.id)).toEqual([]);
      expect((await e.engine.events([t.id])).map((x) => `${x.type} ${x.workerId ?? ''}`)).toEqual(['created ', 'claimed w1', 'succeeded w1']);
    });

    it('compact: the first claim after the last flow rule is removed writes no claimed row either', async () => {
      const e = await env('compact');
      const a = await e.engine.enqueue('t', { tenant: 'a' }, { queue: 'q' });
      const b = await e.engine.enqueue('t', { tenant: 'a' }, { queue: 'q' });
      await e.engine.flow.setLimit({ id: 'one', queue: 'q', key: 'payload.tenant', concurrency: 1 });
      const op = { queues: ['q'], workerId: 'w1', limit: 5, leaseMs: 30_000 };
      expect((await e.engine.claim(op)).map((t) => t.id)).toEqual([a.id]);
      // The store still takes the flow-aware path first; it finds no rule and claims plainly.
      await e.engine.flow.removeLimit('one');
      expect((await e.engine.claim(op)).map((t) => t.id)).toEqual([b.id]);
      await e.engine.flush();
      expect(await storedTypes(e, a.id)).toEqual([]);
      expect(await storedTypes(e, b.id)).toEqual([]);
    });

    it('none: a success leaves nothing behind; failures, cancels and skips stay with their story', async () => {
      const full = await env('full');
      const none = await env('none');
      const a: Task[] = [];
        const b: Task[] = [];
      for (const [e, out] of [[full, a], [none, b]] as Array<[Env, Task[]]>) out.push(...(await SCENARIOS['a failure for good, a cancel while running, a delayed task, a skip']!(e)));
      for (let i = 0; i < 3; i++) {
        expect(story(await none.engine.events([b[i]!.id])).map((x) => ({ ...x, taskId: 'x' }))).toEqual(
          story(await full.engine.events([a[i]!.id])).map((x) => ({ ...x, taskId: 'x' })),
        );
        expect((await none.engine.get(b[i]!.id)).state).toBe((await full.engine.get(a[i]!.id)).state);
      }
      // The delayed task succeeded: gone.
      expect(await none.engine.find(b[3]!.id)).toBeNull();
      // History counts only what is kept.
      const counts = (await none.store.queueCounts()).find((q) => q.queue === 'default')!.counts;
      expect(counts).toEqual({ failed: 1, cancelled: 1, skipped: 1 });

      const [t] = await SCENARIOS['a plain success']!(none);
      expect(await none.engine.find(t!.id)).toBeNull();
      expect(await storedTypes(none, t!.id)).toEqual([]);
      const [r] = await SCENARIOS['progress, a retry, a lease expiry, an unclaim, then success']!(none);
      expect(await none.engine.find(r!.id)).toBeNull();
      expect(await storedTypes(none, r!.id)).toEqual([]);
    });

    it('none: a task others read later keeps its row (dependents, a parent, a dedup key, a workflow run), and dependents still move', async () => {
      const none = await env('none');
      const [up, down, kid, again] = await SCENARIOS['dependencies, a parent waiting on a subtask, and a retry by hand of a failure']!(none);
      // up had a dependent: kept, and down ran after it.
      expect(await none.engine.find(up!.id)).toMatchObject({ state: 'succeeded' });
      // down was a parent with no dependents, parent or run of its own: gone once its subtask finished it.
      expect(await none.engine.find(down!.id)).toBeNull();
      // kid had a parent: kept.
      expect(await none.engine.find(kid!.id)).toMatchObject({ state: 'succeeded' });
      // again: failed (kept), retried by hand, then succeeded: gone with all its events.
      expect(await none.engine.find(again!.id)).toBeNull();
      expect(await storedTypes(none, again!.id)).toEqual([]);

      const d1 = await none.engine.enqueueOne({ name: 'dd', dedupKey: 'once' });
      const c = await claim(none);
      await none.engine.complete({ id: c.id, leaseToken: c.leaseToken });
      const d2 = await none.engine.enqueueOne({ name: 'dd', dedupKey: 'once' });
      expect(d2.created).toBe(false);
      expect(d2.task).toMatchObject({ id: d1.task.id, state: 'succeeded' });

      const [inRun] = (await none.store.writeBatch({ now: none.clock.now(), taskInsert: [{ task: resolveSpec({ name: 'step', runId: 'r1' }, none.clock.now()) }] })).taskInsert;
      const cr = await claim(none);
      expect(cr.id).toBe(inRun!.task.id);
      await none.engine.complete({ id: cr.id, leaseToken: cr.leaseToken });
      expect(await none.engine.find(inRun!.task.id)).toMatchObject({ state: 'succeeded', runId: 'r1' });
    });

    it('none: a throttled task that succeeds while its window is open is kept, so enqueues in the window still join it', async () => {
      const none = await env('none');
      const throttle = { key: 'acct:1', window: '1m' };
      const first = await none.engine.enqueueOne({ name: 'sync', payload: { n: 1 }, throttle });
      const c = await claim(none);
      await none.engine.complete({ id: c.id, leaseToken: c.leaseToken });
      none.clock.advance(30_000);
      // Deleted, the next enqueue would open a second task inside the window: two runs in one minute.
      const joined = await none.engine.enqueueOne({ name: 'sync', payload: { n: 2 }, throttle });
      expect(joined).toMatchObject({ created: false, collapsed: true, task: { id: first.task.id, state: 'succeeded' } });
      none.clock.advance(30_000);
      const next = await none.engine.enqueueOne({ name: 'sync', payload: { n: 3 }, throttle });
      expect(next.created).toBe(true);
      // Its window closes before it succeeds: nothing joins it any more, so it leaves nothing behind.
      const c2 = await claim(none);
      expect(c2.id).toBe(next.task.id);
      none.clock.advance(60_000);
      await none.engine.complete({ id: c2.id, leaseToken: c2.leaseToken });
      expect(await none.engine.find(next.task.id)).toBeNull();
    });

    it('none: the worker-batch path (completions with a claim in one batch) drops successes too', async () => {
      const none = await env('none');
      const [a, b] = [await none.engine.enqueue('a'), await none.engine.enqueue('b')];
      const ca = await claim(none);
      const r = await none.store.writeBatch({
        now: none.clock.now(),
        taskComplete: [{ id: ca.id, leaseToken: ca.leaseToken, result: 1 }],
        taskClaim: [{ queues: ['default'], workerId: 'w1', limit: 1, leaseMs: LEASE }],
      });
      expect(r.taskComplete[0]).toMatchObject({ ok: true, task: { id: a.id, state: 'succeeded' } });
      expect(r.taskClaim[0]!.map((t) => t.id)).toEqual([b.id]);
      expect(await none.engine.find(a.id)).toBeNull();
      expect(await storedTypes(none, a.id)).toEqual([]);
      // A repeat of the completion is refused as not found, and changes nothing.
      const again = await none.store.writeBatch({ now: none.clock.now(), taskComplete: [{ id: ca.id, leaseToken: ca.leaseToken, result: 1 }] });
      expect(again.taskComplete[0]).toMatchObject({ ok: false, reason: 'not_found' });
    });
  });
}
