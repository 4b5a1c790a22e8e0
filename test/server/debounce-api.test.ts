/**
 * Debounce and throttle through the HTTP API: the enqueue body's `debounce` / `throttle`, the
 * reply's `collapsed`, and a 400 naming the field (never a 500) for bad input, writing nothing.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { ManualClock } from '../../src/model/clock.js';
import { buildApp } from '../../src/server/app.js';
import { freshSqlite, type TestStore } from '../helpers/stores.js';
import { TOKENS } from './harness.js';

let ts: TestStore;
let engine: Engine;
let app: FastifyInstance;
let clock: ManualClock;
const auth = { authorization: `Bearer ${TOKENS.admin}` };

beforeEach(async () => {
  ts = await freshSqlite();
  clock = new ManualClock(Date.UTC(2026, 0, 1));
  engine = new Engine({ store: ts.store, clock });
  app = await buildApp({ engine, tokens: [{ name: 'root', token: TOKENS.admin, scopes: ['admin'] }], followFeed: false });
  await app.ready();
});
afterEach(async () => {
  await app.close();
  await engine.flush();
  await ts.cleanup();
});

const post = (url: string, payload: unknown) =>
  app.inject({ method: 'POST', url, headers: { ...auth, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });

describe('debounce and throttle over HTTP', () => {
  test('a second enqueue within the window joins the task: 200, created false, collapsed true', async () => {
    const a = await post('/v1/tasks', { name: 'reindex', payload: 1, debounce: { key: 'doc-9', window: '5s', maxWait: '1m' } });
    expect(a.statusCode).toBe(201);
    expect(a.json()).toMatchObject({ created: true });
    expect(a.json().collapsed).toBeUndefined();
    clock.advance(1000);
    const b = await post('/v1/tasks', { name: 'reindex', payload: 2, debounce: { key: 'doc-9', window: '5s', maxWait: '1m' } });
    expect(b.statusCode).toBe(200);
    expect(b.json()).toMatchObject({ created: false, collapsed: true, task: { id: a.json().task.id, payload: 2 } });
    const ev = await app.inject({ method: 'GET', url: `/v1/tasks/${a.json().task.id}/events`, headers: auth });
    const debounced = ev.json().events.find((e: { type: string }) => e.type === 'debounced');
    expect(debounced.detail).toMatchObject({ mode: 'debounce', key: 'doc-9', keep: 'last', payloadReplaced: true, runAt: new Date(clock.now() + 5000).toISOString() });
    const t = await post('/v1/tasks', { name: 'sync', throttle: { key: 'acct', window: 60_000, keep: 'first' } });
    const t2 = await post('/v1/tasks', { name: 'sync', throttle: { key: 'acct', window: 60_000, keep: 'first' } });
    expect(t2.json()).toMatchObject({ created: false, collapsed: true, task: { id: t.json().task.id } });
    const batch = await post('/v1/tasks/batch', { tasks: [{ name: 'reindex', debounce: { key: 'doc-9', window: '5s' } }] });
    expect(batch.statusCode).toBe(201);
    expect(batch.json().tasks[0].id).toBe(a.json().task.id);
  });

  test('bad debounce or throttle input is a 400 naming the field, and writes nothing', async () => {
    const cases: Array<[unknown, string]> = [
      [{ name: 'n', debounce: { key: 'k', window: 0 } }, 'debounce.window'],
      [{ name: 'n', debounce: { key: 'k', window: 'soon' } }, 'debounce.window'],
      [{ name: 'n', debounce: { key: 'k', window: -5 } }, 'debounce.window'],
      [{ name: 'n', debounce: { window: '5s' } }, 'debounce.key'],
      [{ name: 'n', debounce: { key: '', window: '5s' } }, 'debounce.key'],
      [{ name: 'n', debounce: { key: 'k', window: '5s', keep: 'middle' } }, 'debounce.keep'],
      [{ name: 'n', debounce: { key: 'k', window: '5s', maxWait: '1s' } }, 'debounce.maxWait'],
      [{ name: 'n', debounce: 'k' }, 'debounce'],
      [{ name: 'n', throttle: { key: 'k', window: '5s', maxWait: '9s' } }, 'throttle'],
      [{ name: 'n', throttle: { key: 'k', window: '5s' }, debounce: { key: 'k', window: '5s' } }, 'throttle'],
      [{ name: 'n', throttle: { key: 'k', window: '5s' }, key: 'idem' }, 'throttle'],
    ];
    for (const [body, field] of cases) {
      const r = await post('/v1/tasks', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().error.code).toBe('VALIDATION');
      expect(r.json().error.field, JSON.stringify(body)).toContain(field);
    }
    const inBatch = await post('/v1/tasks/batch', { tasks: [{ name: 'ok' }, { name: 'n', debounce: { key: 'k', window: 0 } }] });
    expect(inBatch.statusCode).toBe(400);
    expect(inBatch.json().error.field).toContain('debounce.window');
    expect(await engine.list({})).toEqual([]);
  });
});
