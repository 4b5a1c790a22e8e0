/**
 * Flow control over HTTP: set, list, remove limits; pause and resume by name, run, queue; usage
 * and audit; bad input answered 400 naming the field (or 404), never 500, and nothing written.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { buildApp } from '../../src/server/app.js';
import { freshSqlite, type TestStore } from '../helpers/stores.js';
import { TOKENS } from './harness.js';

let ts: TestStore;
let engine: Engine;
let app: FastifyInstance;
const auth = { authorization: `Bearer ${TOKENS.admin}` };

beforeAll(async () => {
  ts = await freshSqlite();
  engine = new Engine({ store: ts.store });
  app = await buildApp({ engine, tokens: [{ name: 'root', token: TOKENS.admin, scopes: ['admin'] }], followFeed: false });
  await app.ready();
  await engine.enqueue('send', { tenant: 'a' }, { queue: 'mail' });
});
afterAll(async () => {
  await app.close();
  await engine.flush();
  await ts.cleanup();
});

const call = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) =>
  app.inject({ method, url, headers: auth, ...(payload !== undefined ? { payload: payload as object } : {}) });

describe('flow routes', () => {
  it('bad input: 400 naming the field, nothing written', async () => {
    const cases: Array<[unknown, string]> = [
      [{ queue: 'mail', rate: '100 per second' }, 'rate'],
      [{ queue: 'mail', concurrency: 0 }, 'concurrency'],
      [{ queue: 'mail', concurrency: 1, key: 'payload.' }, 'key'],
      [{ queue: 'mail', concurrency: 1, key: 'cookie:x' }, 'key'],
      [{ queue: 'nobody', concurrency: 1 }, 'queue'],
      [{ concurrency: 1 }, 'queue'],
      [{ queue: 'mail' }, 'rate'],
    ];
    for (const [body, field] of cases) {
      const r = await call('POST', '/v1/flow/limits', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().error.field, JSON.stringify(body)).toBe(field);
    }
    const typed = await call('POST', '/v1/flow/limits', { queue: 'mail', concurrency: 'two' });
    expect(typed.statusCode).toBe(400);
    expect(typed.json().error.message).toMatch(/concurrency/);
    const extra = await call('POST', '/v1/flow/limits', { queue: 'mail', concurrency: 1, color: 'red' });
    expect(extra.statusCode).toBe(400);
    expect((await call('POST', '/v1/flow/pause', { name: 'a', run: 'b' })).statusCode).toBe(400);
    expect((await call('POST', '/v1/flow/pause', {})).statusCode).toBe(400);
    expect((await call('POST', '/v1/flow/pause', { name: 'bad name' })).json().error.field).toBe('name');
    expect((await call('DELETE', '/v1/flow/limits?id=nope')).statusCode).toBe(404);
    expect((await call('GET', '/v1/flow/audit?limit=0')).statusCode).toBe(400);
    expect((await call('GET', '/v1/flow/audit?beforeId=x')).statusCode).toBe(400);
    expect((await call('GET', '/v1/flow/limits')).json()).toEqual({ limits: [] });
    expect((await call('GET', '/v1/flow/audit')).json()).toEqual({ entries: [] });
  });

  it('set, list, use, remove; pause and resume; audit', async () => {
    const set = await call('POST', '/v1/flow/limits', { queue: 'mail', key: 'payload.tenant', rate: '5000/1m', concurrency: 2 });
    expect(set.statusCode).toBe(200);
    expect(set.json().limit).toMatchObject({ id: 'queue=mail/key=payload.tenant', rate: '5000/1m', concurrency: 2 });
    expect((await call('GET', '/v1/flow/limits')).json().limits).toHaveLength(1);
    await engine.claim({ queues: ['mail'], workerId: 'w', limit: 5, leaseMs: 30_000 });
    const usage = (await call('GET', '/v1/flow/usage')).json().usage;
    expect(usage).toEqual([expect.objectContaining({ limitId: 'queue=mail/key=payload.tenant', key: 'a', running: 1, windowClaims: 1 })]);
    expect((await call('POST', '/v1/flow/pause', { name: 'send', reason: 'incident' })).json()).toEqual({ paused: true, changed: true });
    expect((await call('POST', '/v1/flow/pause', { run: 'r-1' })).json()).toEqual({ paused: true, changed: true });
    expect((await call('GET', '/v1/flow/paused')).json()).toEqual({ queues: [], names: ['send'], runs: ['r-1'], schedules: [] });
    expect((await call('POST', '/v1/flow/resume', { name: 'send' })).json()).toEqual({ paused: false, changed: true });
    const del = await call('DELETE', `/v1/flow/limits?id=${encodeURIComponent('queue=mail/key=payload.tenant')}`);
    expect(del.statusCode).toBe(200);
    const entries = (await call('GET', '/v1/flow/audit')).json().entries;
    expect(entries.map((e: { action: string; kind: string; actor: string }) => `${e.action} ${e.kind} ${e.actor}`)).toEqual([
      'limit_removed limit root', 'resumed name root', 'paused run root', 'paused name root', 'limit_set limit root',
    ]);
    const page = (await call('GET', `/v1/flow/audit?limit=2&beforeId=${entries[1].id}`)).json().entries;
    expect(page.map((e: { action: string }) => e.action)).toEqual(['paused', 'paused']);
  });
});
