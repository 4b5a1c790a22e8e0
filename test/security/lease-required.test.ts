/**
 * A remote worker's reports must name the lease they act under: a report without the lease token
 * is 400 naming `leaseToken`, one with a token that is not the task's current lease is 409
 * LEASE_LOST, and neither changes the task (still running, same attempt, no result, no event).
 * Only the holder of the lease finishes the task. (The lease token was already required on
 * these routes before this test was written; it pins that down, for every report route.)
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { buildApp } from '../../src/server/app.js';
import { freshSqlite, type TestStore } from '../helpers/stores.js';
import { TOKENS } from '../server/harness.js';

let ts: TestStore;
let engine: Engine;
let app: FastifyInstance;
const headers = { authorization: `Bearer ${TOKENS.worker}`, 'content-type': 'application/json' };

beforeAll(async () => {
  ts = await freshSqlite();
  engine = new Engine({ store: ts.store });
  app = await buildApp({ engine, tokens: [{ name: 'pool', token: TOKENS.worker, scopes: ['worker'] }], followFeed: false });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await engine?.flush();
  await ts?.cleanup();
});

const post = (url: string, body: unknown) => app.inject({ method: 'POST', url, headers, payload: JSON.stringify(body) });

async function claimOne(queue: string): Promise<{ id: string; leaseToken: unknown }> {
  await engine.enqueue('leased', { n: 1 }, { queue });
  const r = await post('/v1/worker/claim', { workerId: 'w1', queues: [queue], limit: 1 });
  expect(r.statusCode).toBe(200);
  const [t] = r.json().tasks as Array<{ id: string; leaseToken: unknown }>;
  return t!;
}

/** A token that is not the lease: whatever the lease token's form (a number today). */
const wrong = (lease: unknown): unknown => (typeof lease === 'number' ? lease + 1 : `${String(lease)}x`);

async function unchanged(id: string) {
  await engine.flush();
  const t = await engine.get(id);
  const events = (await engine.events([id])).map((e) => e.type);
  return { state: t.state, attempt: t.attempt, result: t.result, events };
}

describe('a report that does not name the lease changes nothing', () => {
  const routes: Array<[string, (lease?: unknown) => Record<string, unknown>]> = [
    ['succeed', (lease) => ({ ...(lease !== undefined ? { leaseToken: lease } : {}), result: { stolen: true } })],
    ['fail', (lease) => ({ ...(lease !== undefined ? { leaseToken: lease } : {}), error: { message: 'sabotage', retryable: false } })],
    ['unclaim', (lease) => (lease !== undefined ? { leaseToken: lease } : {})],
  ];

  it.each(routes)('%s without a lease token: 400 naming leaseToken', async (route, body) => {
    const t = await claimOne(`no-lease-${route}`);
    const before = await unchanged(t.id);
    const r = await post(`/v1/worker/tasks/${t.id}/${route}`, body());
    expect(r.statusCode).toBe(400);
    expect(r.json().error).toMatchObject({ code: 'VALIDATION', field: 'leaseToken' });
    expect(await unchanged(t.id)).toEqual(before);
    expect(before.state).toBe('running');
  });

  it.each(routes)('%s with a lease token that is not the lease: 409 LEASE_LOST', async (route, body) => {
    const t = await claimOne(`wrong-lease-${route}`);
    const before = await unchanged(t.id);
    const r = await post(`/v1/worker/tasks/${t.id}/${route}`, body(wrong(t.leaseToken)));
    expect(r.statusCode, r.body).toBe(409);
    expect(r.json().error.code).toBe('LEASE_LOST');
    expect(await unchanged(t.id)).toEqual(before);
  });

  it('batched reports, heartbeats and log lines need the lease too', async () => {
    const t = await claimOne('batched');
    const before = await unchanged(t.id);
    let r = await post('/v1/worker/report', { workerId: 'w1', outcomes: [{ id: t.id, result: 1 }] });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.field).toBe('outcomes[0].leaseToken');
    r = await post('/v1/worker/report', { workerId: 'w1', outcomes: [{ id: t.id, leaseToken: wrong(t.leaseToken), result: 1 }] });
    expect(r.statusCode).toBe(200);
    expect(r.json().results[0]).toMatchObject({ id: t.id, ok: false, error: { code: 'LEASE_LOST' } });
    r = await post('/v1/worker/heartbeat', { workerId: 'w1', tasks: [{ id: t.id }] });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.field).toBe('tasks[0].leaseToken');
    r = await post(`/v1/worker/tasks/${t.id}/logs`, { lines: [{ text: 'forged' }] });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.field).toBe('leaseToken');
    expect(await unchanged(t.id)).toEqual(before);
  });

  it('the holder of the lease finishes the task', async () => {
    const t = await claimOne('holder');
    const r = await post(`/v1/worker/tasks/${t.id}/succeed`, { leaseToken: t.leaseToken, result: { ok: true } });
    expect(r.statusCode).toBe(200);
    expect(r.json().task).toMatchObject({ id: t.id, state: 'succeeded', result: { ok: true } });
  });
});
