/**
 * Remote workers over HTTP against a real server process: a Python worker (clients/python) and
 * a TypeScript worker (src/client) share 5,000 tasks and no task runs twice; a remote worker
 * killed mid-task loses its lease and the task runs again elsewhere.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RemoteWorker } from '../../src/client/remote-worker.js';
import { TaskframeClient } from '../../src/client/client.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { tempDir } from '../helpers/stores.js';
import { ROOT, TOKENS, startServer, type ServerProcess } from './harness.js';

const PY_WORKER = path.join(ROOT, 'test', 'server', 'fixtures', 'py_worker.py');
let server: ServerProcess;
let store: Store;
let dir: string;
const children: ChildProcess[] = [];

function startPython(queue: string, record: string, leaseMs = 30_000): Promise<ChildProcess> {
  const p = spawn('python3', [PY_WORKER, server.url, queue, record, String(leaseMs)], { env: { ...process.env, TASKFRAME_TOKEN: TOKENS.worker }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(p);
  let err = '';
  p.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    p.stdout!.once('data', () => resolve(p));
    p.once('exit', (code) => reject(new Error(`python worker exited ${code}: ${err}`)));
  });
}

function waitFor<T>(fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = async () => {
      const v = await fn();
      if (v !== undefined && v !== false) return resolve(v as T);
      if (Date.now() > deadline) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 50);
    };
    void tick();
  });
}

beforeAll(async () => {
  dir = tempDir();
  const db = `sqlite:${dir}/remote.db`;
  server = await startServer(db, { TASKFRAME_LOG_LEVEL: 'warn' });
  store = await openStore(db);
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await server.stop();
  await store.close();
});

describe('remote workers', () => {
  test('a Python and a TypeScript worker share 5,000 tasks with no double run', async () => {
    const producer = new TaskframeClient({ url: server.url, token: TOKENS.producer });
    const N = 5000;
    for (let i = 0; i < N; i += 1000) {
      await producer.enqueueMany(Array.from({ length: 1000 }, (_, j) => ({ name: 'count', queue: 'shared', payload: { n: i + j } })));
    }
    const record = path.join(dir, 'py-shared.txt');
    const py = await startPython('shared', record);
    const tsRuns = new Map<string, number>();
    const ts = new RemoteWorker({
      url: server.url,
      token: TOKENS.worker,
      queues: ['shared'],
      concurrency: 50,
      batchSize: 50,
      waitMs: 1000,
      workerId: 'ts-worker',
      handlers: {
        count: async (payload: { n: number }, ctx) => {
          tsRuns.set(ctx.task.id, (tsRuns.get(ctx.task.id) ?? 0) + 1);
          return { by: 'typescript', n: payload.n };
        },
      },
    }).start();
    await waitFor(async () => {
      const q = (await producer.queues()).find((x) => x.queue === 'shared');
      return q && (q.counts.succeeded ?? 0) === N ? true : undefined;
    }, 120_000, 'all 5000 tasks to succeed');
    await ts.stop();
    py.kill('SIGTERM');
    await new Promise((r) => py.once('exit', r));

    const pyIds = fs.readFileSync(record, 'utf8').trim().split('\n').map((l) => l.split(' ')[0]!);
    const pyRuns = new Map<string, number>();
    for (const id of pyIds) pyRuns.set(id, (pyRuns.get(id) ?? 0) + 1);
    // Both did real work, and every task ran exactly once across the two.
    expect(pyRuns.size).toBeGreaterThan(0);
    expect(tsRuns.size).toBeGreaterThan(0);
    expect(pyRuns.size + tsRuns.size).toBe(N);
    expect([...pyRuns.values()].every((n) => n === 1)).toBe(true);
    expect([...tsRuns.values()].every((n) => n === 1)).toBe(true);
    expect([...pyRuns.keys()].some((id) => tsRuns.has(id))).toBe(false);
    // The store agrees: one claim per task, and each result names the worker that ran it.
    const claims = new Map<string, number>();
    let after: string | undefined;
    for (;;) {
      const page = await store.eventFeed({ after, limit: 10_000 });
      if (page.length === 0) break;
      for (const e of page) if (e.type === 'claimed') claims.set(e.taskId, (claims.get(e.taskId) ?? 0) + 1);
      after = page[page.length - 1]!.position;
    }
    expect(claims.size).toBe(N);
    expect([...claims.values()].every((n) => n === 1)).toBe(true);
    const sample = await store.taskList({ queue: 'shared', limit: 10_000 });
    for (const t of sample) {
      const by = (t.result as { by: string }).by;
      expect(by === 'python' ? pyRuns.has(t.id) : tsRuns.has(t.id)).toBe(true);
      expect(t.attempt).toBe(1);
    }
  });

  test('a remote worker killed mid-task loses its lease and the task runs again', async () => {
    const producer = new TaskframeClient({ url: server.url, token: TOKENS.producer });
    const { task } = await producer.enqueue({ name: 'hang', queue: 'kill', maxAttempts: 3 });
    const record = path.join(dir, 'py-kill.txt');
    const py = await startPython('kill', record, 1500);
    await waitFor(() => (fs.existsSync(record) && fs.readFileSync(record, 'utf8').includes(`started ${task.id}`) ? true : undefined), 20_000, 'python to start the task');
    expect((await producer.get(task.id)).state).toBe('running');
    py.kill('SIGKILL');
    await new Promise((r) => py.once('exit', r));

    const rescuer = new RemoteWorker({
      url: server.url,
      token: TOKENS.worker,
      queues: ['kill'],
      waitMs: 1000,
      workerId: 'ts-rescuer',
      handlers: { hang: async () => 'rescued' },
    }).start();
    const done = await producer.waitFor(task.id, { timeoutMs: 30_000 });
    await rescuer.stop();
    expect(done).toMatchObject({ state: 'succeeded', result: 'rescued', attempt: 2, workerId: 'ts-rescuer' });
    const types = (await producer.events(task.id)).map((e) => e.type);
    expect(types).toEqual(['created', 'claimed', 'lease_expired', 'claimed', 'succeeded']);
    // The expiry shows in the metrics (fed by the store's event feed).
    const metrics = async () => (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKENS.worker}` } })).text();
    await waitFor(async () => (/taskframe_lease_expirations_total\{[^}]*\} [1-9]/.test(await metrics()) ? true : undefined), 10_000, 'lease expiry in metrics');
  });

  test('a Python worker writes logs a producer can read', async () => {
    const producer = new TaskframeClient({ url: server.url, token: TOKENS.producer });
    const { task } = await producer.enqueue({ name: 'logs', queue: 'pylogs' });
    const py = await startPython('pylogs', path.join(dir, 'py-logs.txt'));
    const done = await producer.waitFor(task.id, { timeoutMs: 20_000 });
    py.kill('SIGTERM');
    expect(done.result).toBe('logged');
    expect((await producer.logs(task.id)).map((l) => [l.stream, l.text])).toEqual([
      ['stdout', 'hello from python'],
      ['stderr', 'bye'],
    ]);
  });

  test('the Python client enqueues, reads, waits for results and reports API errors', async () => {
    const worker = new RemoteWorker({ url: server.url, token: TOKENS.worker, queues: ['py-prod'], waitMs: 500, handlers: { 'py.square': (p: { x: number }) => p.x * p.x } }).start();
    const r = await new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const p = spawn('python3', [path.join(ROOT, 'test', 'server', 'fixtures', 'py_producer.py'), server.url], { env: { ...process.env, TASKFRAME_TOKEN: TOKENS.producer } });
      let out = '';
      let err = '';
      p.stdout.on('data', (d: Buffer) => (out += d.toString()));
      p.stderr.on('data', (d: Buffer) => (err += d.toString()));
      p.on('exit', (code) => resolve({ code, out, err }));
    });
    await worker.stop();
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      created: true,
      got: expect.stringMatching(/^(pending|running|succeeded)$/),
      state: 'succeeded',
      result: 49,
      many: [0, 1, 4],
      events: ['created', 'claimed', 'succeeded'],
      validation: { status: 400, code: 'VALIDATION', field: 'priority' },
      missing: { status: 404, code: 'NOT_FOUND' },
      unauthorized: { status: 401, code: 'UNAUTHORIZED' },
    });
  });
});

describe('TypeScript remote worker shutdown', () => {
  test('stop() gives back a task whose handler outlives the grace period; it is not charged an attempt', async () => {
    const producer = new TaskframeClient({ url: server.url, token: TOKENS.producer });
    const { task } = await producer.enqueue({ name: 'slow', queue: 'ts-stop' });
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    let aborted = false;
    const w = new RemoteWorker({
      url: server.url,
      token: TOKENS.worker,
      queues: ['ts-stop'],
      waitMs: 500,
      handlers: {
        slow: (_p: unknown, ctx) =>
          new Promise((resolve) => {
            started();
            ctx.signal.addEventListener('abort', () => ((aborted = true), resolve('too late')));
          }),
      },
    }).start();
    await running;
    await w.stop(200);
    expect(aborted).toBe(true);
    const t = await producer.get(task.id);
    expect(t).toMatchObject({ state: 'pending', result: null, attempt: 0 });
    expect((await producer.events(task.id)).map((e) => e.type)).toEqual(['created', 'claimed', 'unclaimed']);
  });
});
