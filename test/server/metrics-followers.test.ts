/**
 * Durable followers of the event feed on /metrics: a bus outbox's lag is the age of the oldest
 * event it has not read (0 when caught up); it grows while its bridge is down and goes back to 0
 * when a bridge on the same cursor catches up. A taskmaster's cursor counts too; a cursor kept
 * from another database is NaN; other cursors are not followers. Both stores, a real outbox on
 * the file bus, an injected clock.
 */
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, test } from 'vitest';
import { openBus } from '../../src/bus/open.js';
import { Outbox } from '../../src/bus/outbox.js';
import { Engine } from '../../src/engine/engine.js';
import { createLogger } from '../../src/logger.js';
import { ManualClock } from '../../src/model/clock.js';
import { buildApp } from '../../src/server/app.js';
import { pgHostPort, serviceAvailable } from '../helpers/services.js';
import { feedSettled, freshStore, tempDir, type DriverName } from '../helpers/stores.js';
import { TOKENS } from './harness.js';

const METRIC = 'taskframe_feed_follower_lag_seconds';

/** The value of one series in Prometheus text, or undefined when it is absent. */
function sample(text: string, labels: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${METRIC}{${labels}} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

function suite(driver: DriverName): void {
  describe(`feed followers on /metrics: ${driver}`, () => {
    const cleanups: Array<() => Promise<void>> = [];
    afterEach(async () => {
      for (const c of cleanups.splice(0).reverse()) await c();
    });

    test('an outbox lags by the age of its oldest unread event while its bridge is down, and is at 0 once caught up', async () => {
      const ts = await freshStore(driver);
      const clock = new ManualClock(Date.UTC(2026, 0, 1));
      const engine = new Engine({ store: ts.store, clock });
      const app: FastifyInstance = await buildApp({ engine, tokens: [{ name: 'root', token: TOKENS.admin, scopes: ['admin'] }], pollMs: 50 });
      const bus = await openBus(`file:${path.join(tempDir('taskframe-bus-'), 'bus')}`);
      cleanups.push(async () => {
        await app.close();
        await bus.close();
        await engine.flush();
        await ts.cleanup();
      });
      await app.ready();
      const scrape = async () => (await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKENS.admin}` } })).body;
      const lagOf = async (follower: string) => sample(await scrape(), `follower="${follower}"`);
      const until = async (follower: string, want: number) => {
        for (let i = 0; i < 200 && (await lagOf(follower)) !== want; i++) await new Promise((r) => setTimeout(r, 25));
        expect(await lagOf(follower)).toBe(want);
      };
      const outbox = () =>
        new Outbox({ bus, engine, doneTopic: 'done', eventsTopic: 'events', name: 'copy', from: 'beginning', logger: createLogger({ level: 'silent' }) }).start();

      // No follower yet: no series.
      expect(await scrape()).not.toContain(`${METRIC}{`);
      await engine.enqueue('job', { n: 1 });
      let bridge = outbox();
      await until('bus-outbox:copy', 0);
      await bridge.stop();

      // The bridge is down: two tasks happen 5 s apart, and 2 s pass.
      await engine.enqueue('job', { n: 2 });
      clock.advance(5000);
      await engine.enqueue('job', { n: 3 });
      clock.advance(2000);
      // PostgreSQL's feed shows an event once the transactions begun before it have ended (other
      // tests write to the same server); until then it is not there to lag behind.
      await feedSettled(ts.store);
      expect(await lagOf('bus-outbox:copy')).toBe(7);

      // A bridge on the same cursor catches up.
      bridge = outbox();
      await until('bus-outbox:copy', 0);
      await bridge.stop();

      // A taskmaster's cursor (a bare position) at the feed's end; one kept from another
      // database (past every event id here): stuck, NaN; a scheduler's cursor is no follower.
      const end = await engine.eventFeedEnd();
      await engine.cursors.set('rules:mail', end);
      const [, xid, id] = /^(?:(\d+):)?(\d+)$/.exec(end)!;
      await engine.cursors.set('bus-outbox:elsewhere', `${xid === undefined ? '' : `${xid}:`}${BigInt(id!) + 1_000_000n}`);
      await engine.cursors.set('schedule:nightly', '{"last":1}');
      const text = await scrape();
      expect(sample(text, 'follower="rules:mail"')).toBe(0);
      expect(sample(text, 'follower="bus-outbox:elsewhere"')).toBeNaN();
      expect(sample(text, 'follower="bus-outbox:copy"')).toBe(0);
      expect(text).not.toContain('schedule:nightly');
    });
  });
}

suite('sqlite');
const { host, port } = pgHostPort();
if (await serviceAvailable('PostgreSQL', host, port)) suite('postgres');
else describe.skip('feed followers on /metrics (PostgreSQL unreachable)', () => {});
