/**
 * Flow control on /metrics: enqueues collapsed by a debounce or throttle key are counted by
 * mode, and those turned back by an idempotency or dedup key by which; each limit reports the tasks running under it and its keys at their concurrency; pauses
 * in force are counted by kind. Read as an operator's Prometheus would, on both stores.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, test } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { buildApp } from '../../src/server/app.js';
import { pgHostPort, serviceAvailable } from '../helpers/services.js';
import { freshStore, type DriverName, type TestStore } from '../helpers/stores.js';
import { TOKENS } from './harness.js';

/** The value of one series in Prometheus text, or undefined when it is absent. */
function sample(text: string, metric: string, labels: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${metric}{${labels}} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

function suite(driver: DriverName): void {
  describe(`flow metrics: ${driver}`, () => {
    let ts: TestStore | undefined;
    let app: FastifyInstance | undefined;
    afterEach(async () => {
      await app?.close();
      await ts?.cleanup();
    });

    test('collapsed enqueues by mode, running and keys at concurrency per limit, pauses by kind', async () => {
      ts = await freshStore(driver);
      const engine = new Engine({ store: ts.store });
      app = await buildApp({ engine, tokens: [{ name: 'root', token: TOKENS.admin, scopes: ['admin'] }], pollMs: 50 });
      await app.ready();
      const scrape = async () => (await app!.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKENS.admin}` } })).body;

      // Two enqueues join a debounced task, one joins a throttled one.
      for (const payload of [1, 2, 3]) await engine.enqueueOne({ name: 'index', queue: 'docs', payload, debounce: { key: 'doc-1', window: '1h' } });
      for (const payload of [1, 2]) await engine.enqueueOne({ name: 'ping', queue: 'docs', payload, throttle: { key: 'p', window: '1h' } });
      // Enqueues turned back: two by an idempotency key, one by a dedup key.
      for (const payload of [1, 2, 3]) await engine.enqueueOne({ name: 'sync', queue: 'docs', payload, key: 'acct-1' });
      for (const payload of [1, 2]) await engine.enqueueOne({ name: 'sync', queue: 'docs', payload, dedupKey: 'msg-1' });

      // A keyed concurrency of 1: tenant a has two tasks (one runs, one waits), tenant b one.
      engine.flow.declareQueues(['jobs']);
      await engine.flow.setLimit({ id: 'per-tenant', queue: 'jobs', key: 'payload.tenant', concurrency: 1 });
      await engine.flow.setLimit({ id: 'jobs-rate', queue: 'jobs', rate: '1000/1s' });
      await engine.enqueueMany(['a', 'a', 'b'].map((tenant) => ({ name: 'work', queue: 'jobs', payload: { tenant } })));
      const claimed = await engine.claim({ queues: ['jobs'], workerId: 'w1', limit: 10, leaseMs: 60_000 });
      expect(claimed.map((t) => (t.payload as { tenant: string }).tenant).sort()).toEqual(['a', 'b']);

      await engine.flow.pause({ name: 'index' });
      await engine.flow.pause({ queue: 'mail' });
      await engine.flow.pause({ schedule: 'nightly' });

      let text = await scrape();
      // The feed has caught up once the last enqueue's event is counted.
      for (let i = 0; i < 100 && sample(text, 'taskframe_enqueues_deduplicated_total', 'queue="docs",name="sync",by="dedupKey"') === undefined; i++) {
        await new Promise((r) => setTimeout(r, 50));
        text = await scrape();
      }
      expect(text).toContain('# TYPE taskframe_enqueues_collapsed_total counter');
      expect(sample(text, 'taskframe_enqueues_collapsed_total', 'queue="docs",name="index",mode="debounce"')).toBe(2);
      expect(sample(text, 'taskframe_enqueues_collapsed_total', 'queue="docs",name="ping",mode="throttle"')).toBe(1);
      expect(sample(text, 'taskframe_enqueues_deduplicated_total', 'queue="docs",name="sync",by="key"')).toBe(2);
      expect(sample(text, 'taskframe_enqueues_deduplicated_total', 'queue="docs",name="sync",by="dedupKey"')).toBe(1);

      expect(sample(text, 'taskframe_flow_running', 'limit="per-tenant"')).toBe(2);
      expect(sample(text, 'taskframe_flow_keys_at_concurrency', 'limit="per-tenant"')).toBe(2);
      // A rate-only rule counts no slots and has no concurrency to be at.
      expect(sample(text, 'taskframe_flow_running', 'limit="jobs-rate"')).toBe(0);
      expect(sample(text, 'taskframe_flow_keys_at_concurrency', 'limit="jobs-rate"')).toBeUndefined();
      for (const [kind, n] of [['queue', 1], ['name', 1], ['run', 0], ['schedule', 1]] as const) {
        expect(sample(text, 'taskframe_flow_paused', `kind="${kind}"`), kind).toBe(n);
      }

      // b's task ends: one key left at its concurrency; a removed rule leaves the scrape.
      const b = claimed.find((t) => (t.payload as { tenant: string }).tenant === 'b')!;
      await engine.complete({ id: b.id, leaseToken: b.leaseToken });
      await engine.flow.removeLimit('jobs-rate');
      await engine.flow.resume({ queue: 'mail' });
      text = await scrape();
      expect(sample(text, 'taskframe_flow_running', 'limit="per-tenant"')).toBe(1);
      expect(sample(text, 'taskframe_flow_keys_at_concurrency', 'limit="per-tenant"')).toBe(1);
      expect(sample(text, 'taskframe_flow_running', 'limit="jobs-rate"')).toBeUndefined();
      expect(sample(text, 'taskframe_flow_paused', 'kind="queue"')).toBe(0);
    });
  });
}

suite('sqlite');
const { host, port } = pgHostPort();
if (await serviceAvailable('PostgreSQL', host, port)) suite('postgres');
else describe.skip('flow metrics: postgres (PostgreSQL unreachable)', () => {});
