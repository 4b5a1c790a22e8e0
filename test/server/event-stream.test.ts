/**
 * GET /v1/events/stream resumes: each message's SSE id is the feed position of its last event, and
 * a client that reconnects with it (Last-Event-ID, as EventSource does, or ?after=) gets every
 * event it missed while away, then the new ones, each exactly once and in feed order. Bad
 * positions are a 400 naming where they came from. On SQLite and on PostgreSQL (whose positions
 * carry the transaction).
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { buildApp } from '../../src/server/app.js';
import { pgHostPort, serviceAvailable } from '../helpers/services.js';
import { feedSettled, freshStore, type DriverName, type TestStore } from '../helpers/stores.js';
import { TOKENS } from './harness.js';

interface Message {
  id: string;
  events: Array<{ taskId: string; type: string }>;
}

/** An open event stream: the messages read so far, and a wait for more. */
interface Stream {
  messages: Message[];
  until(check: (events: Array<{ taskId: string; type: string }>) => boolean, what: string): Promise<void>;
  close(): void;
}

async function open(base: string, opts: { after?: string; lastEventId?: string } = {}): Promise<Stream> {
  const ac = new AbortController();
  const res = await fetch(`${base}/v1/events/stream${opts.after !== undefined ? `?after=${encodeURIComponent(opts.after)}` : ''}`, {
    headers: { authorization: `Bearer ${TOKENS.producer}`, ...(opts.lastEventId !== undefined ? { 'last-event-id': opts.lastEventId } : {}) },
    signal: ac.signal,
  });
  expect(res.status).toBe(200);
  const messages: Message[] = [];
  const waiters = new Set<() => void>();
  void (async () => {
    let buf = '';
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buf += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, end);
          buf = buf.slice(end + 2);
          const field = (name: string) => block.split('\n').find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
          if (field('event') !== 'task-events') continue;
          messages.push({ id: field('id')!, events: JSON.parse(field('data')!) });
          for (const w of waiters) w();
        }
      }
    } catch {
      // Aborted by close().
    }
  })();
  const all = () => messages.flatMap((m) => m.events);
  return {
    messages,
    until: (check, what) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(all().map((e) => `${e.taskId}:${e.type}`))}`)), 20_000);
        const w = () => {
          if (!check(all())) return;
          clearTimeout(timer);
          waiters.delete(w);
          resolve();
        };
        waiters.add(w);
        w();
      }),
    close: () => ac.abort(),
  };
}

const keyOf = (e: { taskId: string; type: string }) => `${e.taskId}:${e.type}`;

function eventStream(driver: DriverName): void {
  describe(`GET /v1/events/stream resumes after a position: ${driver}`, () => {
    let ts: TestStore;
    let engine: Engine;
    let app: FastifyInstance;
    let base: string;

    beforeEach(async () => {
      ts = await freshStore(driver);
      engine = new Engine({ store: ts.store });
      app = await buildApp({ engine, tokens: [{ name: 'app', token: TOKENS.producer, scopes: ['producer'] }], pollMs: 50 });
      base = await app.listen({ port: 0, host: '127.0.0.1' });
    });
    afterEach(async () => {
      await app.close();
      await engine.flush();
      await ts.cleanup();
    });

    it('a client that reconnects with the last id gets what it missed, then new events, each once and in order', async () => {
      const first = await open(base);
      const a = await engine.enqueue('t', { n: 1 }, { queue: 'es' });
      const b = await engine.enqueue('t', { n: 2 }, { queue: 'es' });
      await first.until((es) => es.some((e) => e.taskId === b.id), 'the second enqueue');
      const lastId = first.messages[first.messages.length - 1]!.id;
      first.close();

      // While the client is away: more enqueues, a claim and a completion.
      const c = await engine.enqueue('t', { n: 3 }, { queue: 'es' });
      const [claimed] = await engine.claim({ queues: ['es'], workerId: 'w', limit: 1, leaseMs: 30_000 });
      await engine.complete({ id: claimed!.id, leaseToken: claimed!.leaseToken });
      await feedSettled(ts.store);
      const missed = (await engine.eventFeed({ after: lastId, limit: 100 })).map(keyOf);
      expect(missed).toEqual([`${c.id}:created`, `${a.id}:claimed`, `${a.id}:succeeded`]);

      const again = await open(base, { lastEventId: lastId });
      await again.until((es) => es.length >= missed.length, 'the missed events');
      const d = await engine.enqueue('t', { n: 4 }, { queue: 'es' });
      await again.until((es) => es.some((e) => e.taskId === d.id), 'a new event after the replay');
      // A little longer: a page the follower read before the replay must not come again.
      await new Promise((r) => setTimeout(r, 300));
      expect(again.messages.flatMap((m) => m.events).map(keyOf)).toEqual([...missed, `${d.id}:created`]);
      // Every message's id is the position of its last event, from which the feed goes on.
      const ids = again.messages.map((m) => m.id);
      expect(await engine.eventFeed({ after: ids[ids.length - 1]!, limit: 10 })).toEqual([]);
      again.close();

      // ?after= wins over the header; from the start of the feed: everything, once.
      await feedSettled(ts.store);
      const everything = (await engine.eventFeed({ limit: 1000 })).map(keyOf);
      const whole = await open(base, { after: '0', lastEventId: lastId });
      await whole.until((es) => es.length >= everything.length, 'the whole feed');
      await new Promise((r) => setTimeout(r, 300));
      expect(whole.messages.flatMap((m) => m.events).map(keyOf)).toEqual(everything);
      whole.close();
    });

    it('a bad position is a 400 naming where it came from, before any stream opens', async () => {
      for (const [headers, query, field] of [
        [{ 'last-event-id': 'abc' }, '', 'Last-Event-ID'],
        [{}, '?after=12:x', 'after'],
        [{ 'last-event-id': '5' }, '?after=-1', 'after'],
      ] as const) {
        const res = await fetch(`${base}/v1/events/stream${query}`, { headers: { authorization: `Bearer ${TOKENS.producer}`, ...headers } });
        expect(res.status, `${JSON.stringify(headers)} ${query}`).toBe(400);
        const body = (await res.json()) as { error: { code: string; field: string } };
        expect(body.error).toMatchObject({ code: 'VALIDATION', field });
      }
    });

    it('a position this store never gave (another database\'s, or from before a restore) is a 400, not a silent wait', async () => {
      await engine.enqueue('t');
      await feedSettled(ts.store);
      const end = await engine.eventFeedEnd();
      const [, xid, id] = /^(?:(\d+):)?(\d+)$/.exec(end)!;
      const ahead = `${xid === undefined ? '' : `${xid}:`}${BigInt(id!) + 1_000_000n}`;
      for (const [headers, query, field] of [
        [{}, `?after=${encodeURIComponent(ahead)}`, 'after'],
        [{ 'last-event-id': ahead }, '', 'Last-Event-ID'],
      ] as const) {
        const res = await fetch(`${base}/v1/events/stream${query}`, { headers: { authorization: `Bearer ${TOKENS.producer}`, ...headers } });
        expect(res.status, field).toBe(400);
        const body = (await res.json()) as { error: { code: string; field: string; message: string } };
        expect(body.error).toMatchObject({ code: 'VALIDATION', field });
        expect(body.error.message).toContain('past the end of this store');
      }
      // The end itself is a place to resume from.
      const s = await open(base, { after: end });
      await engine.enqueue('t-next');
      await s.until((es) => es.some((e) => e.type === 'created'), 'the next event');
      s.close();
    });
  });
}

eventStream('sqlite');
const { host, port } = pgHostPort();
if (await serviceAvailable('PostgreSQL', host, port)) eventStream('postgres');
else describe.skip('GET /v1/events/stream on PostgreSQL (PostgreSQL unreachable)', () => {});
