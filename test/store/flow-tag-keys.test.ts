/**
 * Rules keyed by a tag prefix (`tag:tenant:`): a task's key is its first tag that starts with the
 * prefix, found through the rule's key index like a payload key. A tag rule stored by an earlier
 * version has no such index: the next claim makes it (on SQLite the claim names the index, so it
 * could not run without it).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { ManualClock } from '../../src/model/clock.js';
import { openStore } from '../../src/store/open.js';
import { rawSql } from '../helpers/raw-sql.js';
import { pgHostPort, serviceAvailable } from '../helpers/services.js';
import { freshStore, type DriverName, type TestStore } from '../helpers/stores.js';

function tagKeys(driver: DriverName): void {
  describe(`flow rules keyed by a tag: ${driver}`, () => {
    let ts: TestStore;
    let clock: ManualClock;
    let engine: Engine;
    beforeEach(async () => {
      ts = await freshStore(driver);
      clock = new ManualClock(Date.UTC(2026, 0, 1));
      engine = new Engine({ store: ts.store, clock, random: () => 0.5 });
    });
    afterEach(async () => {
      await engine.flush();
      await ts.cleanup();
    });
    const claim = (limit: number, e = engine) => e.claim({ queues: ['q'], workerId: 'w', limit, leaseMs: 30_000 });

    it("each task's first tag that starts with the prefix is its key; a tag merely containing it is not", async () => {
      const specs: Array<[string, string[]]> = [
        ['x1', ['other', 'tenant:x', 'tenant:y']],
        ['x2', ['tenant:x']],
        ['y1', ['tenant:y', 'tenant:x']],
        ['bare', ['tenant:']],
        ['inside', ['atenant:z', 'b']],
        ['none', []],
      ];
      for (const [label, tags] of specs) await engine.enqueue('t', { label }, { queue: 'q', tags });
      await engine.flow.setLimit({ queue: 'q', key: 'tag:tenant:', concurrency: 1 });
      const got = (await claim(10)).map((t) => (t.payload as { label: string }).label);
      // One per key: tenant:x (x1, first in claim order), tenant:y, tenant:, and the tasks with no
      // such tag share the key '' (inside before none).
      expect(got.sort()).toEqual(['bare', 'inside', 'x1', 'y1']);
      expect((await engine.flow.usage()).map((u) => [u.key, u.running])).toEqual([['', 1], ['tenant:', 1], ['tenant:x', 1], ['tenant:y', 1]]);
      expect(await claim(10)).toEqual([]);
    });

    it("a tag rule stored without its key index (an earlier version's) gets it at the next claim", async () => {
      for (let i = 0; i < 4; i++) await engine.enqueue('t', { i }, { queue: 'q', tags: [`tenant:${i % 2}`] });
      await engine.flow.setLimit({ queue: 'q', key: 'tag:tenant:', concurrency: 1 });
      await engine.flush();
      await ts.store.close();
      const raw = rawSql(driver, ts.url);
      const [name] = await raw.indexes('flow_key_');
      expect(name).toMatch(/^flow_key_/);
      await raw.exec(`DROP INDEX ${name}`);
      expect(await raw.indexes('flow_key_')).toEqual([]);
      const reopened = await openStore(ts.url);
      const e2 = new Engine({ store: reopened, clock, random: () => 0.5 });
      try {
        expect((await claim(10, e2)).map((t) => t.tags[0]).sort()).toEqual(['tenant:0', 'tenant:1']);
        await e2.flush();
      } finally {
        await reopened.close();
      }
      expect(await raw.indexes('flow_key_')).toEqual([name]);
    });
  });
}

tagKeys('sqlite');
const { host, port } = pgHostPort();
if (await serviceAvailable('PostgreSQL', host, port)) tagKeys('postgres');
else describe.skip('flow rules keyed by a tag: postgres (PostgreSQL unreachable)', () => {});
