/**
 * Bad requests get a clear error and change nothing: malformed JSON (400 with the parser's
 * message), a body over the limit (413), unknown ids (404), a wrong type in every enqueue field
 * (400 naming the field), out-of-range page sizes (400). After all of them the store holds
 * exactly what it held before: same tasks, same events.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { buildApp } from '../../src/server/app.js';
import { freshSqlite, type TestStore } from '../helpers/stores.js';
import { TOKENS } from './harness.js';

let ts: TestStore;
let engine: Engine;
let app: FastifyInstance;
let before: unknown;
const auth = { authorization: `Bearer ${TOKENS.admin}` };

async function snapshot() {
  await engine.flush();
  const tasks = await ts.store.taskList({ limit: 10_000 });
  const events = await ts.store.eventFeed({ limit: 100_000 });
  return { tasks, events, runs: await ts.store.runList({ limit: 100 }), paused: await ts.store.queuePausedList() };
}

beforeAll(async () => {
  ts = await freshSqlite();
  engine = new Engine({ store: ts.store });
  app = await buildApp({ engine, tokens: [{ name: 'root', token: TOKENS.admin, scopes: ['admin'] }], bodyLimit: 64 * 1024, followFeed: false });
  await app.ready();
  // Some data that must survive untouched.
  await engine.enqueueMany([{ name: 'keep', queue: 'bad-q' }, { name: 'keep', queue: 'bad-q', payload: { n: 2 } }]);
  before = await snapshot();
});
afterAll(async () => {
  expect(await snapshot()).toEqual(before);
  await app.close();
  await engine.flush();
  await ts.cleanup();
});

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url, headers: { ...auth, 'content-type': 'application/json', ...headers }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });
const get = (url: string) => app.inject({ method: 'GET', url, headers: auth });

describe('malformed requests', () => {
  test('malformed JSON is 400 with the parse error', async () => {
    for (const body of ['{"name": "x",', '{name: "x"}', '[1,2', 'nul']) {
      const r = await post('/v1/tasks', body);
      expect(r.statusCode, body).toBe(400);
      expect(r.json().error.code).toBe('MALFORMED_JSON');
      expect(r.json().error.message).toMatch(/malformed JSON body: .*(JSON|position|Unexpected|Expected)/);
    }
  });

  test('a body over the limit is 413', async () => {
    const r = await post('/v1/tasks', { name: 'big', payload: 'x'.repeat(100 * 1024) });
    expect(r.statusCode).toBe(413);
    expect(r.json().error.code).toBe('BODY_TOO_LARGE');
  });

  test('a body that is not JSON at all is 415', async () => {
    const r = await app.inject({ method: 'POST', url: '/v1/tasks', headers: { ...auth, 'content-type': 'text/plain' }, payload: 'name=x' });
    expect(r.statusCode).toBe(415);
  });

  test('no body where one is required is 400', async () => {
    const r = await app.inject({ method: 'POST', url: '/v1/tasks', headers: auth });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('VALIDATION');
  });
});

describe('unknown ids', () => {
  test.each([
    ['GET', '/v1/tasks/999999'],
    ['GET', '/v1/tasks/999999/events'],
    ['GET', '/v1/tasks/999999/logs'],
    ['POST', '/v1/tasks/999999/cancel'],
    ['POST', '/v1/tasks/999999/retry'],
    ['GET', '/v1/runs/no-such-run'],
  ])('%s %s is 404', async (method, url) => {
    const r = await app.inject({ method: method as 'GET', url, headers: auth, ...(method === 'POST' ? { payload: {} } : {}) });
    expect(r.statusCode).toBe(404);
    expect(r.json().error.code).toBe('NOT_FOUND');
  });

  test('worker reports on an unknown task are 404', async () => {
    const r = await post('/v1/worker/tasks/999999/succeed', { leaseToken: 1 });
    expect(r.statusCode).toBe(404);
  });

  test('a malformed id is 400 naming it, an unknown route 404', async () => {
    const r = await app.inject({ method: 'GET', url: '/v1/tasks/abc', headers: auth });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.field).toBe('id');
    expect((await app.inject({ method: 'GET', url: '/v1/nothing-here', headers: auth })).statusCode).toBe(404);
  });
});

describe('wrong types name the field', () => {
  const cases: Array<[string, Record<string, unknown>]> = [
    ['name', { name: 42 }],
    ['name', { name: '' }],
    ['name', { name: 'has space' }],
    ['name', { payload: {} }],
    ['queue', { name: 'x', queue: ['a'] }],
    ['priority', { name: 'x', priority: 'high' }],
    ['priority', { name: 'x', priority: 1.5 }],
    ['priority', { name: 'x', priority: 5000 }],
    ['delay', { name: 'x', delay: true }],
    ['runAt', { name: 'x', runAt: 'tomorrow' }],
    ['maxAttempts', { name: 'x', maxAttempts: '3' }],
    ['maxAttempts', { name: 'x', maxAttempts: 0 }],
    ['backoff.kind', { name: 'x', backoff: { kind: 'linear' } }],
    ['backoff.baseMs', { name: 'x', backoff: { baseMs: -1 } }],
    ['backoff.jitter', { name: 'x', backoff: { jitter: 2 } }],
    ['timeout', { name: 'x', timeout: { s: 1 } }],
    ['key', { name: 'x', key: 7 }],
    ['dedupKey', { name: 'x', dedupKey: '' }],
    ['tags', { name: 'x', tags: 'a,b' }],
    ['tags[1]', { name: 'x', tags: ['ok', 3] }],
    ['parentId', { name: 'x', parentId: 'abc' }],
    ['runId', { name: 'x', runId: 5 }],
    ['dependsOn[0]', { name: 'x', dependsOn: ['1x'] }],
    ['dependsOn', { name: 'x', dependsOn: '1' }],
    ['triggerRule', { name: 'x', triggerRule: 'sometimes' }],
    ['surprise', { name: 'x', surprise: 1 }],
  ];
  test.each(cases)('%s', async (field, body) => {
    const r = await post('/v1/tasks', body);
    expect(r.statusCode).toBe(400);
    const e = r.json().error;
    expect(e.code).toBe('VALIDATION');
    expect(e.field).toBe(field);
    expect(e.message.startsWith(`${field}:`)).toBe(true);
  });

  test('in a batch, the failing element is named and nothing is enqueued', async () => {
    const r = await post('/v1/tasks/batch', { tasks: [{ name: 'ok' }, { name: 'ok' }, { name: 'bad', priority: 'x' }] });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.field).toBe('tasks[2].priority');
  });

  test.each([
    ['tasks[1].after[0]', [{ name: 'a' }, { name: 'b', after: [1] }], /earlier task of the same call \(0\.\.0\), got 1/],
    ['tasks[0].after[0]', [{ name: 'a', after: [0] }], /the first task has none/],
    ['tasks[1].after[0]', [{ name: 'a' }, { name: 'b', after: [-1] }], /./],
    ['tasks[1].after[0]', [{ name: 'a' }, { name: 'b', after: ['0'] }], /./],
    ['tasks[1].after', [{ name: 'a' }, { name: 'b', after: 0 }], /./],
    ['tasks[1].debounce', [{ name: 'a' }, { name: 'b', after: [0], debounce: { key: 'k', window: '1s' } }], /cannot be combined with after/],
  ])('in a batch, a bad after (%s) is 400 naming it, and nothing is enqueued', async (field, tasks, message) => {
    const r = await post('/v1/tasks/batch', { tasks });
    expect(r.statusCode).toBe(400);
    expect(r.json().error).toMatchObject({ code: 'VALIDATION', field });
    expect(r.json().error.message).toMatch(message);
    expect((await get('/v1/tasks?limit=1000')).json().tasks.filter((t: { name: string }) => t.name === 'a')).toEqual([]);
  });

  test('a delay the engine rejects is 400 naming the field', async () => {
    const r = await post('/v1/tasks', { name: 'x', delay: 'soon' });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.field).toBe('delay');
  });

  test('worker bodies: wrong types are named', async () => {
    let r = await post('/v1/worker/claim', { workerId: 'w', queues: 'default', limit: 1 });
    expect(r.json().error.field).toBe('queues');
    r = await post('/v1/worker/claim', { workerId: 'w', queues: ['default'], limit: 5000 });
    expect(r.json().error.field).toBe('limit');
    r = await post('/v1/worker/tasks/1/succeed', { leaseToken: 'abc' });
    expect(r.json().error.field).toBe('leaseToken');
    r = await post('/v1/worker/report', { outcomes: [{ id: '1', leaseToken: 1, error: { msg: 'x' } }] });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.field).toMatch(/^outcomes\[0\]\.error/);
  });
});

describe('out-of-range times and durations (once answered 500 and written anyway: "Invalid time value")', () => {
  const TIME = /^runAt: must be a time from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59\.999Z: epoch milliseconds \(an integer\), or an ISO 8601 date-time with a time zone/;
  test.each([
    ['delay', '{"name":"x","delay":"100000000d"}', /^delay: must be a duration from 0 to 36500d .*got "100000000d"$/],
    ['runAt', '{"name":"x","runAt":99999999999999999999}', TIME],
    ['delay', '{"name":"x","delay":1e300}', /^delay: must be a duration from 0 to 36500d/],
    ['delay', '{"name":"x","delay":"99999999999999999999"}', /^delay: must be a duration from 0 to 36500d/],
    ['timeout', '{"name":"x","timeout":"100000000d"}', /^timeout: must be a duration from 0 to 24d/],
    ['runAt', '{"name":"x","runAt":"+275760-09-13T00:00:00.001Z"}', TIME],
    ['runAt', '{"name":"x","runAt":"2030-02-30T00:00:00Z"}', TIME],
    ['runAt', '{"name":"x","runAt":true}', TIME],
    ['backoff.baseMs', '{"name":"x","backoff":{"baseMs":1e300}}', /^backoff\.baseMs: must be a number of milliseconds from 0 to/],
  ])('POST /v1/tasks %s %s: 400 naming the field, nothing written', async (field, body, message) => {
    const r = await post('/v1/tasks', body);
    expect(r.statusCode).toBe(400);
    expect(r.json().error).toMatchObject({ code: 'VALIDATION', field });
    expect(r.json().error.message).toMatch(message);
  });

  test.each([
    ['tasks[1].delay', '{"tasks":[{"name":"ok"},{"name":"x","delay":"100000000d"}]}'],
    ['tasks[1].runAt', '{"tasks":[{"name":"ok"},{"name":"x","runAt":99999999999999999999}]}'],
  ])('POST /v1/tasks/batch %s: 400 naming the element and field, none of the batch written', async (field, body) => {
    const r = await post('/v1/tasks/batch', body);
    expect(r.statusCode).toBe(400);
    expect(r.json().error).toMatchObject({ code: 'VALIDATION', field });
  });

  test('a body nested deeper than a JSON printer reaches is 400, not 500 (found by the property test)', async () => {
    const depth = 30_000; // JSON.stringify gives up near 5,000 levels here; this body stays under the 64 KiB limit
    const r = await post('/v1/tasks', `${'['.repeat(depth)}1${']'.repeat(depth)}`);
    expect(r.statusCode).toBe(400);
    expect(r.json().error.message).toMatch(/nested too deep to show/);
    const p = await post('/v1/tasks', `{"name":"x","payload":${'['.repeat(depth)}1${']'.repeat(depth)}}`);
    expect(p.statusCode).toBe(400);
    expect(p.json().error.field).toBe('payload');
  });

  test('the API says the same as the model: one message for one value', async () => {
    const api = (await post('/v1/tasks', { name: 'x', runAt: -1 })).json().error.message as string;
    const model = await engine.enqueue('x', null, { runAt: -1 }).catch((e: Error) => e.message);
    expect(model).toBe(`task.${api}`);
  });
});

describe('page sizes', () => {
  test.each(['limit=0', 'limit=1001', 'limit=100000000', 'limit=-5', 'limit=abc'])('%s is 400 naming limit', async (q) => {
    const r = await app.inject({ method: 'GET', url: `/v1/tasks?${q}`, headers: auth });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.field).toBe('limit');
  });

  test('unknown filters, bad states and bad cursors are 400', async () => {
    expect((await app.inject({ method: 'GET', url: '/v1/tasks?colour=red', headers: auth })).json().error.field).toBe('colour');
    expect((await app.inject({ method: 'GET', url: '/v1/tasks?state=pending,done', headers: auth })).json().error.field).toBe('state[1]');
    expect((await app.inject({ method: 'GET', url: '/v1/tasks?cursor=zzz', headers: auth })).json().error.field).toBe('cursor');
  });
});

describe('internal errors', () => {
  test('a 500 does not leak internals', async () => {
    const app2 = await buildApp({ engine, tokens: [{ name: 'root', token: TOKENS.admin, scopes: ['admin'] }], followFeed: false });
    app2.get('/v1/boom', { config: { scopes: ['admin'] } }, async () => {
      throw new Error('secret connection string postgres://u:pw@db');
    });
    const r = await app2.inject({ method: 'GET', url: '/v1/boom', headers: auth });
    expect(r.statusCode).toBe(500);
    expect(r.json().error.code).toBe('INTERNAL');
    expect(r.body).not.toContain('postgres');
    expect(r.body).not.toContain('secret');
    await app2.close();
  });
});
