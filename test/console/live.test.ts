/**
 * What follows the store's event feed: Prometheus counters labelled by queue and task name
 * within their cardinality bound, gauges not named like counters, per-queue throughput, and the
 * server-sent streams the console lives on (stats, one run, one task).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { buildApp } from '../../src/server/app.js';
import { LABEL_PAIRS_MAX } from '../../src/server/metrics.js';
import { freshSqlite, type TestStore } from '../helpers/stores.js';
import { TOKENS } from './harness.js';

let ts: TestStore;
let engine: Engine;
let app: FastifyInstance;
let url: string;
const auth = { authorization: `Bearer ${TOKENS.admin}` };

beforeAll(async () => {
  ts = await freshSqlite();
  engine = new Engine({ store: ts.store });
  app = await buildApp({ engine, tokens: [{ name: 'root', token: TOKENS.admin, scopes: ['admin'] }], pollMs: 20, statsIntervalMs: 50 });
  url = await app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  // This process is also the client: its fetches leave keep-alive sockets behind, which a
  // server does not close for a client it cannot see going away.
  app.server.closeAllConnections();
  await app.close();
  await engine.flush();
  await ts.cleanup();
});

const metrics = async () => (await fetch(`${url}/metrics`, { headers: auth })).text();
/** Re-reads until `check` holds (the feed is followed every 20 ms); fails with the last text after 15 s. */
async function until(check: (text: string) => boolean): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const text = await metrics();
    if (check(text)) return text;
    if (Date.now() > deadline) throw new Error(`metrics never matched; last:\n${text.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const series = (text: string, name: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`))
    .map((l) => ({ labels: l.slice(name.length, l.lastIndexOf(' ')), value: Number(l.slice(l.lastIndexOf(' ') + 1)) }));

/** Reads server-sent events until `stop` returns true for one; returns them all. */
async function readEvents(path: string, stop: (type: string, data: any) => boolean, onReady?: () => Promise<void>): Promise<Array<[string, any]>> {
  const ctrl = new AbortController();
  const res = await fetch(url + path, { headers: auth, signal: ctrl.signal });
  expect(res.status).toBe(200);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const seen: Array<[string, any]> = [];
  let buf = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return seen;
      buf += value;
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const chunk = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const type = /^event: (.*)$/m.exec(chunk)?.[1];
        const data = /^data: (.*)$/m.exec(chunk)?.[1];
        if (!type || !data) continue;
        seen.push([type, JSON.parse(data)]);
        if (type === 'ready' && onReady) await onReady();
        if (stop(type, JSON.parse(data))) return seen;
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
    ctrl.abort();
  }
}

