/**
 * The Bus contract, written down as tests every adapter must pass (see src/bus/bus.ts).
 * Parameterised by target; conformance.test.ts runs it against NATS, RabbitMQ, Redis and files.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Bus } from '../../src/bus/bus.js';
import { openBus } from '../../src/bus/open.js';
import { ValidationError } from '../../src/model/errors.js';
import { collect, Collector, uniqueTopic, type BusTarget } from './helpers.js';

export function busConformance(target: BusTarget): void {
  describe(`bus conformance: ${target.name}`, () => {
    let ok = false;
    const open: Bus[] = [];
    let url = '';
    beforeAll(async () => {
      ok = await target.available();
    });
    afterEach(async () => {
      await Promise.all(open.splice(0).map((b) => b.close()));
    });
    const bus = async (): Promise<Bus> => {
      const b = await openBus(url);
      open.push(b);
      return b;
    };
    const fresh = () => {
      url = target.url();
    };

    it('delivers what was published before the first subscriber, in order, with id, headers and bytes intact', async (ctx) => {
      if (!ok) return ctx.skip();
      fresh();
      const b = await bus();
      const topic = uniqueTopic('conf');
      for (let i = 0; i < 20; i++) await b.publish(topic, JSON.stringify({ i }), { id: `m-${i}`, headers: { kind: 'test', n: String(i) } });
      const binary = Buffer.from([0, 255, 10, 13, 128, 34]);
      await b.publish(topic, binary, { id: 'bin' });
      const { c } = await collect(b, topic, { group: 'g1' });
      await c.count(21);
      expect(c.messages.slice(0, 20).map((m) => JSON.parse(m.data.toString()).i)).toEqual([...Array(20).keys()]);
      expect(c.messages.slice(0, 20).map((m) => m.id)).toEqual([...Array(20).keys()].map((i) => `m-${i}`));
      expect(c.messages[3]!.headers).toMatchObject({ kind: 'test', n: '3' });
      expect(c.messages[20]!.id).toBe('bin');
      expect(c.messages[20]!.data.equals(binary)).toBe(true);
      expect(c.messages[0]!.topic).toBe(topic);
      expect(c.messages[0]!.redeliveries).toBe(0);
    });

    it('never delivers an acked message again, also to a new connection of the same group', async (ctx) => {
      if (!ok) return ctx.skip();
      fresh();
      const topic = uniqueTopic('conf');
      const b1 = await bus();
      for (let i = 0; i < 10; i++) await b1.publish(topic, `a${i}`, { id: `a${i}` });
      const first = await collect(b1, topic, { group: 'g' });
      await first.c.count(10);
      await first.sub.close();
      await b1.close();
      const b2 = await bus();
      await b2.publish(topic, 'marker', { id: 'marker' });
      const second = await collect(b2, topic, { group: 'g' });
      await second.c.count(1);
      // The marker was published last: anything redelivered would arrive before it.
      expect(second.c.texts()[0]).toBe('marker');
    });

    it('delivers an unacked message again, with the same id, after its subscriber goes away', async (ctx) => {
      if (!ok) return ctx.skip();
      fresh();
      const topic = uniqueTopic('conf');
      const b1 = await bus();
      await b1.publish(topic, 'keep-me'); // no id given: the adapter's id must still be stable
      await b1.publish(topic, 'ack-me', { id: 'acked' });
      const first = await collect(b1, topic, { group: 'g', ackWaitMs: 500, ack: (m) => m.data.toString() === 'ack-me' });
      await first.c.count(2);
      const lostId = first.c.messages.find((m) => m.data.toString() === 'keep-me')!.id;
      await first.sub.close();
      await b1.close();
      const b2 = await bus();
      const second = await collect(b2, topic, { group: 'g', ackWaitMs: 500 });
      await second.c.count(1);
      expect(second.c.texts()).toEqual(['keep-me']);
      expect(second.c.messages[0]!.id).toBe(lostId);
    });

    it('redelivers a nacked message and one whose handler threw', async (ctx) => {
      if (!ok) return ctx.skip();
      fresh();
      const b = await bus();
      const topic = uniqueTopic('conf');
      await b.publish(topic, 'nack-me', { id: 'n1' });
      await b.publish(topic, 'throw-on-me', { id: 't1' });
      const seen: string[] = [];
      let resolve!: () => void;
      const done = new Promise<void>((r) => (resolve = r));
      const warn = process.emitWarning;
      process.emitWarning = () => undefined; // the thrown error is reported as a warning; keep output clean
      try {
        await b.subscribe(
          topic,
          async (m) => {
            seen.push(`${m.id}:${m.redeliveries > 0 ? 'again' : 'first'}`);
            const firstTime = seen.filter((s) => s.startsWith(m.id)).length === 1;
            if (m.id === 'n1' && firstTime) return m.nack({ delayMs: 50 });
            if (m.id === 't1' && firstTime) throw new Error('handler failed');
            await m.ack();
            if (seen.length === 4) resolve();
          },
          { group: 'g', ackWaitMs: 1000 },
        );
        await done;
      } finally {
        process.emitWarning = warn;
      }
      expect(seen.filter((s) => s.startsWith('n1'))).toEqual(['n1:first', 'n1:again']);
      expect(seen.filter((s) => s.startsWith('t1'))).toEqual(['t1:first', 't1:again']);
    });

    it('holds at most maxInFlight unacked messages', async (ctx) => {
      if (!ok) return ctx.skip();
      fresh();
      const b = await bus();
      const topic = uniqueTopic('conf');
      await Promise.all([...Array(30).keys()].map((i) => b.publish(topic, `m${i}`, { id: `m${i}` })));
      const held: Array<() => Promise<void>> = [];
      const { c } = await collect(b, topic, {
        group: 'g',
        maxInFlight: 5,
        ack: (m) => {
          held.push(() => m.ack());
          return false;
        },
      });
      await c.count(5);
      // Kept on purpose: this asserts that nothing arrives, which no event can announce. 700 ms
      // is a generous number of fetch rounds (the file bus reads every 20 ms, Redis blocks for
      // 500 ms at most, NATS and RabbitMQ push as soon as there is room) plus a publish that
      // would wake a reader that forgot its limit.
      await b.publish(topic, 'late', { id: 'late' });
      await new Promise((r) => setTimeout(r, 700));
      expect(c.messages.length).toBe(5);
      await Promise.all(held.splice(0).map((f) => f()));
      await c.count(10);
      expect(c.messages.length).toBeLessThanOrEqual(10);
    });

    it('shares a topic between subscribers of one group: each message to exactly one', async (ctx) => {
      if (!target.competing) return ctx.skip(`the ${target.name} bus serves one subscriber per group at a time (nothing coordinates two readers of a group's offset file)`);
      if (!ok) return ctx.skip();
      fresh();
      const b1 = await bus();
      const b2 = await bus();
      const topic = uniqueTopic('conf');
      const both = new Collector();
      await collect(b1, topic, { group: 'shared', into: both });
      await collect(b2, topic, { group: 'shared', into: both });
      await Promise.all([...Array(200).keys()].map((i) => b1.publish(topic, `m${i}`, { id: `m${i}` })));
      await both.count(200);
      const ids = both.messages.map((m) => m.id);
      expect(new Set(ids).size).toBe(200);
      expect(ids.length).toBe(200);
    });

    it('rejects a bad topic with a ValidationError', async (ctx) => {
      if (!ok) return ctx.skip();
      fresh();
      const b = await bus();
      await expect(b.publish('bad topic!', 'x')).rejects.toBeInstanceOf(ValidationError);
      await expect(b.subscribe('', async () => undefined)).rejects.toBeInstanceOf(ValidationError);
      await expect(b.subscribe('ok-topic', async () => undefined, { maxInFlight: 0 })).rejects.toBeInstanceOf(ValidationError);
    });
  });
}
