/**
 * One shape for a task, an event and a run: the CLI's --json prints exactly what the HTTP API
 * answers for the same record, every time in it is an ISO 8601 string (runs included, which the
 * CLI used to print in epoch milliseconds), and each reply matches its schema with no field more
 * or less.
 */
import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { EventJsonSchema, LogLineJsonSchema, RunJsonSchema, TaskJsonSchema } from '../../src/model/json-schema.js';
import { buildApp } from '../../src/server/app.js';
import '../../src/server/validation.js'; // registers the date-time format with TypeBox
import { runCli } from '../helpers/processes.js';
import { freshSqlite, type TestStore } from '../helpers/stores.js';
import { TOKENS } from '../server/harness.js';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

let ts: TestStore;
let engine: Engine;
let app: FastifyInstance;
let taskId: string;
let runId: string;

beforeAll(async () => {
  ts = await freshSqlite();
  engine = new Engine({ store: ts.store });
  app = await buildApp({ engine, tokens: [{ name: 'root', token: TOKENS.admin, scopes: ['admin'] }], followFeed: false });
  await app.ready();
  // A task with a history: claimed, failed once (a retry scheduled, with its time in the detail), some output.
  const t = await engine.enqueue('shape', { n: 1 }, { maxAttempts: 3, tags: ['json'] });
  const [c] = await engine.claim({ queues: ['default'], workerId: 'w1', limit: 1, leaseMs: 60_000 });
  await engine.logs.append([{ taskId: t.id, attempt: 1, at: engine.clock.now(), stream: 'stdout', text: 'hello' }]);
  await engine.fail({ task: c!, error: new Error('boom') });
  taskId = t.id;
  // A run that has ended, with outputs.
  runId = 'run-shapes-1';
  await engine.runs.submit({ id: runId, name: 'shapes', spec: { tasks: 1 }, inputs: { a: 1 }, trigger: 'test' }, [{ spec: { name: 'step', runId } }]);
  await engine.runs.finish(runId, { state: 'succeeded', outputs: { total: 3 } });
  await engine.flush();
});
afterAll(async () => {
  await app.close();
  await engine.flush();
  await ts.cleanup();
});

async function api(url: string): Promise<any> {
  const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${TOKENS.admin}` } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function cli(...args: string[]): Promise<any> {
  const r = await runCli(['--db', ts.url, ...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

/** The schema with no extra field allowed: the reply has exactly the documented fields. */
function exactly(schema: TSchema) {
  const check = TypeCompiler.Compile({ ...schema, additionalProperties: false } as TSchema);
  return (value: unknown) => [...check.Errors(value)].map((e) => `${e.path}: ${e.message}`);
}

describe('the CLI and the API print the same JSON', () => {
  it('a task: status --json is GET /v1/tasks/:id, with ISO times', async () => {
    const fromApi = (await api(`/v1/tasks/${taskId}`)).task;
    expect(await cli('status', taskId)).toEqual(fromApi);
    expect(exactly(TaskJsonSchema)(fromApi)).toEqual([]);
    expect(fromApi).toMatchObject({ id: taskId, state: 'retrying', attempt: 1, tags: ['json'], error: { message: 'boom' } });
    for (const k of ['runAt', 'createdAt', 'updatedAt', 'startedAt']) expect(fromApi[k], k).toMatch(ISO);
  });

  it('a page of tasks: ls --json is GET /v1/tasks, nextCursor included (and the two take each other\'s cursors)', async () => {
    const fromApi = await api('/v1/tasks?limit=1');
    expect(await cli('ls', '--limit', '1')).toEqual(fromApi);
    expect(fromApi.nextCursor).toEqual(expect.any(String));
    expect(await cli('ls', '--limit', '1', '--cursor', fromApi.nextCursor)).toEqual(await api(`/v1/tasks?limit=1&cursor=${fromApi.nextCursor}`));
  });

  it('events: audit --json is GET /v1/tasks/:id/events, and times in details are ISO too', async () => {
    const fromApi = (await api(`/v1/tasks/${taskId}/events`)).events;
    expect(await cli('audit', taskId)).toEqual(fromApi);
    for (const e of fromApi) expect(exactly(EventJsonSchema)(e)).toEqual([]);
    expect(fromApi.map((e: { type: string }) => e.type)).toEqual(['created', 'claimed', 'retry_scheduled']);
    expect(fromApi[2].detail.retryAt).toMatch(ISO);
    expect(fromApi[2].at).toMatch(ISO);
  });

  it('a run: runs RUN --json and status RUN --json are GET /v1/runs/:id, with ISO times', async () => {
    const fromApi = await api(`/v1/runs/${runId}`);
    expect(exactly(RunJsonSchema)(fromApi.run)).toEqual([]);
    expect(fromApi.run).toMatchObject({ id: runId, state: 'succeeded', outputs: { total: 3 }, inputs: { a: 1 } });
    for (const k of ['createdAt', 'updatedAt', 'finishedAt']) expect(fromApi.run[k], k).toMatch(ISO);
    const shown = await cli('runs', runId);
    expect(shown).toEqual({ run: fromApi.run, tasks: fromApi.tasks });
    expect(await cli('status', runId)).toEqual(shown);
    // The list: the same page object.
    expect(await cli('runs')).toEqual(await api('/v1/runs'));
  });

  it('a log line: GET /v1/tasks/:id/logs lines match their schema; logs --json adds the task id', async () => {
    const [line] = (await api(`/v1/tasks/${taskId}/logs`)).logs;
    expect(exactly(LogLineJsonSchema)(line)).toEqual([]);
    const r = await runCli(['--db', ts.url, 'logs', taskId, '--json']);
    expect(JSON.parse(r.stdout.trim())).toEqual({ ...line, taskId });
  });
});