describe('metrics', () => {
  test('counters carry queue and name; gauges are never named *_total; per-queue throughput', async () => {
    await engine.enqueue('m.job', null, { queue: 'm1' });
    const [c] = await engine.claim({ queues: ['m1'], workerId: 'w', limit: 1, leaseMs: 30_000 });
    await engine.complete({ id: c!.id, leaseToken: c!.leaseToken });
    const text = await until((t) => t.includes('taskframe_tasks_succeeded_total{queue="m1",name="m.job"} 1'));
    expect(text).toContain('taskframe_tasks_enqueued_total{queue="m1",name="m.job"} 1');
    expect(text).toContain('taskframe_tasks_started_total{queue="m1",name="m.job"} 1');
    const gaugesNamedTotal = [...text.matchAll(/^# TYPE (\S+) gauge$/gm)].map((m) => m[1]!).filter((n) => n.endsWith('_total'));
    expect(gaugesNamedTotal).toEqual([]);
    for (const n of ['handles', 'requests', 'resources']) expect(text).toMatch(new RegExp(`^taskframe_process_nodejs_active_${n}_all \\d+$`, 'm'));
    const tp = (await (await fetch(`${url}/v1/stats/throughput?byQueue=true&seconds=600`, { headers: auth })).json()) as { series: number[][]; queues: Record<string, number[][]> };
    const m1 = tp.queues.m1!;
    expect(m1.reduce((a, p) => a + p[2]!, 0)).toBe(1);
    expect(m1.reduce((a, p) => a + p[1]!, 0)).toBe(1);
    expect(tp.series.length).toBe(600);
  });

  test(`at most ${LABEL_PAIRS_MAX} (queue, name) series per counter; the rest count as name="_other"`, async () => {
    const extra = 25;
    const n = LABEL_PAIRS_MAX + extra;
    await engine.enqueueMany(Array.from({ length: n }, (_, i) => ({ name: `gen.name-${i}`, queue: 'card' })));
    const text = await until((t) => series(t, 'taskframe_tasks_enqueued_total').reduce((a, s) => a + s.value, 0) >= n + 1);
    const enq = series(text, 'taskframe_tasks_enqueued_total');
    expect(enq.length).toBe(LABEL_PAIRS_MAX + 1);
    expect(enq.reduce((a, s) => a + s.value, 0)).toBe(n + 1);
    // m1/m.job took one pair before: 999 of these got their own, the rest are _other.
    expect(enq.find((s) => s.labels === '{queue="card",name="_other"}')?.value).toBe(extra + 1);
  });
});

describe('live streams', () => {
  test('stats: queues with backlog, throughput per queue and workers, every interval', async () => {
    await engine.enqueueMany([{ name: 's.a', queue: 'live-q' }, { name: 's.a', queue: 'live-q' }]);
    const seen = await readEvents('/v1/stats/stream', (type) => type === 'stats');
    expect(seen[0]![0]).toBe('ready');
    const stats = seen.find(([t]) => t === 'stats')![1];
    expect(stats.queues.find((q: { queue: string }) => q.queue === 'live-q')).toMatchObject({ backlog: 2, counts: { pending: 2 } });
    expect(stats.throughput.series.length).toBe(300);
    expect(Array.isArray(stats.workers)).toBe(true);
  });

  test("a run's stream sends each changed step as a timeline entry, and the run when it ends", async () => {
    await ts.store.runInsert({ run: { id: 'r-live', name: 'live', state: 'running', spec: {}, inputs: null, outputs: null, error: null, trigger: null, createdAt: Date.now() } });
    const t = await engine.enqueue('l.step', { $taskframeWorkflow: 1, kind: 'handler', task: 'only', run: 'r-live', workflow: 'live', at: 'f:1:1', payload: null }, { queue: 'live-run', runId: 'r-live' });
    const seen = await readEvents(
      '/v1/runs/r-live/stream',
      (type, d) => type === 'run' && d.run.state === 'succeeded',
      async () => {
        const [c] = await engine.claim({ queues: ['live-run'], workerId: 'lw', limit: 1, leaseMs: 30_000 });
        await engine.complete({ id: c!.id, leaseToken: c!.leaseToken, result: 'ok' });
        await engine.runs.finish('r-live', { state: 'succeeded', outputs: { ok: true } });
        // The run's own change shows with the next event of its tasks.
        await engine.enqueue('l.after', null, { queue: 'live-run', runId: 'r-live' });
      },
    );
    const entries = seen.filter(([type]) => type === 'tasks').flatMap(([, d]) => d.timeline);
    const last = entries.filter((e: { id: string }) => e.id === t.id).at(-1);
    expect(last).toMatchObject({ step: 'only', state: 'succeeded', resultPreview: '"ok"', attempts: [{ attempt: 1, outcome: 'succeeded', workerId: 'lw' }] });
    expect(seen.at(-1)![1].run).toMatchObject({ id: 'r-live', state: 'succeeded', outputs: { ok: true } });
    const missing = await fetch(`${url}/v1/runs/nope/stream`, { headers: auth });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });

  test("a task's stream sends the task when it changes and its new audit events", async () => {
    const t = await engine.enqueue('l.task', null, { queue: 'live-task' });
    const seen = await readEvents(
      `/v1/tasks/${t.id}/stream`,
      (type, d) => type === 'events' && d.events.some((e: { type: string }) => e.type === 'succeeded'),
      async () => {
        const [c] = await engine.claim({ queues: ['live-task'], workerId: 'lw', limit: 1, leaseMs: 30_000 });
        await engine.complete({ id: c!.id, leaseToken: c!.leaseToken });
      },
    );
    const types = seen.filter(([type]) => type === 'events').flatMap(([, d]) => d.events.map((e: { type: string }) => e.type));
    expect(types).toContain('succeeded');
    const missing = await fetch(`${url}/v1/tasks/987654321/stream`, { headers: auth });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });
});
