/**
 * The server side of autoscaling, through Fastify's inject(): GET /v1/autoscale (what the
 * dashboard shows), GET /v1/autoscale/keda in the shape KEDA's metrics-api scaler reads, the
 * Prometheus gauges, and bad requests answered 400/401/403/404, never 500.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAutoscaleConfig } from '../../src/autoscale/config.js';
import { Autoscaler } from '../../src/autoscale/runner.js';
import { Engine } from '../../src/engine/engine.js';
import { createLogger } from '../../src/logger.js';
import { ManualClock } from '../../src/model/clock.js';
import { buildApp } from '../../src/server/app.js';
import { freshSqlite, type TestStore } from '../helpers/stores.js';
import { TOKENS } from '../server/harness.js';
import { Fleet } from './fleet.js';

let ts: TestStore;
let engine: Engine;
let app: FastifyInstance;
const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));

beforeAll(async () => {
  ts = await freshSqlite();
  engine = new Engine({ store: ts.store, clock });
  app = await buildApp({
    engine,
    tokens: [
      { name: 'root', token: TOKENS.admin, scopes: ['admin'] },
      { name: 'keda', token: TOKENS.producer, scopes: ['producer'] },
      { name: 'pool', token: TOKENS.worker, scopes: ['worker'] },
    ],
    followFeed: false,
    logger: createLogger({ level: 'silent' }),
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await engine.flush();
  await ts.cleanup();
});

const get = (url: string, token: string | null = TOKENS.producer) => app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('autoscale over HTTP', () => {
  it('before any autoscaler ran: no groups, and a group asked of the KEDA endpoint is 404 saying so', async () => {
    expect((await get('/v1/autoscale')).json()).toEqual({ leader: null, updatedAt: null, intervalMs: null, stale: null, groups: [] });
    const r = await get('/v1/autoscale/keda?group=emails');
    expect(r.statusCode).toBe(404);
    expect(r.json().error.message).toMatch(/autoscale group "emails" \(no autoscaler has recorded it; known: none\) not found/);
  });

  it('serves the recorded decision to the dashboard and to KEDA, with live figures of the queues', async () => {
    await engine.enqueueMany(Array.from({ length: 120 }, () => ({ name: 'send', queue: 'emails' })));
    await engine.enqueue('send', null, { queue: 'emails', delay: '10s' });
    const config = resolveAutoscaleConfig({ groups: [{ name: 'emails', policy: { maxWorkers: 8 }, provider: { type: 'keda' } }] });
    const fleet = new Fleet('emails');
    const autoscaler = new Autoscaler(engine, { config, holderId: 'scaler-1', providerFor: () => fleet, logger: createLogger({ level: 'silent' }) });
    await autoscaler.runOnce();
    clock.advance(2000);

    const status = (await get('/v1/autoscale')).json();
    expect(status).toMatchObject({ leader: 'scaler-1', stale: false, intervalMs: 5000 });
    expect(status.groups).toHaveLength(1);
    expect(status.groups[0]).toMatchObject({ group: 'emails', queues: ['emails'], provider: 'fleet', desired: 3, workers: { running: 3 }, last: { rule: 'wake', from: 0, desired: 3 } });
    expect(status.groups[0].last.reason).toContain('120 ready');
    expect(status.groups[0].history).toHaveLength(1);

    const keda = await get('/v1/autoscale/keda?group=emails');
    expect(keda.statusCode).toBe(200);
    expect(keda.json()).toEqual({
      group: 'emails',
      queues: ['emails'],
      desiredWorkers: 3,
      runningWorkers: 3,
      readyTasks: 120,
      dueSoonTasks: 1,
      runningTasks: 0,
      oldestReadyAgeSeconds: 2,
      decidedAt: new Date(clock.now() - 2000).toISOString(),
      stale: false,
      reason: expect.stringContaining('120 ready'),
    });
    const q = await get('/v1/autoscale/keda?queues=emails,nothing&lookahead=5s');
    expect(q.json()).toEqual({ group: null, queues: ['emails', 'nothing'], readyTasks: 120, dueSoonTasks: 0, runningTasks: 0, oldestReadyAgeSeconds: 2 });

    const metrics = (await get('/metrics')).body;
    expect(metrics).toContain('taskframe_autoscale_desired_workers{group="emails"} 3');
    expect(metrics).toContain('taskframe_autoscale_running_workers{group="emails"} 3');
    expect(metrics).toContain('taskframe_autoscale_ready_tasks{group="emails"} 120');
    expect(metrics).toContain('taskframe_autoscale_decision_rule{group="emails",rule="wake"} 1');
    expect(metrics).toContain('taskframe_autoscale_provider_failing{group="emails"} 0');
  });

  it('refuses bad requests with 400, missing tokens with 401 and the worker scope with 403', async () => {
    const cases: Array<[string, number, RegExp]> = [
      ['/v1/autoscale/keda', 400, /give exactly one of group=NAME or queues=A,B/],
      ['/v1/autoscale/keda?group=emails&queues=emails', 400, /give exactly one/],
      ['/v1/autoscale/keda?queues=bad%20name', 400, /queues\[0\]: "bad name" has forbidden characters/],
      ['/v1/autoscale/keda?queues=a&lookahead=soon', 400, /lookahead: malformed duration "soon"/],
      ['/v1/autoscale/keda?group=emails&colour=blue', 400, /./],
    ];
    for (const [url, status, message] of cases) {
      const r = await get(url);
      expect(r.statusCode, url).toBe(status);
      expect(r.json().error.message, url).toMatch(message);
    }
    expect((await get('/v1/autoscale/keda?group=emails', null)).statusCode).toBe(401);
    expect((await get('/v1/autoscale', TOKENS.worker)).statusCode).toBe(403);
  });
});
