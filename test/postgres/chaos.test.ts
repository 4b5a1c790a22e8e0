/**
 * Chaos with real processes: 2 maintenance processes (leader-elected) and 4 worker processes
 * (the built CLI) share one PostgreSQL schema; 20,000 tasks with random 0–20 ms handlers; two
 * workers and the current leader are SIGKILLed mid-run. Every task must end succeeded; a task
 * may have run more than once only where a lease expired on it (read from the audit events);
 * the other maintenance process must have taken over within about one leader lease.
 */
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { Taskframe } from '../../src/taskframe.js';
import { freshPgSchema } from '../helpers/stores.js';
import { PG_URL } from '../helpers/services.js';
import { PG_UP } from './pg-available.js';
import { cli, FIXTURES, killAll, start, type Proc } from './processes.js';

const TASKS = 20_000;
const LEADER_TTL_MS = 2000; // fixtures/maintenance.mjs
const MAINTENANCE_INTERVAL_MS = 250;

interface Line {
  event: string;
  holder: string;
  at: number;
  count?: number;
}
const lines = (p: Proc): Line[] =>
  p.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Line);

describe.skipIf(!PG_UP)('postgres: chaos with real processes', () => {
  let schema: Awaited<ReturnType<typeof freshPgSchema>> | undefined;
  let tf: Taskframe | undefined;
  afterAll(async () => {
    await killAll();
    await tf?.close();
    await schema?.drop();
  });

  it('20,000 tasks survive SIGKILL of two workers and the leader: all succeed, reruns only after expired leases, a new leader takes over', async () => {
    schema = await freshPgSchema();
    tf = await Taskframe.open({ db: schema.url });
    const db = schema.url;

    const maint = ['m1', 'm2'].map((h) => start(path.join(FIXTURES, 'maintenance.mjs'), [db, h]));
    await Promise.all(maint.map((m) => m.waitFor(/"event":"ready"/)));
    await Promise.race(maint.map((m) => m.waitFor(/"event":"leader"/)));

    const workers = Array.from({ length: 4 }, () =>
      cli(['--db', `${db}&poolSize=4`, 'worker', '--module', path.join(FIXTURES, 'handlers.mjs'), '--concurrency', '25', '--lease', '2s', '--no-maintenance', '--grace', '1s']),
    );
    await Promise.all(workers.map((w) => w.waitFor(/^worker .* serving/)));

    for (let i = 0; i < TASKS; i += 2000) {
      await tf.enqueueMany(Array.from({ length: Math.min(2000, TASKS - i) }, (_, k) => ({ name: 'chaos', payload: { n: i + k } })));
    }

    const succeeded = async () => (await tf!.engine.queues.counts()).find((q) => q.queue === 'default')?.counts.succeeded ?? 0;
    while ((await succeeded()) < TASKS * 0.25) await new Promise((r) => setTimeout(r, 25));

    // Mid-run: kill two workers (holding leases) and whoever leads maintenance.
    const leader = await tf.engine.leaders.current('maintenance');
    expect(leader).not.toBeNull();
    const leaderProc = maint[leader!.holder === 'm1' ? 0 : 1]!;
    const survivor = maint[leader!.holder === 'm1' ? 1 : 0]!;
    const killedAt = Date.now();
    for (const p of [workers[0]!, workers[1]!, leaderProc]) p.child.kill('SIGKILL');
    await Promise.all([workers[0]!, workers[1]!, leaderProc].map((p) => p.exited));

    const deadline = Date.now() + 60_000;
    while ((await succeeded()) < TASKS) {
      if (Date.now() > deadline) throw new Error(`only ${await succeeded()} of ${TASKS} succeeded; live: ${JSON.stringify(await tf.engine.countLive())}`);
      await new Promise((r) => setTimeout(r, 50));
    }

    // Every task ended succeeded, and nothing is left live.
    expect(await tf.engine.queues.counts()).toEqual([{ queue: 'default', counts: { succeeded: TASKS } }]);
    expect(await tf.engine.countLive()).toEqual({});

    // From the audit events: claims per task never exceed 1 + lease expiries on it.
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    try {
      const r = await c.query<{ claims: number; expired: number; unclaimed: number; tasks: number }>(
        `SELECT claims, expired, unclaimed, count(*)::int AS tasks FROM (
           SELECT task_id,
                  count(*) FILTER (WHERE type = 'claimed')::int AS claims,
                  count(*) FILTER (WHERE type = 'lease_expired')::int AS expired,
                  count(*) FILTER (WHERE type = 'unclaimed')::int AS unclaimed
           FROM "${schema.schema}".events GROUP BY task_id) per_task
         GROUP BY claims, expired, unclaimed ORDER BY claims, expired, unclaimed`,
      );
      const shapes = r.rows;
      console.log(`chaos: tasks by (claims, lease expiries, unclaims): ${JSON.stringify(shapes)}`);
      expect(shapes.reduce((n, s) => n + s.tasks, 0)).toBe(TASKS);
      for (const s of shapes) expect(s.claims, JSON.stringify(s)).toBeLessThanOrEqual(1 + s.expired + s.unclaimed);
      // The killed workers held leases: some tasks did run twice, each after an expiry.
      expect(shapes.some((s) => s.claims > 1 && s.expired > 0)).toBe(true);
      const reaped = await c.query<{ first: string }>(`SELECT min(at) AS first FROM "${schema.schema}".events WHERE type = 'lease_expired'`);
      expect(Number(reaped.rows[0]!.first)).toBeGreaterThan(killedAt);
    } finally {
      await c.end();
    }

    // The survivor took over: it says so, within about one leader lease of the kill.
    const took = lines(survivor).find((l) => l.event === 'leader' && l.at >= killedAt);
    expect(took, survivor.stdout).toBeDefined();
    const takeoverMs = took!.at - killedAt;
    console.log(`chaos: leader ${leader!.holder} killed; ${took!.holder} took over after ${takeoverMs} ms`);
    expect(takeoverMs).toBeLessThanOrEqual(LEADER_TTL_MS + MAINTENANCE_INTERVAL_MS + 1000);
    expect(lines(survivor).some((l) => l.event === 'expired' && (l.count ?? 0) > 0)).toBe(true);
    expect((await tf.engine.leaders.current('maintenance'))?.holder).toBe(took!.holder);

    for (const p of [workers[2]!, workers[3]!, survivor]) p.child.kill('SIGTERM');
    expect(await Promise.all([workers[2]!, workers[3]!, survivor].map((p) => p.exited))).toEqual([0, 0, 0]);
  });
});
