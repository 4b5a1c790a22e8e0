/**
 * Hosts write and judge leases and run-at times by their own clocks, so a host whose clock is
 * far from the database's says so: a worker (and a server) on PostgreSQL logs a warning naming
 * how far and which way, and the server's metrics carry the skew. A host in step says nothing;
 * SQLite, whose processes share one host's clock, has nothing to compare.
 */
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { createLogger } from '../../src/logger.js';
import { clockSkewWarning, systemClock, type Clock } from '../../src/model/clock.js';
import { buildApp } from '../../src/server/app.js';
import { Worker } from '../../src/worker/worker.js';
import { pgHostPort, serviceAvailable } from '../helpers/services.js';
import { freshStore, type DriverName, type TestStore } from '../helpers/stores.js';

const TOKEN = 'adm-clock-skew-0123456789';
const offset = (ms: number): Clock => ({ now: () => Date.now() + ms });

/** A logger whose lines are kept, parsed. */
function captured() {
  const stream = new PassThrough();
  const lines: Array<{ msg: string; skewMs?: number; level: number }> = [];
  stream.on('data', (d: Buffer) => {
    for (const l of d.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l));
  });
  return { logger: createLogger({ stream, format: 'json' }), lines };
}

const until = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
};

describe('the clock check (model)', () => {
  it('warns beyond a second past the uncertainty, naming the way', () => {
    expect(clockSkewWarning({ skewMs: 900, uncertaintyMs: 1 }, 30_000)).toBeNull();
    expect(clockSkewWarning({ skewMs: 1500, uncertaintyMs: 600 }, 30_000)).toBeNull();
    expect(clockSkewWarning({ skewMs: 5000, uncertaintyMs: 2 }, 30_000)).toMatch(/5\.0 s ahead of the database's.*\(30000 ms here\)/);
    expect(clockSkewWarning({ skewMs: -2500, uncertaintyMs: 2 }, null)).toMatch(/2\.5 s behind the database's/);
  });
});

function clockSkew(driver: DriverName): void {
  describe(`clock skew against the database: ${driver}`, () => {
    let ts: TestStore | undefined;
    afterEach(async () => {
      await ts?.cleanup();
      ts = undefined;
    });

    it('a worker on a host 5 s ahead warns once; one in step says nothing', async () => {
      ts = await freshStore(driver);
      const ahead = new Engine({ store: ts.store, clock: offset(5000) });
      const inStep = new Engine({ store: ts.store, clock: systemClock });
      if (driver === 'sqlite') {
        expect(await ahead.clockSkew()).toBeNull();
      } else {
        const skew = (await ahead.clockSkew())!;
        expect(Math.abs(skew.skewMs - 5000)).toBeLessThan(500 + skew.uncertaintyMs);
        expect(Math.abs((await inStep.clockSkew())!.skewMs)).toBeLessThan(500);
      }
      const a = captured();
      const b = captured();
      const w1 = new Worker(ahead, { handlers: {}, logger: a.logger, leaseMs: 20_000 }).start();
      const w2 = new Worker(inStep, { handlers: {}, logger: b.logger }).start();
      if (driver === 'postgres') await until(() => a.lines.length > 0, 'the warning');
      else await new Promise((r) => setTimeout(r, 200));
      await w1.stop();
      await w2.stop();
      const warnings = (l: typeof a.lines) => l.filter((x) => x.msg.includes('clock'));
      expect(warnings(b.lines)).toEqual([]);
      if (driver === 'sqlite') return expect(warnings(a.lines)).toEqual([]);
      expect(warnings(a.lines)).toHaveLength(1);
      expect(warnings(a.lines)[0]).toMatchObject({ level: 40, msg: expect.stringMatching(/s ahead of the database's.*\(20000 ms here\).*NTP/) });
      expect(Math.abs(warnings(a.lines)[0]!.skewMs! - 5000)).toBeLessThan(500);
    });

    it("a server's metrics carry the skew; its log warns at start", async () => {
      ts = await freshStore(driver);
      const engine = new Engine({ store: ts.store, clock: offset(-3000) });
      const log = captured();
      const app = await buildApp({ engine, tokens: [{ name: 'root', token: TOKEN, scopes: ['admin'] }], followFeed: false, logger: log.logger });
      try {
        await app.ready();
        const text = (await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } })).body;
        const m = /^taskframe_clock_skew_seconds (\S+)$/m.exec(text);
        if (driver === 'sqlite') {
          expect(m).toBeNull();
          return;
        }
        expect(Math.abs(Number(m![1]) + 3)).toBeLessThan(0.5);
        await until(() => log.lines.some((l) => l.msg.includes('behind the database')), 'the warning');
      } finally {
        await app.close();
      }
    });
  });
}

clockSkew('sqlite');
const { host, port } = pgHostPort();
if (await serviceAvailable('PostgreSQL', host, port)) clockSkew('postgres');
else describe.skip('clock skew on PostgreSQL (PostgreSQL unreachable)', () => {});
