/**
 * Tasks written before times were checked can hold a run-at no date can show (the API once took
 * `"delay":"100000000d"` and `"runAt":99999999999999999999` and stored them). They must still be
 * listed, read (HTTP and `taskframe status`) and cancelled; before, all of these failed with
 * `Invalid time value`. The bad times are written straight into the store, as old code did.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { buildApp } from '../../src/server/app.js';
import { freshSqlite, type TestStore } from '../helpers/stores.js';
import { CLI, TOKENS } from '../server/harness.js';

let ts: TestStore;
let engine: Engine;
let app: FastifyInstance;
const ids: string[] = [];
const auth = { authorization: `Bearer ${TOKENS.admin}` };
const BAD_TIMES = [Date.now() + 100_000_000 * 86_400_000, 99999999999999999999];

beforeAll(async () => {
  ts = await freshSqlite();
  engine = new Engine({ store: ts.store });
  app = await buildApp({ engine, tokens: [{ name: 'root', token: TOKENS.admin, scopes: ['admin'] }], followFeed: false });
  await app.ready();
  for (const _ of BAD_TIMES) ids.push((await engine.enqueue('old', null, { queue: 'old-times', delay: '1h' })).id);
  await engine.flush();
  const db = new Database(ts.url.slice('sqlite:'.length));
  BAD_TIMES.forEach((t, i) => db.prepare('UPDATE tasks SET run_at = ? WHERE id = ?').run(t, ids[i]));
  db.close();
});
afterAll(async () => {
  await app?.close();
  await engine?.flush();
  await ts?.cleanup();
});

it('GET /v1/tasks/ID reads each, with runAt null (no date can show it)', async () => {
  for (const id of ids) {
    const r = await app.inject({ method: 'GET', url: `/v1/tasks/${id}`, headers: auth });
    expect(r.statusCode).toBe(200);
    expect(r.json().task).toMatchObject({ id, state: 'scheduled', runAt: null });
  }
});

it('listing the queue shows them', async () => {
  const r = await app.inject({ method: 'GET', url: '/v1/tasks?queue=old-times', headers: auth });
  expect(r.statusCode).toBe(200);
  expect(r.json().tasks.map((t: { id: string }) => t.id).sort()).toEqual([...ids].sort());
});

it('`taskframe status ID` and `ls` show them', async () => {
  for (const id of ids) {
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, '--db', ts.url, 'status', id], { encoding: 'utf8' });
    expect(stdout).toMatch(new RegExp(`^task ${id} +old +\\[scheduled\\]`));
    expect(stdout).toContain('runs at a time no date can show (stored by an older version)');
    const json = await promisify(execFile)(process.execPath, [CLI, '--db', ts.url, 'status', id, '--json'], { encoding: 'utf8' });
    expect(JSON.parse(json.stdout)).toMatchObject({ id, runAt: null });
  }
  const ls = await promisify(execFile)(process.execPath, [CLI, '--db', ts.url, 'ls', '--queue', 'old-times'], { encoding: 'utf8' });
  for (const id of ids) expect(ls.stdout).toContain(id);
});

it('they can be cancelled', async () => {
  for (const id of ids) {
    const r = await app.inject({ method: 'POST', url: `/v1/tasks/${id}/cancel`, headers: { ...auth, 'content-type': 'application/json' }, payload: {} });
    expect(r.statusCode).toBe(200);
    expect(r.json().task).toMatchObject({ id, state: 'cancelled' });
  }
});
