/**
 * What the console reads and does, through the HTTP API (Fastify inject, a real store): search
 * by payload field, tag, name prefix and time, bounded and resumable; bulk retry and cancel with
 * an answer per task and the admin scope; a run's timeline of attempts; queues with backlog and
 * oldest wait; workers with what they hold; the live streams; optional bodies on actions.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { ManualClock } from '../../src/model/clock.js';
import { NonRetryableError } from '../../src/model/errors.js';
import { buildApp } from '../../src/server/app.js';
import { freshSqlite, type TestStore } from '../helpers/stores.js';
import { TOKENS } from './harness.js';

let ts: TestStore;
let engine: Engine;
let app: FastifyInstance;
let clock: ManualClock;
const T0 = Date.UTC(2026, 5, 1, 12);

type Reply = { status: number; body: any };
const call = async (token: string | null, method: 'GET' | 'POST', url: string, body?: unknown): Promise<Reply> => {
  const r = await app.inject({ method, url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(body !== undefined ? { payload: body as object } : {}) });
  return { status: r.statusCode, body: r.body ? r.json() : undefined };
};
const A = TOKENS.admin;
const P = TOKENS.producer;

beforeAll(async () => {
  ts = await freshSqlite();
  clock = new ManualClock(T0);
  engine = new Engine({ store: ts.store, clock });
  app = await buildApp({
    engine,
    tokens: [
      { name: 'root', token: A, scopes: ['admin'] },
      { name: 'viewer', token: P, scopes: ['producer'] },
    ],
    followFeed: false,
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await engine.flush();
  await ts.cleanup();
});

const failAll = async (queue: string) => {
  for (const c of await engine.claim({ queues: [queue], workerId: 'w', limit: 1000, leaseMs: 60_000 })) await engine.fail({ task: c, error: new NonRetryableError('no') });
};

describe('search', () => {
  test('by payload field, tag, name prefix and creation time; bookkeeping tasks never listed', async () => {
    await engine.enqueue('order.pay', { customer: { id: 42 }, lines: [{ sku: 'A-1' }] }, { queue: 's1', tags: ['eu'] });
    clock.advance(60_000);
    await engine.enqueue('order.pay', { customer: { id: '42' } }, { queue: 's1', tags: ['us'] });
    await engine.enqueue('order.ship', { customer: { id: 7 } }, { queue: 's1', tags: ['eu'] });
    await engine.enqueue('taskframe.workflow.finish', { $taskframeWorkflow: 1, kind: 'finish', task: 'x', run: 'r', workflow: 'w', at: 'f:1:1', payload: { customer: { id: 42 } } }, { queue: 's1' });
    const names = (r: Reply) => r.body.tasks.map((t: { name: string; payload: { customer: { id: unknown } } }) => `${t.name}:${JSON.stringify(t.payload.customer.id)}`);
    const q = (s: string) => call(P, 'GET', `/v1/tasks?queue=s1&${s}`);
    expect(names(await q('payload=customer.id%3D42'))).toEqual(['order.pay:42']);
    expect(names(await q(`payload=${encodeURIComponent('customer.id="42"')}`))).toEqual(['order.pay:"42"']);
    expect(names(await q('payload=lines.0.sku%3DA-1'))).toEqual(['order.pay:42']);
    expect(names(await q('tag=eu'))).toEqual(['order.ship:7', 'order.pay:42']);
    expect(names(await q('name=order.*&tag=us'))).toEqual(['order.pay:"42"']);
    expect(names(await q(`createdBefore=${new Date(T0 + 1000).toISOString()}`))).toEqual(['order.pay:42']);
    expect(names(await q(`createdAfter=${T0 + 1000}`))).toEqual(['order.ship:7', 'order.pay:"42"']);
    const r = await q('payload=customer.id%3D42');
    expect(r.body).toMatchObject({ scanned: 4, partial: false, nextCursor: null });
    // Without unindexed filters nothing is examined row by row; the finish task is still hidden.
    expect(names(await q(''))).toEqual(['order.ship:7', 'order.pay:"42"', 'order.pay:42']);
    expect((await q('')).body.scanned).toBeNull();
  });

  test('a bounded search says it stopped and its cursor carries on from there', async () => {
    await engine.enqueueMany(Array.from({ length: 30 }, (_, i) => ({ name: 'scan.me', queue: 's2', payload: { hit: i % 10 === 0, i } })));
    const first = await call(P, 'GET', '/v1/tasks?queue=s2&payload=hit%3Dtrue&scan=10');
    expect(first.body.tasks.map((t: { payload: { i: number } }) => t.payload.i)).toEqual([20]);
    expect(first.body).toMatchObject({ scanned: 10, partial: true });
    const second = await call(P, 'GET', `/v1/tasks?queue=s2&payload=hit%3Dtrue&scan=10&cursor=${first.body.nextCursor}`);
    expect(second.body.tasks.map((t: { payload: { i: number } }) => t.payload.i)).toEqual([10]);
    const third = await call(P, 'GET', `/v1/tasks?queue=s2&payload=hit%3Dtrue&scan=10&cursor=${second.body.nextCursor}`);
    expect(third.body.tasks.map((t: { payload: { i: number } }) => t.payload.i)).toEqual([0]);
    expect(third.body).toMatchObject({ partial: true });
    const done = await call(P, 'GET', `/v1/tasks?queue=s2&payload=hit%3Dtrue&scan=10&cursor=${third.body.nextCursor}`);
    expect(done.body).toMatchObject({ tasks: [], partial: false, nextCursor: null });
  });

  test('malformed filters are 400 naming the field, and read nothing', async () => {
    const bad: Array<[string, string, RegExp]> = [
      ['payload=customer.id', 'payload', /is not PATH=VALUE/],
      ['payload=customer..id%3D1', 'payload', /empty key/],
      ['payload=%3D1', 'payload', /names no field/],
      [`payload=${encodeURIComponent('a={"b":1}')}`, 'payload', /not an object/],
      ['payload=a%20b%3D1', 'payload', /key "a b"/],
      ['state=done', 'state[0]', /"done" is not a task state/],
      ['name=a*b', 'name', /may only end a name/],
      ['createdAfter=yesterday', 'createdAfter', /is not a time/],
      [`createdAfter=${T0}&createdBefore=${T0}`, 'createdBefore', /the range is empty/],
      ['scan=0', 'scan', /./],
      ['queue=no%20spaces', 'queue', /forbidden characters/],
    ];
    for (const [query, field, message] of bad) {
      const r = await call(P, 'GET', `/v1/tasks?${query}`);
      expect(r.status, query).toBe(400);
      expect(r.body.error.field, query).toBe(field);
      expect(r.body.error.message, query).toMatch(message);
    }
    const runs = await call(P, 'GET', '/v1/runs?inputs=region');
    expect(runs.status).toBe(400);
    expect(runs.body.error.field).toBe('inputs');
  });

  test('runs by an input field and name prefix', async () => {
    for (const [id, name, region] of [['r-eu', 'etl.daily', 'eu'], ['r-us', 'etl.daily', 'us'], ['r-x', 'report', 'eu']] as const) {
      await ts.store.runInsert({ run: { id, name, state: 'running', spec: {}, inputs: { region }, outputs: null, error: null, trigger: 'test', createdAt: clock.now() } });
      clock.advance(1000);
    }
    const ids = async (q: string) => (await call(P, 'GET', `/v1/runs?${q}`)).body.runs.map((r: { id: string }) => r.id);
    expect(await ids('inputs=region%3Deu')).toEqual(['r-x', 'r-eu']);
    expect(await ids('inputs=region%3Deu&name=etl.*')).toEqual(['r-eu']);
    expect(await ids('name=report')).toEqual(['r-x']);
  });

  test('runs created in the same millisecond page by id: every one once, a bad cursor a 400 naming it', async () => {
    const at = clock.now();
    const made = ['run-m1', 'run-m2', 'run-m3', 'run-m4', 'run-m5'];
    for (const id of made) await ts.store.runInsert({ run: { id, name: 'same.ms', state: 'running', spec: {}, inputs: { n: 1 }, outputs: null, error: null, trigger: 'test', createdAt: at } });
    clock.advance(1000);
    // Plain pages, and pages of a search with a scan bound of 2 (the cursor is then where the scan stopped).
    for (const query of ['name=same.ms&limit=2', 'inputs=n%3D1&scan=2']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 10; pages++) {
        const r = await call(P, 'GET', `/v1/runs?${query}${cursor ? `&cursor=${cursor}` : ''}`);
        expect(r.status, query).toBe(200);
        seen.push(...r.body.runs.map((x: { id: string }) => x.id));
        cursor = r.body.nextCursor;
        if (!cursor) break;
      }
      expect(seen.filter((id) => id.startsWith('run-m')), query).toEqual([...made].reverse());
    }
    // A cursor of only a time, as the API gave out before: the runs created before it.
    const old = Buffer.from(String(at), 'utf8').toString('base64url');
    const before = await call(P, 'GET', `/v1/runs?cursor=${old}&limit=1000`);
    expect(before.body.runs.every((x: { createdAt: string }) => Date.parse(x.createdAt) < at)).toBe(true);
    expect(before.body.runs.length).toBeGreaterThan(0);
    for (const cursor of ['not-a-cursor', Buffer.from('12:run x', 'utf8').toString('base64url')]) {
      const bad = await call(P, 'GET', `/v1/runs?cursor=${cursor}`);
      expect(bad.status).toBe(400);
      expect(bad.body.error.field).toBe('cursor');
    }
  });
});

describe('bulk actions', () => {
  test('retry many: admin only, one answer per task, at most 1000, ids or a filter', async () => {
    const tasks = await engine.enqueueMany(Array.from({ length: 5 }, (_, i) => ({ name: 'b.job', queue: 'b1', payload: { i } })));
    await failAll('b1');
    const ids = tasks.map((t) => t.id);
    expect((await call(P, 'POST', '/v1/tasks/bulk/retry', { ids })).status).toBe(403);
    expect((await call(P, 'POST', '/v1/tasks/bulk/cancel', { ids })).status).toBe(403);
    expect((await engine.countLive(['b1'])).pending ?? 0).toBe(0);
    await engine.retry(ids[0]!);
    const r = await call(A, 'POST', '/v1/tasks/bulk/retry', { ids: [...ids, '987654321'] });
    expect(r.status).toBe(200);
    expect(r.body.succeeded).toBe(4);
    expect(r.body.failed).toBe(2);
    expect(r.body.results[0]).toMatchObject({ id: ids[0], ok: false, code: 'CONFLICT' });
    expect(r.body.results.slice(1, 5)).toEqual(ids.slice(1).map((id) => ({ id, ok: true, state: 'pending' })));
    expect(r.body.results[5]).toMatchObject({ id: '987654321', ok: false, code: 'NOT_FOUND' });
    expect((await engine.countLive(['b1'])).pending).toBe(5);

    const tooMany = await call(A, 'POST', '/v1/tasks/bulk/retry', { ids: Array.from({ length: 1001 }, (_, i) => String(i + 1)) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.field).toBe('ids');
    const both = await call(A, 'POST', '/v1/tasks/bulk/retry', { ids: ['1'], filter: { queue: 'b1' } });
    expect(both.status).toBe(400);
    const neither = await call(A, 'POST', '/v1/tasks/bulk/retry', {});
    expect(neither.status).toBe(400);
    const badFilter = await call(A, 'POST', '/v1/tasks/bulk/retry', { filter: { payload: 'nonsense' } });
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.error.field).toBe('filter.payload');
    const badId = await call(A, 'POST', '/v1/tasks/bulk/retry', { ids: ['12', 'x'] });
    expect(badId.status).toBe(400);
  });

  test('cancel every match of a filter, newest first, up to a limit; `more` says there are others', async () => {
    await engine.enqueueMany(Array.from({ length: 7 }, (_, i) => ({ name: 'b.cancel', queue: 'b2', payload: { i } })));
    const first = await call(A, 'POST', '/v1/tasks/bulk/cancel', { filter: { queue: 'b2', state: 'pending' }, limit: 5, reason: 'maintenance window' });
    expect(first.body).toMatchObject({ succeeded: 5, failed: 0, more: true });
    const rest = await call(A, 'POST', '/v1/tasks/bulk/cancel', { filter: { queue: 'b2', state: 'pending' } });
    expect(rest.body).toMatchObject({ succeeded: 2, more: false });
    const ev = await engine.events([first.body.results[0].id]);
    expect(ev.find((e) => e.type === 'cancelled')?.detail).toMatchObject({ reason: 'maintenance window' });
  });
});

describe('actions take the same optional body', () => {
  test('cancel, retry, run cancel, pause and resume with no body, an empty one, or a reason; unknown fields refused', async () => {
    const t = await engine.enqueue('o.b', null, { queue: 'ob' });
    expect((await app.inject({ method: 'POST', url: `/v1/tasks/${t.id}/cancel`, headers: { authorization: `Bearer ${A}` } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: `/v1/tasks/${t.id}/retry`, headers: { authorization: `Bearer ${A}`, 'content-type': 'application/json' }, payload: '' })).statusCode).toBe(200);
    expect((await call(A, 'POST', `/v1/tasks/${t.id}/cancel`, { reason: 'operator said so' })).status).toBe(200);
    expect((await engine.events([t.id])).filter((e) => e.type === 'cancelled').map((e) => (e.detail as { reason: string }).reason)).toEqual([expect.stringContaining('root'), 'operator said so']);
    for (const url of ['/v1/queues/ob/pause', '/v1/queues/ob/resume']) {
      expect((await app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${A}` } })).statusCode, url).toBe(200);
      expect((await call(A, 'POST', url, {})).status, url).toBe(200);
      expect((await call(A, 'POST', url, { reason: 'deploy' })).status, url).toBe(200);
      const bad = await call(A, 'POST', url, { nope: 1 });
      expect(bad.status, url).toBe(400);
    }
    expect((await call(A, 'POST', `/v1/tasks/${t.id}/cancel`, { nope: 1 })).status).toBe(400);
    await ts.store.runInsert({ run: { id: 'r-cancel', name: 'wf', state: 'running', spec: {}, inputs: null, outputs: null, error: null, trigger: null, createdAt: clock.now() } });
    expect((await app.inject({ method: 'POST', url: '/v1/runs/r-cancel/cancel', headers: { authorization: `Bearer ${A}` } })).statusCode).toBe(200);
  });
});

describe('queues, workers, timeline', () => {
  test('queues say their backlog and how long the oldest ready task has waited', async () => {
    await engine.enqueue('q.a', null, { queue: 'qa' });
    clock.advance(5000);
    await engine.enqueue('q.a', null, { queue: 'qa' });
    await engine.enqueue('q.a', null, { queue: 'qa', delay: '1h' });
    clock.advance(2500);
    const q = (await call(P, 'GET', '/v1/queues')).body.queues.find((x: { queue: string }) => x.queue === 'qa');
    expect(q).toMatchObject({ backlog: 2, oldestWaitMs: 7500, counts: { pending: 2, scheduled: 1 }, paused: false });
    expect(q.oldestReadyAt).toBe(new Date(clock.now() - 7500).toISOString());
  });

  test('workers: one on the store shows by what it holds, a remote one by what it said too', async () => {
    await engine.enqueueMany([{ name: 'hold.a', queue: 'wq' }, { name: 'hold.b', queue: 'wq' }, { name: 'hold.c', queue: 'wq2' }]);
    const held = await engine.claim({ queues: ['wq'], workerId: 'box-1:123:ab', limit: 2, leaseMs: 60_000 });
    const w = (await call(P, 'GET', '/v1/workers')).body.workers.find((x: { workerId: string }) => x.workerId === 'box-1:123:ab');
    expect(w).toMatchObject({ remote: false, queues: ['wq'], holding: 2, lastSeenAt: null });
    expect(w.tasks.map((t: { id: string }) => t.id)).toEqual(held.map((t) => t.id));
    const remote = await app.inject({ method: 'POST', url: '/v1/worker/claim', headers: { authorization: `Bearer ${A}` }, payload: { workerId: 'py-1', queues: ['wq2'], limit: 1 } });
    expect(remote.statusCode).toBe(200);
    const r = (await call(P, 'GET', '/v1/workers')).body.workers.find((x: { workerId: string }) => x.workerId === 'py-1');
    expect(r).toMatchObject({ remote: true, queues: ['wq2'], holding: 1, lastSeenAt: new Date(clock.now()).toISOString() });
  });

  test("a run's timeline: each step's attempts from claim to outcome, results previewed, edges, bookkeeping left out", async () => {
    const now = clock.now();
    await ts.store.runInsert({ run: { id: 'r-tl', name: 'tl', state: 'running', spec: {}, inputs: null, outputs: null, error: null, trigger: null, createdAt: now } });
    const env = (task: string) => ({ $taskframeWorkflow: 1, kind: 'handler', task, run: 'r-tl', workflow: 'tl', at: 'f:1:1', payload: null });
    const [a] = await engine.enqueueGraph([{ spec: { name: 'h', queue: 'tl', runId: 'r-tl', payload: env('a'), maxAttempts: 3, backoff: { kind: 'fixed', baseMs: 1000, jitter: 0 } } }, { spec: { name: 'h', queue: 'tl', runId: 'r-tl', payload: env('b') }, after: [0] }]);
    await engine.enqueue('taskframe.workflow.finish', { ...env('finish'), kind: 'finish' }, { queue: 'tl-fin', runId: 'r-tl' });
    const [c1] = await engine.claim({ queues: ['tl'], workerId: 'w1', limit: 1, leaseMs: 60_000 });
    clock.advance(200);
    await engine.fail({ task: c1!, error: new Error('flaky') });
    clock.advance(1000);
    const [c2] = await engine.claim({ queues: ['tl'], workerId: 'w2', limit: 1, leaseMs: 60_000 });
    clock.advance(300);
    await engine.complete({ id: c2!.id, leaseToken: c2!.leaseToken, result: { rows: 'x'.repeat(500) } });
    const r = await call(P, 'GET', '/v1/runs/r-tl/timeline');
    expect(r.status).toBe(200);
    expect(r.body.tasks.map((t: { step: string }) => t.step)).toEqual(['a', 'b']);
    const first = r.body.tasks[0];
    expect(first.attempts).toEqual([
      { attempt: 1, startedAt: new Date(now).toISOString(), endedAt: new Date(now + 200).toISOString(), outcome: 'retry_scheduled', workerId: 'w1' },
      { attempt: 2, startedAt: new Date(now + 1200).toISOString(), endedAt: new Date(now + 1500).toISOString(), outcome: 'succeeded', workerId: 'w2' },
    ]);
    expect(first.resultPreview).toHaveLength(120);
    expect(first.resultPreview.startsWith('{"rows":"xxx')).toBe(true);
    expect(r.body.edges).toEqual([{ from: a!.id, to: r.body.tasks[1].id }]);
    expect(r.body.tasks[1]).toMatchObject({ state: 'pending', attempts: [], resultPreview: null, error: null });
    expect((await call(P, 'GET', '/v1/runs/no-such-run/timeline')).status).toBe(404);
  });
});
