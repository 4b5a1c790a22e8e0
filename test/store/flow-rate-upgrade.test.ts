/**
 * Rate windows slide since SQLite schema 5 / PostgreSQL schema 7: each rate bucket keeps a log of
 * its claims. A bucket written before (a fixed window and its count, no log) still holds: its
 * claims count as made at the window's last millisecond, so the upgrade lets no burst through.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { ManualClock } from '../../src/model/clock.js';
import { rawSql } from '../helpers/raw-sql.js';
import { pgHostPort, serviceAvailable } from '../helpers/services.js';
import { freshStore, type DriverName, type TestStore } from '../helpers/stores.js';

function rateUpgrade(driver: DriverName): void {
  describe(`rate buckets from before sliding windows: ${driver}`, () => {
    let ts: TestStore;
    let clock: ManualClock;
    let engine: Engine;
    const second = Date.UTC(2026, 0, 1);
    beforeEach(async () => {
      ts = await freshStore(driver);
      clock = new ManualClock(second + 400);
      engine = new Engine({ store: ts.store, clock, random: () => 0.5 });
    });
    afterEach(async () => {
      await engine.flush();
      await ts.cleanup();
    });
    const claim = () => engine.claim({ queues: ['q'], workerId: 'w', limit: 20, leaseMs: 30_000 });

    it("a bucket holding a fixed window's count counts it as claimed at the window's end", async () => {
      for (let i = 0; i < 10; i++) await engine.enqueue('send', { i }, { queue: 'q' });
      await engine.flow.setLimit({ name: 'send', rate: '3/1s' });
      expect((await claim()).length).toBe(3);
      await engine.flush();
      // What the earlier version wrote for those claims: the calendar second they fell in, and 3.
      await rawSql(driver, ts.url).exec(`UPDATE flow_rate SET slots = NULL, window_start = ${second}, used = 3`);
      // The next calendar second opened a fresh window before; now the window's claims count for
      // a whole period after its last millisecond (second + 999).
      clock.set(second + 1000);
      expect(await claim()).toEqual([]);
      expect((await engine.flow.usage()).map((u) => u.windowClaims)).toEqual([3]);
      clock.set(second + 1998);
      expect(await claim()).toEqual([]);
      clock.set(second + 1999);
      expect((await claim()).length).toBe(3);
      // The bucket now has a log.
      const [row] = await rawSql(driver, ts.url).rows<{ slots: unknown }>(`SELECT slots FROM flow_rate`);
      const log = typeof row!.slots === 'string' ? JSON.parse(row!.slots) : row!.slots;
      expect(log).toEqual([[second + 1999, 3]]);
    });
  });
}

rateUpgrade('sqlite');
const { host, port } = pgHostPort();
if (await serviceAvailable('PostgreSQL', host, port)) rateUpgrade('postgres');
else describe.skip('rate buckets from before sliding windows: postgres (PostgreSQL unreachable)', () => {});
