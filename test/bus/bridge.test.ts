/**
 * Ingress and egress over each real bus: seed-000 and taskframe task formats in, dedup of
 * redelivered messages, bad input dead-lettered with reasons while the stream keeps flowing,
 * done messages and events out in order per task.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Bus } from '../../src/bus/bus.js';
import { Ingress } from '../../src/bus/ingress.js';
import { openBus } from '../../src/bus/open.js';
import { Outbox } from '../../src/bus/outbox.js';
import { Taskframe } from '../../src/taskframe.js';
import { freshSqlite, type TestStore } from '../helpers/stores.js';
import { BUS_TARGETS, collect, dropTopics, uniqueTopic } from './helpers.js';

afterAll(() => dropTopics());

for (const target of BUS_TARGETS) {
  describe(`bridge over ${target.name}`, () => {
    let ok = false;
    const cleanups: Array<() => Promise<void>> = [];
    beforeAll(async () => {
      ok = await target.available();
    });
    afterEach(async () => {
      for (const c of cleanups.splice(0).reverse()) await c();
    });
    const setup = async (): Promise<{ bus: Bus; tf: Taskframe; ts: TestStore }> => {
      const ts = await freshSqlite();
      const tf = await Taskframe.open({ store: ts.store });
      const bus = await openBus(target.url());
      cleanups.push(async () => {
        await bus.close();
        await tf.close();
        await ts.cleanup().catch(() => undefined);
      });
      return { bus, tf, ts };
    };

    it('enqueues both formats once each, however often a message is delivered, and dead-letters bad input with reasons', async (ctx) => {
      if (!ok) return ctx.skip();
      const { bus, tf } = await setup();
      const topic = uniqueTopic('in');
      const ingress = new Ingress({ bus, engine: tf.engine, topic, acceptTypes: ['report.build', 'email.send'], maxBytes: 2048 });
      cleanups.push(() => ingress.stop());
      const dead = await collect(bus, ingress.deadTopic, { group: 'inspect' });
      const seed = { type: 'report.build', task: '2017-01-01T01', created: '2017-10-28T15:42:07.8' };
      const published: Array<[string, string]> = [
        ['s1', JSON.stringify(seed)],
        ['bad-json', '{"type": "report.build", task'],
        ['o1', JSON.stringify({ name: 'email.send', payload: { to: 'a@example.com' }, queue: 'mail', priority: 5, key: 'k1' })],
        ['unknown', JSON.stringify({ type: 'no.such.type', task: 'x' })],
        ['s1', JSON.stringify(seed)], // the same message again (a broker redelivery looks like this)
        ['big', JSON.stringify({ type: 'report.build', task: 'x'.repeat(4096) })],
        ['invalid', JSON.stringify({ name: 'email.send', priority: 'high' })],
        ['o2', JSON.stringify({ name: 'email.send', payload: 2, delay: '1h' })],
      ];
      for (const [id, body] of published) await bus.publish(topic, body, { id });
      // JetStream drops a re-publish of the same Nats-Msg-Id itself; other brokers deliver it and ingress dedupes it.
      const received = target.name === 'nats' ? 7 : 8;
      const seen = new Set<string>();
      const allSeen = new Promise<void>((resolve) => {
        const check = () => seen.size === 7 && ingress.stats.received === received && resolve();
        ingress.on('task', (_t, _c, id) => (seen.add(id), check()));
        ingress.on('dead', (_r, id) => (seen.add(id), check()));
      });
      await ingress.start();
      await allSeen;
      await dead.c.count(4);

      const tasks = await tf.engine.list({ limit: 100 });
      expect(tasks.map((t) => t.name).sort()).toEqual(['email.send', 'email.send', 'report.build']);
      const built = tasks.find((t) => t.name === 'report.build')!;
      expect(built.payload).toEqual(seed);
      const mail = tasks.find((t) => t.key === 'k1')!;
      expect(mail).toMatchObject({ queue: 'mail', priority: 5, payload: { to: 'a@example.com' } });
      expect(tasks.find((t) => t.payload === 2)!.state).toBe('scheduled');
      expect(ingress.stats).toMatchObject({ received, created: 3, duplicates: received - 7, deadLettered: 4 });

      const reasons = Object.fromEntries(dead.c.messages.map((m) => [m.id, JSON.parse(m.data.toString())]));
      expect(reasons['dead:bad-json']).toMatchObject({ reason: 'not_json', topic, messageId: 'bad-json' });
      expect(reasons['dead:unknown']).toMatchObject({ reason: 'unknown_type', error: 'unknown task type "no.such.type"' });
      expect(reasons['dead:big']).toMatchObject({ reason: 'too_large', truncated: true });
      expect(reasons['dead:big'].error).toMatch(/bytes; the limit is 2048/);
      expect(reasons['dead:invalid']).toMatchObject({ reason: 'invalid' });
      expect(reasons['dead:invalid'].error).toMatch(/priority: must be an integer/);
    });

    it('publishes a done message in seed format for every finished task, and every event in order per task', async (ctx) => {
      if (!ok) return ctx.skip();
      const { bus, tf, ts } = await setup();
      const doneTopic = uniqueTopic('done');
      const eventsTopic = uniqueTopic('events');
      const outbox = new Outbox({ bus, engine: tf.engine, doneTopic, eventsTopic, name: doneTopic }).start();
      cleanups.push(() => outbox.stop());
      const done = await collect(bus, doneTopic, { group: 'inspect' });
      const events = await collect(bus, eventsTopic, { group: 'inspect' });
      await tf.enqueue('report.build', { type: 'report.build', task: '2017-01-01T01', created: '2017-10-28T15:42:07.8' });
      for (let i = 0; i < 20; i++) await tf.enqueue('calc', { i, fail: i % 5 === 0 }, { maxAttempts: 1 });
      const worker = tf
        .worker({
          handlers: {
            'report.build': async () => 'built!',
            calc: async (p: { i: number; fail: boolean }) => {
              if (p.fail) throw new Error(`calc ${p.i} failed`);
              return { doubled: p.i * 2 };
            },
          },
          maintenance: false,
          concurrency: 4,
        })
        .start();
      cleanups.push(() => worker.stop());
      await done.c.count(21);
      const msgs = done.c.messages.map((m) => JSON.parse(m.data.toString()));
      const seed = msgs.find((m) => m.type === 'report.build');
      expect(seed).toMatchObject({ type: 'report.build', task: '2017-01-01T01', created: '2017-10-28T15:42:07.8', result: 'complete', msg: 'built!', state: 'succeeded' });
      expect(Date.parse(seed.started)).toBeLessThanOrEqual(Date.parse(seed.completed));
      const failed = msgs.filter((m) => m.result === 'error');
      expect(failed.map((m) => m.msg).sort()).toEqual(['calc 0 failed', 'calc 10 failed', 'calc 15 failed', 'calc 5 failed']);
      expect(msgs.filter((m) => m.result === 'complete' && m.type === 'calc')).toHaveLength(16);
      expect(new Set(done.c.messages.map((m) => m.id)).size).toBe(21);

      // Every event of every task, in order per task: created, claimed, then the outcome.
      await events.c.until(() => {
        const n = events.c.messages.map((m) => JSON.parse(m.data.toString())).filter((e) => ['succeeded', 'failed'].includes(e.type)).length;
        return n >= 21;
      });
      const byTask = new Map<string, string[]>();
      for (const m of events.c.messages) {
        const e = JSON.parse(m.data.toString());
        byTask.set(e.taskId, [...(byTask.get(e.taskId) ?? []), e.type]);
      }
      expect(byTask.size).toBe(21);
      for (const types of byTask.values()) {
        expect(types[0]).toBe('created');
        expect(types[1]).toBe('claimed');
        expect(['succeeded', 'failed']).toContain(types[types.length - 1]);
      }
      // The cursor is durable: a new outbox of the same name starts where this one is.
      const saved = await ts.store.cursorGet({ name: outbox.cursorName });
      expect(saved).not.toBeNull();
    });
  });
}
