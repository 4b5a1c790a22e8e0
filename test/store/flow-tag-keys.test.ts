/**
 * Rules keyed by a tag prefix (`tag:tenant:`): a task's key is its first tag that starts with the
 * prefix, found through the rule's key index like a payload key. A tag rule stored by an earlier
 * version has no such index: the next claim makes it (on SQLite the claim names the index, so it
 * could not run without it).
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { ManualClock } from '../../src/model/clock.js';
import { openStore } from '../../src/store/open.js';
import { PG_URL, pgHostPort, serviceAvailable } from '../helpers/services.js';
import { freshStore, type DriverName, type TestStore } from '../helpers/stores.js';

/** The names of the key indexes in the store, and a way to drop one, through a connection of the test's own. */
function rawIndexes(driver: DriverName, url: string) {
  if (driver === 'postgres') {
    const schema = new URL(url).searchParams.get('schema')!;
    const run = async <R extends pg.QueryResultRow>(sql: string, args: unknown[] = []) => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      try {
        return (await c.query<R>(sql, args)).rows;
      } finally {
        await c.end();
      }
    };
    return {
      names: async () => (await run<{ n: string }>(`SELECT indexname AS n FROM pg_indexes WHERE schemaname = $1 AND indexname LIKE 'flow\\_key\\_%' ORDER BY 1`, [schema])).map((r) => r.n),
      drop: async (name: string) => void (await run(`DROP INDEX "${schema}"."${name}"`)),
    };
  }
  const file = url.slice('sqlite:'.length);
  const run = <T>(fn: (db: Database.Database) => T): T => {
    const db = new Database(file);
    try {
      return fn(db);
    } finally {
      db.close();
    }
  };
  return {
    names: async () => run((db) => (db.prepare(`SELECT name AS n FROM sqlite_master WHERE type = 'index' AND name LIKE 'flow\\_key\\_%' ESCAPE '\\' ORDER BY 1`).all() as Array<{ n: string }>).map((r) => r.n)),
    drop: async (name: string) => run((db) => void db.exec(`DROP INDEX ${name}`)),
  };
}

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
      const raw = rawIndexes(driver, ts.url);
      const [name] = await raw.names();
      expect(name).toMatch(/^flow_key_/);
      await raw.drop(name!);
      expect(await raw.names()).toEqual([]);
      const reopened = await openStore(ts.url);
      const e2 = new Engine({ store: reopened, clock, random: () => 0.5 });
      try {
        expect((await claim(10, e2)).map((t) => t.tags[0]).sort()).toEqual(['tenant:0', 'tenant:1']);
        await e2.flush();
      } finally {
        await reopened.close();
      }
      expect(await raw.names()).toEqual([name]);
    });
  });
}

tagKeys('sqlite');
const { host, port } = pgHostPort();
if (await serviceAvailable('PostgreSQL', host, port)) tagKeys('postgres');
else describe.skip('flow rules keyed by a tag: postgres (PostgreSQL unreachable)', () => {});
