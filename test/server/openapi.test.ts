/**
 * The OpenAPI document is valid OpenAPI 3 (checked by a schema validator) and documents every
 * route the server has, except the dashboard's static files and the docs UI itself.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { buildApp } from '../../src/server/app.js';
import { freshSqlite, type TestStore } from '../helpers/stores.js';
import { TOKENS } from './harness.js';

let ts: TestStore;
let engine: Engine;
let app: FastifyInstance;

beforeAll(async () => {
  ts = await freshSqlite();
  engine = new Engine({ store: ts.store });
  app = await buildApp({ engine, tokens: [{ name: 'root', token: TOKENS.admin, scopes: ['admin'] }], followFeed: false });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await engine.flush();
  await ts.cleanup();
});

/** Fastify "/v1/tasks/:id" -> OpenAPI "/v1/tasks/{id}" */
const toOpenApiPath = (url: string) => url.replace(/:([A-Za-z_]+)/g, '{$1}');

test('the document validates as OpenAPI 3', async () => {
  const res = await app.inject({ method: 'GET', url: '/openapi.json' });
  expect(res.statusCode).toBe(200);
  const doc = res.json();
  const validator = new Validator();
  const r = await validator.validate(doc);
  expect(r.errors ?? []).toEqual([]);
  expect(r.valid).toBe(true);
  expect(validator.version).toMatch(/^3\./);
});

test('every route is documented, and every guarded route declares bearer security', async () => {
  const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, { security?: unknown[] }>> };
  const own = app.taskframeRoutes.filter((r) => !r.hidden && !r.url.startsWith('/docs'));
  expect(own.length).toBeGreaterThan(20);
  const missing = own.filter((r) => !doc.paths[toOpenApiPath(r.url)]?.[r.method.toLowerCase()]);
  expect(missing).toEqual([]);
  for (const r of own.filter((x) => x.scopes)) {
    expect(doc.paths[toOpenApiPath(r.url)]![r.method.toLowerCase()]!.security, `${r.method} ${r.url}`).toEqual([{ bearer: [] }]);
  }
  // And nothing is documented that does not exist.
  const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
  const registered = new Set(own.map((r) => `${r.method} ${toOpenApiPath(r.url)}`));
  expect(documented.filter((d) => !registered.has(d))).toEqual([]);
});

test('the browsable API page is served', async () => {
  const res = await app.inject({ method: 'GET', url: '/docs/' });
  expect(res.statusCode).toBe(200);
  expect(res.body).toContain('swagger');
});

type Operation = { operationId?: string; security?: unknown[]; parameters?: unknown[]; requestBody?: { required?: boolean }; responses: Record<string, unknown> };
const operations = async () => {
  const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, Operation>>; servers?: Array<{ url: string }> };
  return { doc, ops: Object.entries(doc.paths).flatMap(([p, ops]) => Object.entries(ops).map(([m, op]) => ({ key: `${m.toUpperCase()} ${p}`, op }))) };
};

test('every operation has an operationId, unique, in camelCase (what generated clients name their methods)', async () => {
  const { ops } = await operations();
  const missing = ops.filter((o) => !o.op.operationId).map((o) => o.key);
  expect(missing).toEqual([]);
  const ids = ops.map((o) => o.op.operationId!);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.filter((id) => !/^[a-z][A-Za-z]+$/.test(id))).toEqual([]);
  expect(Object.fromEntries(ops.filter((o) => ['POST /v1/tasks', 'GET /v1/tasks/{id}', 'POST /v1/tasks/bulk/retry'].includes(o.key)).map((o) => [o.key, o.op.operationId]))).toEqual({
    'POST /v1/tasks': 'enqueueTask',
    'GET /v1/tasks/{id}': 'getTask',
    'POST /v1/tasks/bulk/retry': 'retryTasks',
  });
});

test('the document names its server, and every operation lists the 4xx it can answer', async () => {
  const { doc, ops } = await operations();
  expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
  for (const { key, op } of ops) {
    const codes = Object.keys(op.responses);
    const takesInput = Boolean(op.parameters?.length || op.requestBody);
    if (takesInput) expect(codes, key).toContain('400');
    if (op.security) expect(codes, key).toEqual(expect.arrayContaining(['401', '403']));
    // Only /healthz takes no input and needs no token: there is no 4xx it could answer.
    if (!takesInput && !op.security) expect(key).toBe('GET /healthz');
    else expect(codes.some((c) => c.startsWith('4')), key).toBe(true);
  }
});

test('actions on one thing take the same optional body: cancel, retry, run cancel, pause and resume', async () => {
  const { ops } = await operations();
  const byKey = Object.fromEntries(ops.map((o) => [o.key, o.op]));
  for (const key of ['POST /v1/tasks/{id}/cancel', 'POST /v1/tasks/{id}/retry', 'POST /v1/runs/{id}/cancel', 'POST /v1/queues/{queue}/pause', 'POST /v1/queues/{queue}/resume']) {
    expect(byKey[key]?.requestBody?.required, key).toBe(false);
  }
  // Bodies that carry the request itself stay required.
  expect(byKey['POST /v1/tasks']?.requestBody?.required).toBe(true);
  const t = await engine.enqueue('openapi.cancel');
  const res = await app.inject({ method: 'POST', url: `/v1/tasks/${t.id}/cancel`, headers: { authorization: `Bearer ${TOKENS.admin}` } });
  expect(res.statusCode).toBe(200);
  expect(res.json().task.state).toBe('cancelled');
});
