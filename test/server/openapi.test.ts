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
