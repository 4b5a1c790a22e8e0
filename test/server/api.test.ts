/**
 * The HTTP API against a real `taskframe server` process on a real store (SQLite, and
 * PostgreSQL when reachable): producing,
 * reading, paging, cancel/retry, audit, logs (JSON and SSE follow), queues, runs with their graph,
 * and every remote-worker endpoint including lease fencing and the long poll.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { pgHostPort, serviceAvailable } from '../helpers/services.js';
import { freshPgSchema, tempDir } from '../helpers/stores.js';
import { CLI, TOKEN_ENV, TOKENS, api, startServer, type ServerProcess } from './harness.js';

/** Resolves once the server lists this remote worker, which its claim does first; a poll with a deadline. */
async function workerListed(url: string, workerId: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await api(url, TOKENS.producer, 'GET', '/v1/workers')).body.workers.some((w: { workerId: string }) => w.workerId === workerId)) {
    if (Date.now() > deadline) throw new Error(`the server did not list worker ${workerId} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function apiSuite(driver: 'sqlite' | 'postgres'): void {
  describe(`HTTP API on ${driver}`, () => {
    let server: ServerProcess;
    let store: Store;
    let dbUrl: string;
    const A = TOKENS.admin;
    const P = TOKENS.producer;
    const W = TOKENS.worker;

    let dropSchema: (() => Promise<void>) | null = null;
    beforeAll(async () => {
      if (driver === 'postgres') {
        const pg = await freshPgSchema();
        dbUrl = pg.url;
        dropSchema = pg.drop;
      } else dbUrl = `sqlite:${tempDir()}/api.db`;
      server = await startServer(dbUrl);
      store = await openStore(dbUrl);
    });
    afterAll(async () => {
      expect(await server.stop()).toBe(0);
      await store.close();
      await dropSchema?.();
    });

    const call = (token: string, method: string, p: string, body?: unknown, headers?: Record<string, string>) => api(server.url, token, method, p, body, headers);

    describe('tasks', () => {
      test('enqueue, get, dedupe by key, events', async () => {
        const r = await call(P, 'POST', '/v1/tasks', { name: 'email.send', queue: 'api-q1', payload: { to: 'a@example.com' }, priority: 5, key: 'k1', tags: ['t1'] });
        expect(r.status).toBe(201);
        expect(r.body.created).toBe(true);
        expect(r.body.task).toMatchObject({ name: 'email.send', queue: 'api-q1', state: 'pending', priority: 5, payload: { to: 'a@example.com' }, tags: ['t1'] });
        const again = await call(P, 'POST', '/v1/tasks', { name: 'email.send', queue: 'api-q1', key: 'k1' });
        expect(again.status).toBe(200);
        expect(again.body).toMatchObject({ created: false, task: { id: r.body.task.id } });
        const got = await call(P, 'GET', `/v1/tasks/${r.body.task.id}`);
        expect(got.body.task.id).toBe(r.body.task.id);
        const ev = await call(P, 'GET', `/v1/tasks/${r.body.task.id}/events`);
        // The enqueue turned back by the key is in the task's audit.
        expect(ev.body.events.map((e: { type: string; detail: unknown }) => [e.type, e.detail])).toEqual([
          ['created', { state: 'pending' }],
          ['deduplicated', { by: 'key', key: 'k1' }],
        ]);
      });

      test('runAt as ISO time and delay', async () => {
        const at = new Date(Date.now() + 3_600_000).toISOString();
        const r = await call(P, 'POST', '/v1/tasks', { name: 'later', queue: 'api-later', runAt: at });
        expect(r.status).toBe(201);
        expect(r.body.task.state).toBe('scheduled');
        expect(r.body.task.runAt).toBe(at);
      });

      test('batch enqueue with after: a chain in one request, each task blocked on the one before', async () => {
        const r = await call(P, 'POST', '/v1/tasks/batch', { tasks: [{ name: 'fetch', queue: 'api-chain' }, { name: 'resize', queue: 'api-chain', after: [0] }, { name: 'publish', queue: 'api-chain', after: [0, 1] }] });
        expect(r.status).toBe(201);
        const [a, b, c] = r.body.tasks as Array<{ id: string; state: string }>;
        expect([a!.state, b!.state, c!.state]).toEqual(['pending', 'blocked', 'blocked']);
        const rel = await call(P, 'GET', `/v1/tasks/${c!.id}/relations`);
        expect(rel.body.dependencies.map((t: { id: string }) => t.id).sort()).toEqual([a!.id, b!.id].sort());
      });

      test('batch enqueue is all or none; list filters and cursor pagination', async () => {
        const r = await call(P, 'POST', '/v1/tasks/batch', { tasks: Array.from({ length: 25 }, (_, i) => ({ name: i % 2 ? 'odd' : 'even', queue: 'api-page', payload: { i } })) });
        expect(r.status).toBe(201);
        expect(r.body.tasks).toHaveLength(25);
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const q: string = `/v1/tasks?queue=api-page&limit=10${cursor ? `&cursor=${cursor}` : ''}`;
          const page = await call(P, 'GET', q);
          expect(page.status).toBe(200);
          seen.push(...page.body.tasks.map((t: { id: string }) => t.id));
          cursor = page.body.nextCursor;
          pages++;
        } while (cursor);
        expect(pages).toBe(3);
        expect(new Set(seen).size).toBe(25);
        expect(seen).toEqual([...seen].sort((a, b) => Number(b) - Number(a)));
        const odd = await call(P, 'GET', '/v1/tasks?queue=api-page&name=odd&state=pending,running&limit=1000');
        expect(odd.body.tasks).toHaveLength(12);
        expect(odd.body.nextCursor).toBeNull();
      });

      test('cancel and retry (admin), conflicts are 409', async () => {
        const t = (await call(P, 'POST', '/v1/tasks', { name: 'x', queue: 'api-cancel' })).body.task;
        const c = await call(A, 'POST', `/v1/tasks/${t.id}/cancel`, { reason: 'not needed' });
        expect(c.status).toBe(200);
        expect(c.body.task.state).toBe('cancelled');
        const again = await call(A, 'POST', `/v1/tasks/${t.id}/cancel`, {});
        expect(again.status).toBe(409);
        expect(again.body.error.code).toBe('CONFLICT');
        const r = await call(A, 'POST', `/v1/tasks/${t.id}/retry`);
        expect(r.status).toBe(200);
        expect(r.body.task.state).toBe('pending');
        expect((await call(A, 'POST', `/v1/tasks/${t.id}/retry`)).status).toBe(409);
      });
    });

    describe('remote worker endpoints', () => {
      test('claim, heartbeat, logs, succeed; a stale lease token is refused and changes nothing', async () => {
        const t = (await call(P, 'POST', '/v1/tasks', { name: 'job', queue: 'api-w1', payload: { n: 1 } })).body.task;
        const claim = await call(W, 'POST', '/v1/worker/claim', { workerId: 'w-a', queues: ['api-w1'], limit: 10, leaseMs: 60_000 });
        expect(claim.status).toBe(200);
        expect(claim.body.tasks).toHaveLength(1);
        const c = claim.body.tasks[0];
        expect(c).toMatchObject({ id: t.id, state: 'running', attempt: 1, workerId: 'w-a', payload: { n: 1 } });
        expect(typeof c.leaseToken).toBe('number');
        const hb = await call(W, 'POST', '/v1/worker/heartbeat', { workerId: 'w-a', leaseMs: 60_000, tasks: [{ id: c.id, leaseToken: c.leaseToken, progress: { pct: 50 } }, { id: c.id, leaseToken: c.leaseToken + 99 }] });
        expect(hb.body.results[0]).toMatchObject({ id: c.id, ok: true, state: 'running' });
        expect(hb.body.results[1]).toMatchObject({ id: c.id, ok: false, error: { code: 'LEASE_LOST' } });
        expect((await call(W, 'POST', `/v1/worker/tasks/${c.id}/logs`, { leaseToken: c.leaseToken, lines: [{ text: 'hello' }, { stream: 'stderr', text: 'careful' }] })).status).toBe(204);
        const stale = await call(W, 'POST', `/v1/worker/tasks/${c.id}/succeed`, { leaseToken: c.leaseToken + 1, result: 'bogus' });
        expect(stale.status).toBe(409);
        expect(stale.body.error.code).toBe('LEASE_LOST');
        expect((await call(P, 'GET', `/v1/tasks/${c.id}`)).body.task).toMatchObject({ state: 'running', result: null, progress: { pct: 50 } });
        const ok = await call(W, 'POST', `/v1/worker/tasks/${c.id}/succeed`, { leaseToken: c.leaseToken, result: { sum: 3 } });
        expect(ok.status).toBe(200);
        expect(ok.body.task).toMatchObject({ state: 'succeeded', result: { sum: 3 } });
        const logs = await call(P, 'GET', `/v1/tasks/${c.id}/logs`);
        expect(logs.body.logs.map((l: { stream: string; text: string }) => [l.stream, l.text])).toEqual([
          ['stdout', 'hello'],
          ['stderr', 'careful'],
        ]);
      });

      test('fail retries with backoff, retryable:false fails for good, unclaim gives back without an attempt', async () => {
        const [t1, t2, t3] = (await call(P, 'POST', '/v1/tasks/batch', { tasks: [{ name: 'f', queue: 'api-w2', maxAttempts: 3, priority: 3 }, { name: 'g', queue: 'api-w2', priority: 2 }, { name: 'u', queue: 'api-w2', priority: 1 }] })).body.tasks;
        const claimed = (await call(W, 'POST', '/v1/worker/claim', { workerId: 'w-b', queues: ['api-w2'], limit: 3 })).body.tasks;
        const by = Object.fromEntries(claimed.map((c: { id: string }) => [c.id, c]));
        const f1 = await call(W, 'POST', `/v1/worker/tasks/${t1.id}/fail`, { leaseToken: by[t1.id].leaseToken, error: { message: 'flaky', kind: 'IOError' } });
        expect(f1.status).toBe(200);
        expect(f1.body.task.state).toBe('retrying');
        expect(f1.body.task.error).toMatchObject({ message: 'flaky', kind: 'IOError' });
        const rep = await call(W, 'POST', '/v1/worker/report', { workerId: 'w-b', outcomes: [{ id: t2.id, leaseToken: by[t2.id].leaseToken, error: { message: 'bad input', retryable: false } }] });
        expect(rep.body.results[0]).toMatchObject({ id: t2.id, ok: true, state: 'failed' });
        const u = await call(W, 'POST', `/v1/worker/tasks/${t3.id}/unclaim`, { leaseToken: by[t3.id].leaseToken });
        expect(u.body.task).toMatchObject({ state: 'pending' });
        const again = (await call(W, 'POST', '/v1/worker/claim', { workerId: 'w-b', queues: ['api-w2'], limit: 3 })).body.tasks;
        expect(again.map((c: { id: string }) => c.id)).toEqual([t3.id]);
        expect(again[0].attempt).toBe(1);
      });

      test('long poll returns as soon as a task is enqueued', async () => {
        const started = Date.now();
        const pending = call(W, 'POST', '/v1/worker/claim', { workerId: 'w-c', queues: ['api-lp'], limit: 5, waitMs: 20_000 });
        // The claim is in the server's hands once it lists the worker (the claim registers it first).
        await workerListed(server.url, 'w-c');
        const t = (await call(P, 'POST', '/v1/tasks', { name: 'wake', queue: 'api-lp' })).body.task;
        const r = await pending;
        expect(r.body.tasks.map((c: { id: string }) => c.id)).toEqual([t.id]);
        expect(Date.now() - started).toBeLessThan(10_000);
        const empty = await call(W, 'POST', '/v1/worker/claim', { workerId: 'w-c', queues: ['api-lp'], limit: 5, waitMs: 300 });
        expect(empty.body.tasks).toEqual([]);
      });

      test('logs follow over SSE until the task finishes', async () => {
        const t = (await call(P, 'POST', '/v1/tasks', { name: 'tail', queue: 'api-sse' })).body.task;
        const c = (await call(W, 'POST', '/v1/worker/claim', { workerId: 'w-d', queues: ['api-sse'], limit: 1 })).body.tasks[0];
        const res = await fetch(`${server.url}/v1/tasks/${t.id}/logs?follow=true`, { headers: { authorization: `Bearer ${P}` } });
        expect(res.headers.get('content-type')).toContain('text/event-stream');
        const reader = res.body!.getReader();
        let text = '';
        const readUntil = async (s: string) => {
          while (!text.includes(s)) {
            const { value, done } = await reader.read();
            if (done) break;
            text += Buffer.from(value).toString();
          }
        };
        await call(W, 'POST', `/v1/worker/tasks/${c.id}/logs`, { leaseToken: c.leaseToken, lines: [{ text: 'line one' }] });
        await readUntil('line one');
        await call(W, 'POST', `/v1/worker/tasks/${c.id}/logs`, { leaseToken: c.leaseToken, lines: [{ text: 'line two' }] });
        await call(W, 'POST', `/v1/worker/tasks/${c.id}/succeed`, { leaseToken: c.leaseToken, result: 1 });
        await readUntil('event: end');
        expect(text).toMatch(/event: log\ndata: .*line one[\s\S]*event: log\ndata: .*line two[\s\S]*event: end\ndata: {"state":"succeeded"}/);
      });
    });

    describe('queues and runs', () => {
      test('counts by state; pause stops claims, resume restarts them', async () => {
        await call(P, 'POST', '/v1/tasks/batch', { tasks: [{ name: 'a', queue: 'api-pause' }, { name: 'b', queue: 'api-pause' }] });
        const qs = (await call(P, 'GET', '/v1/queues')).body.queues;
        expect(qs.find((q: { queue: string }) => q.queue === 'api-pause')).toMatchObject({ queue: 'api-pause', paused: false, counts: { pending: 2 }, backlog: 2 });
        expect((await call(P, 'POST', '/v1/queues/api-pause/pause')).status).toBe(403);
        expect((await call(A, 'POST', '/v1/queues/api-pause/pause')).body).toEqual({ queue: 'api-pause', paused: true });
        expect((await call(W, 'POST', '/v1/worker/claim', { workerId: 'w-e', queues: ['api-pause'], limit: 5 })).body.tasks).toEqual([]);
        expect((await call(P, 'GET', '/v1/queues')).body.queues.find((q: { queue: string }) => q.queue === 'api-pause').paused).toBe(true);
        await call(A, 'POST', '/v1/queues/api-pause/resume');
        expect((await call(W, 'POST', '/v1/worker/claim', { workerId: 'w-e', queues: ['api-pause'], limit: 5 })).body.tasks).toHaveLength(2);
      });

      test('a run with its tasks, states and dependency edges', async () => {
        await store.runInsert({ run: { id: 'run-api-1', name: 'etl', state: 'running', spec: { tasks: 3 }, inputs: null, outputs: null, error: null, trigger: 'api', createdAt: Date.now() } });
        const extract = (await call(P, 'POST', '/v1/tasks', { name: 'extract', queue: 'api-run', runId: 'run-api-1' })).body.task;
        const transform = (await call(P, 'POST', '/v1/tasks', { name: 'transform', queue: 'api-run', runId: 'run-api-1', dependsOn: [extract.id] })).body.task;
        const load = (await call(P, 'POST', '/v1/tasks', { name: 'load', queue: 'api-run', runId: 'run-api-1', dependsOn: [transform.id] })).body.task;
        const r = await call(P, 'GET', '/v1/runs/run-api-1');
        expect(r.status).toBe(200);
        expect(r.body.run).toMatchObject({ id: 'run-api-1', name: 'etl', state: 'running' });
        expect(r.body.tasks.map((t: { name: string; state: string }) => [t.name, t.state])).toEqual([
          ['extract', 'pending'],
          ['transform', 'blocked'],
          ['load', 'blocked'],
        ]);
        expect(r.body.edges).toEqual(expect.arrayContaining([{ from: extract.id, to: transform.id }, { from: transform.id, to: load.id }]));
        expect(r.body.edges).toHaveLength(2);
        expect(r.body.counts).toEqual({ pending: 1, blocked: 2 });
        const list = await call(P, 'GET', '/v1/runs?state=running');
        expect(list.body.runs.map((x: { id: string }) => x.id)).toContain('run-api-1');
        expect((await call(P, 'GET', '/v1/runs/nope')).status).toBe(404);
      });
    });

    describe('workflow runs over HTTP', () => {
      const YAML = [
        'name: api-seq',
        'sequential: true',
        'inputs:',
        '  greeting: hello',
        'tasks:',
        '  fetch:',
        `    command: echo '"\${{ inputs.greeting }}"'`,
        '  transform:',
        `    command: echo '"\${{ needs.fetch.output }} world"'`,
        '  publish:',
        '    command: echo done',
      ].join('\n');

      test('submit (admin, because it runs commands), read its graph, cancel it', async () => {
        const r = await call(A, 'POST', '/v1/runs', { workflow: YAML, inputs: { greeting: 'hi' }, file: 'seq.yaml' });
        expect(r.status).toBe(201);
        expect(r.body.run).toMatchObject({ name: 'api-seq', state: 'running', inputs: { greeting: 'hi' }, trigger: 'api: root' });
        const g = await call(P, 'GET', `/v1/runs/${r.body.run.id}`);
        // The three command tasks in sequence, plus the run's own bookkeeping tasks after them.
        const byStep = new Map(g.body.tasks.map((t: { id: string; payload: { task: string } }) => [t.payload.task, t]));
        const [fetch, transform, publish] = ['fetch', 'transform', 'publish'].map((k) => byStep.get(k) as { id: string; state: string; name: string });
        expect([fetch!.state, transform!.state, publish!.state]).toEqual(['pending', 'blocked', 'blocked']);
        expect(fetch!.name).toBe('taskframe.command');
        expect(g.body.edges).toEqual(expect.arrayContaining([{ from: fetch!.id, to: transform!.id }, { from: transform!.id, to: publish!.id }]));
        expect(g.body.counts.pending).toBe(1);
        const c = await call(A, 'POST', `/v1/runs/${r.body.run.id}/cancel`);
        expect(c.status).toBe(200);
        expect(c.body.run.state).toBe('cancelled');
        const after = await call(P, 'GET', `/v1/runs/${r.body.run.id}`);
        expect(Object.keys(after.body.counts).every((st) => ['cancelled', 'skipped'].includes(st))).toBe(true);
        expect((await call(A, 'POST', `/v1/runs/${r.body.run.id}/cancel`)).status).toBe(409);
        expect((await call(A, 'POST', '/v1/runs/no-such-run/cancel')).status).toBe(404);
      });

      test('a producer may not submit command workflows; bad workflows and inputs are 400 and write nothing', async () => {
        const before = (await call(P, 'GET', '/v1/runs?limit=1000')).body.runs.length;
        const denied = await call(P, 'POST', '/v1/runs', { workflow: YAML });
        expect(denied.status).toBe(403);
        expect(denied.body.error.message).toContain('shell commands');
        const bad = await call(A, 'POST', '/v1/runs', { workflow: 'name: x\ntasks:\n  a:\n    needs: nope\n    command: echo', file: 'bad.yaml' });
        expect(bad.status).toBe(400);
        expect(bad.body.error.field).toMatch(/^bad\.yaml:\d+:\d+/);
        const input = await call(A, 'POST', '/v1/runs', { workflow: YAML, inputs: { nope: 1 } });
        expect(input.status).toBe(400);
        expect(input.body.error.field).toBe('inputs.nope');
        expect((await call(A, 'POST', '/v1/runs', { workflow: 42 })).body.error.field).toBe('workflow');
        expect((await call(P, 'GET', '/v1/runs?limit=1000')).body.runs.length).toBe(before);
      });
    });

    describe('metrics and health', () => {
      test('/metrics reports tasks by queue and state and event counters', async () => {
        expect((await api(server.url, null, 'GET', '/healthz')).body).toEqual({ ok: true, store: driver });
        expect((await api(server.url, null, 'GET', '/metrics')).status).toBe(401);
        // Counters follow the store's event feed; wait until it has seen at least one success.
        let text = '';
        for (let i = 0; i < 100; i++) {
          text = (await call(P, 'GET', '/metrics')).text;
          if (/taskframe_tasks_succeeded_total\{[^}]*\} [1-9]/.test(text)) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        expect(text).toMatch(/taskframe_tasks\{queue="api-page",state="pending"\} 25/);
        expect(text).toMatch(/taskframe_tasks_enqueued_total\{queue="[^"]+",name="[^"]+"\} [1-9]/);
        expect(text).toMatch(/taskframe_tasks_started_total\{queue="[^"]+",name="[^"]+"\} [1-9]/);
        expect(text).toMatch(/taskframe_tasks_succeeded_total\{queue="[^"]+",name="[^"]+"\} [1-9]/);
        expect(text).toMatch(/taskframe_tasks_failed_total\{queue="[^"]+",name="[^"]+"\} [1-9]/);
        expect(text).toMatch(/taskframe_task_run_seconds_count [1-9]/);
        expect(text).toMatch(/taskframe_task_queue_wait_seconds_count [1-9]/);
        expect(text).toMatch(/# TYPE taskframe_lease_expirations_total counter/);
        expect(text).toMatch(/taskframe_workers_live [1-9]/);
      });
    });

  });
}

apiSuite('sqlite');
const pgDriverPresent = fs.existsSync(new URL('../../src/store/postgres/driver.ts', import.meta.url));
if (pgDriverPresent) {
  const { host, port } = pgHostPort();
  if (await serviceAvailable('PostgreSQL', host, port)) apiSuite('postgres');
  else describe.skip('HTTP API on postgres (PostgreSQL unreachable)', () => {});
}

describe('shutdown', () => {
  test('SIGTERM ends open log streams and long polls and exits promptly with 0', async () => {
    const s = await startServer(`sqlite:${tempDir()}/shutdown.db`);
    const t = (await api(s.url, TOKENS.producer, 'POST', '/v1/tasks', { name: 'x', queue: 'sd-a' })).body.task;
    const stream = await fetch(`${s.url}/v1/tasks/${t.id}/logs?follow=true`, { headers: { authorization: `Bearer ${TOKENS.producer}` } });
    const events = await fetch(`${s.url}/v1/events/stream`, { headers: { authorization: `Bearer ${TOKENS.producer}` } });
    const poll = api(s.url, TOKENS.worker, 'POST', '/v1/worker/claim', { workerId: 'sd', queues: ['sd-empty'], limit: 1, waitMs: 60_000 });
    await workerListed(s.url, 'sd');
    const started = Date.now();
    expect(await s.stop()).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await poll).body).toEqual({ tasks: [] });
    // Both streams were ended by the server (reading them to the end terminates).
    await stream.text();
    await events.text();
  });
});

describe('schedules', () => {
  test('a server started with --schedule fires the workflow\'s trigger and lists it', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'tick.yaml');
    fs.writeFileSync(file, ['name: tick', 'triggers:', '  - every: 1s', 'tasks:', '  step:', '    handler: tick.step', ''].join('\n'));
    const s = await startServer(`sqlite:${dir}/sched.db`, {}, ['--schedule', file]);
    try {
      let runs: Array<{ name: string; trigger: string }> = [];
      for (let i = 0; i < 100 && runs.length === 0; i++) {
        runs = (await api(s.url, TOKENS.producer, 'GET', '/v1/runs?name=tick')).body.runs;
        if (runs.length === 0) await new Promise((r) => setTimeout(r, 100));
      }
      expect(runs[0]).toMatchObject({ name: 'tick' });
      const sched = await api(s.url, TOKENS.producer, 'GET', '/v1/schedules');
      expect(sched.body.leader).toBe(true);
      expect(sched.body.schedules).toEqual([
        { workflow: 'tick', triggers: [expect.objectContaining({ kind: 'every', at: expect.stringContaining('tick.yaml') })], lastRun: expect.objectContaining({ name: 'tick' }) },
      ]);
    } finally {
      expect(await s.stop()).toBe(0);
    }
  });

  test('a bad workflow file stops the server at start with its location', () => {
    const dir = tempDir();
    const file = path.join(dir, 'bad.yaml');
    fs.writeFileSync(file, 'name: bad\ntriggers:\n  - cron: "not a cron"\ntasks:\n  a:\n    handler: x\n');
    const r = spawnSync(process.execPath, [CLI, '--db', `sqlite:${dir}/b.db`, 'server', '--port', '0', '--schedule', file], { env: { ...process.env, TASKFRAME_TOKENS: TOKEN_ENV }, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('bad.yaml:3');
  });
});
