/**
 * The hot statements are prepared by name on the store's own connections; `?prepare=false`
 * (for a pooler that moves a client between server connections) turns that off and the store
 * works the same.
 */
import type { PoolClient } from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import type { PostgresStore } from '../../src/store/postgres/driver.js';
import { openStore } from '../../src/store/open.js';
import { freshPgSchema } from '../helpers/stores.js';
import { SQL } from '../../src/store/postgres/statements.js';
import { PG_UP } from './pg-available.js';

/** A store on a fresh schema with one pooled connection (so every statement shares a session), dropped after the test. */
async function oneConnection(cleanups: Array<() => Promise<void>>, extra: string): Promise<{ store: PostgresStore; engine: Engine }> {
  const s = await freshPgSchema();
  const store = (await openStore(`${s.url}&poolSize=1${extra}`)) as PostgresStore;
  cleanups.push(async () => {
    await store.close();
    await s.drop();
  });
  return { store, engine: new Engine({ store }) };
}

describe.skipIf(!PG_UP)('postgres: prepared hot statements', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  /** Runs a few tasks through one pooled connection; returns the statements prepared on it. */
  async function preparedAfterWork(extra: string): Promise<string[]> {
    const { store, engine } = await oneConnection(cleanups, extra);
    await engine.enqueueMany([{ name: 'a' }, { name: 'a' }, { name: 'a' }]);
    const claimed = await engine.claim({ queues: ['default'], workerId: 'w', limit: 2, leaseMs: 10_000 });
    expect(claimed).toHaveLength(2);
    // Completions and a claim in one batch: the one-statement path.
    const r = await store.writeBatch({
      now: Date.now(),
      taskComplete: claimed.map((t) => ({ id: t.id, leaseToken: t.leaseToken, result: { ok: true } })),
      taskClaim: [{ queues: ['default'], workerId: 'w', limit: 5, leaseMs: 10_000 }],
    });
    expect(r.taskComplete.every((c) => c.ok)).toBe(true);
    expect(r.taskClaim[0]).toHaveLength(1);
    expect(await engine.get(claimed[0]!.id)).toMatchObject({ state: 'succeeded', result: { ok: true } });
    // What an idle worker asks: twice, to use the prepared statement once it exists.
    for (let i = 0; i < 2; i++) expect(await store.taskNextRunAt({ queues: ['default'] })).toBeNull();
    // A read that cannot tell which days of history to look in: a finished task's audit, paged.
    expect(await engine.events([claimed[0]!.id], 100, '0')).not.toEqual([]);
    const rows = await store.pool.query<{ name: string }>('SELECT name FROM pg_prepared_statements ORDER BY name');
    return rows.rows.map((x) => x.name);
  }

  it('prepares the insert, claim and completion statements, the next run-at read and the reads of history by id, once per connection', async () => {
    expect(await preparedAfterWork('')).toEqual(expect.arrayContaining(['tf_taskInsertPlain', 'tf_claimAlone', 'tf_completeAndClaim', 'tf_nextRunAt', 'tf_bothById', 'tf_eventsAfter']));
  });

  it('?prepare=false prepares nothing and behaves the same', async () => {
    expect(await preparedAfterWork('&prepare=false')).toEqual([]);
  });
});

describe.skipIf(!PG_UP)('postgres: the one-round-trip flow claim and its prepared statement', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  async function keyedStore(extra: string) {
    const { store, engine } = await oneConnection(cleanups, extra);
    await engine.enqueueMany(['a', 'b', 'c', 'd', 'e', 'f'].map((tenant) => ({ name: 't', payload: { tenant } })));
    await engine.flow.setLimit({ queue: 'default', key: 'payload.tenant', concurrency: 1 });
    const claim = async () => (await engine.claim({ queues: ['default'], workerId: 'w', limit: 2, leaseMs: 10_000 })).map((t) => (t.payload as { tenant: string }).tenant);
    const prepared = async (prefix = 'tf_fast_') => (await store.pool.query<{ name: string }>(`SELECT name FROM pg_prepared_statements WHERE starts_with(name, $1)`, [prefix])).rows.length;
    return { store, claim, prepared };
  }

  it("the general claim's statements are prepared by their text, once: claims that find every key full reuse them", async () => {
    const k = await keyedStore('');
    expect(await k.claim()).toEqual(['a', 'b']); // the general path: the rules, the key walk
    expect(await k.prepared('tf_rule_')).toBeGreaterThan(0);
    for (let i = 0; i < 2; i++) expect(await k.claim()).toHaveLength(2);
    // Every key holds its one task now: each claim misses the one-round-trip path and walks (from
    // the rotation's cursor, a statement of its own).
    for (let i = 0; i < 2; i++) expect(await k.claim()).toEqual([]);
    const walks = await k.prepared('tf_rule_');
    for (let i = 0; i < 5; i++) expect(await k.claim()).toEqual([]);
    expect(await k.prepared('tf_rule_')).toBe(walks);
  });

  it('is prepared once per connection, and prepared again when the session lost it', async () => {
    const k = await keyedStore('');
    expect(await k.claim()).toEqual(['a', 'b']); // the general path reads the rule
    expect(await k.claim()).toEqual(['c', 'd']); // the one-round-trip claim
    expect(await k.prepared()).toBe(1);
    // A pooler that hands the client another server session, or DISCARD ALL: the statement is gone.
    await k.store.pool.query('DEALLOCATE ALL');
    expect(await k.prepared()).toBe(0);
    expect(await k.claim()).toEqual(['e', 'f']);
    expect(await k.prepared()).toBe(1);
  });

  it('?prepare=false sends it as text and prepares nothing', async () => {
    const k = await keyedStore('&prepare=false');
    expect(await k.claim()).toEqual(['a', 'b']);
    expect(await k.claim()).toEqual(['c', 'd']);
    expect(await k.claim()).toEqual(['e', 'f']);
    expect(await k.claim()).toEqual([]);
    expect(await k.prepared()).toBe(0);
    expect(await k.prepared('tf_rule_')).toBe(0);
  });
});

describe.skipIf(!PG_UP)('postgres: a claim alone does not wait for the WAL flush', () => {
  // The claim turns synchronous_commit off for its own implicit transaction only: the pooled
  // connection's next statement (an enqueue, which must be durable when it returns) is back on.
  it('leaves the connection committing synchronously for what follows', async () => {
    const s = await freshPgSchema();
    const store = (await openStore(`${s.url}&poolSize=1`)) as PostgresStore;
    const engine = new Engine({ store });
    try {
      await engine.enqueueMany([{ name: 'a' }, { name: 'a' }]);
      const claimed = await engine.claim({ queues: ['default'], workerId: 'w', limit: 1, leaseMs: 10_000 });
      expect(claimed).toHaveLength(1);
      const prepared = await store.pool.query<{ name: string }>('SELECT name FROM pg_prepared_statements');
      expect(prepared.rows.map((r) => r.name)).toContain('tf_claimAlone');
      expect((await store.pool.query<{ synchronous_commit: string }>('SHOW synchronous_commit')).rows[0]!.synchronous_commit).toBe('on');
      // And the claim itself committed: another connection sees the task running.
      const other = await openStore(s.url);
      try {
        expect(await new Engine({ store: other }).get(claimed[0]!.id)).toMatchObject({ state: 'running', workerId: 'w' });
      } finally {
        await other.close();
      }
    } finally {
      await store.close();
      await s.drop();
    }
  });
});

type PlanNode = Record<string, unknown> & { Plans?: PlanNode[] };

/** A statement's plan as it ran (EXPLAIN ANALYZE: the statement runs), with buffer counts. */
async function planOf(client: { query: PoolClient['query'] }, sql: string): Promise<PlanNode> {
  const [explained] = (await client.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`)).rows;
  const json = explained!['QUERY PLAN'];
  return (typeof json === 'string' ? JSON.parse(json) : json)[0].Plan as PlanNode;
}

/** Summed over the plan's nodes that `pick` selects. */
const sumOver = (node: PlanNode, pick: (n: PlanNode) => number): number => pick(node) + (node.Plans ?? []).reduce((t, c) => t + sumOver(c, pick), 0);

/** Rows that the scans of `tasks` returned, over all their loops. */
const tasksRowsRead = async (client: { query: PoolClient['query'] }, sql: string): Promise<number> =>
  sumOver(await planOf(client, sql), (n) => (n['Relation Name'] === 'tasks' ? Number(n['Actual Rows']) * Number(n['Actual Loops']) : 0));

/** Pages of the claim index (tasks_claim) that the scans through it touched. */
const claimIndexPages = async (client: { query: PoolClient['query'] }, sql: string): Promise<number> =>
  sumOver(await planOf(client, sql), (n) => (n['Index Name'] === 'tasks_claim' ? Number(n['Shared Hit Blocks']) + Number(n['Shared Read Blocks']) : 0));

/** A store on a fresh schema, an engine on it and one of its pooled connections, for `fn`; all dropped after. */
async function withPooledClient(fn: (p: { store: PostgresStore; engine: Engine; client: PoolClient }) => Promise<void>): Promise<void> {
  const s = await freshPgSchema();
  const store = (await openStore(s.url)) as PostgresStore;
  const client = await store.pool.connect();
  try {
    await fn({ store, engine: new Engine({ store }), client });
  } finally {
    client.release();
    await store.close();
    await s.drop();
  }
}

describe.skipIf(!PG_UP)('postgres: plans of the hot statements', () => {
  // A prepared statement runs its generic plan (plan_cache_mode=force_generic_plan), made without
  // the batch's sizes. These plans must still reach the batch's rows by key: a hash of the whole
  // live table, or a walk of every running task, costs time in proportion to the backlog.
  it('claim and completion find their rows by primary key with a backlog and many tasks running', async () => {
    await withPooledClient(async ({ engine, client }) => {
      for (let i = 0; i < 20_000; i += 1000) await engine.enqueueMany(Array.from({ length: 1000 }, () => ({ name: 'a' })));
      // Statistics taken while nothing runs, as after a quiet period; then a crowd starts running.
      await client.query('ANALYZE tasks');
      const running = await engine.claim({ queues: ['default'], workerId: 'w', limit: 5000, leaseMs: 60_000 });
      await client.query('SET plan_cache_mode = force_generic_plan');
      await client.query(`PREPARE probe_claim(text[], bigint, int, bigint, text) AS ${SQL.claim}`);
      await client.query(`PREPARE probe_complete(bigint[], jsonb, bigint) AS ${SQL.completeMany}`);
      const plan = async (sql: string) => (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`)).rows.map((r) => r['QUERY PLAN']).join('\n');
      const claimPlan = await plan(`EXECUTE probe_claim('{default}', ${Date.now()}, 200, 30000, 'w')`);
      const done = running.slice(0, 100);
      const ops = JSON.stringify(Object.fromEntries(done.map((t) => [t.id, { token: t.leaseToken, result: null }])));
      const completePlan = await plan(`EXECUTE probe_complete('{${done.map((t) => t.id).join(',')}}', '${ops}', ${Date.now()})`);
      for (const p of [claimPlan, completePlan]) expect(p).not.toMatch(/Seq Scan on tasks|Hash Join/);
      expect(claimPlan).toMatch(/Update on tasks[\s\S]*Index Scan using tasks_pkey/);
      expect(completePlan).toMatch(/Delete on tasks[\s\S]*Index Scan using tasks_pkey/);
    });
  }, 60_000);

  // An idle worker asks for the next run-at each time it runs out of work; with a backlog of
  // delayed tasks, min(run_at) over the queue read every one of their index entries.
  it('the next run-at reads a few index entries per priority, not the backlog of delayed tasks', async () => {
    await withPooledClient(async ({ store, engine, client }) => {
      const now = Date.now();
      for (let i = 0; i < 20_000; i += 1000) {
        await engine.enqueueMany(Array.from({ length: 1000 }, (_, k) => ({ name: 'a', runAt: now + 3_600_000 + ((i + k) * 7919) % 1_000_000, priority: (i + k) % 3 })));
      }
      await client.query('ANALYZE tasks');
      const q = `SELECT min(run_at) AS t FROM tasks WHERE queue = 'default' AND state IN ('pending', 'scheduled', 'retrying')`;
      const truth = Number((await client.query<{ t: string }>(q)).rows[0]!.t);
      expect(await store.taskNextRunAt({ queues: ['default', 'empty'] })).toBe(truth);
      const read = await tasksRowsRead(client, SQL.nextRunAt.replace('$1::text[]', "'{default,empty}'::text[]"));
      // Three priorities: a probe for each and one past the last, and each one's first entry.
      expect(read).toBeGreaterThan(0);
      expect(read).toBeLessThan(20);
    });
  }, 60_000);

  // JIT compiling a statement estimated costly over a large backlog took 31 ms of a 54 ms claim.
  it("the store's connections run generic plans and never JIT-compile them", async () => {
    await withPooledClient(async ({ client }) => {
      expect((await client.query<{ jit: string }>('SHOW jit')).rows[0]!.jit).toBe('off');
      expect((await client.query<{ plan_cache_mode: string }>('SHOW plan_cache_mode')).rows[0]!.plan_cache_mode).toBe('force_generic_plan');
    });
  });

  // Tasks not yet due at a higher priority than the due ones: a claim over the whole queue read
  // every one of them before reaching a due task (a drain beside 100,000 of them ran at 0.78).
  it('a claim reads the due tasks it takes, not the delayed ones at higher priorities', async () => {
    await withPooledClient(async ({ engine, client }) => {
      const now = Date.now();
      for (let i = 0; i < 20_000; i += 1000) {
        await engine.enqueueMany(Array.from({ length: 1000 }, (_, k) => ({ name: 'later', runAt: now + 3_600_000 + i + k, priority: 5 + ((i + k) % 2) })));
      }
      await engine.enqueueMany(Array.from({ length: 50 }, () => ({ name: 'now' })));
      await client.query('ANALYZE tasks');
      await client.query('BEGIN');
      const claim = SQL.claim.replace(/\$1::text\[\]/g, "'{default}'::text[]").replace(/\$2\b/g, String(Date.now())).replace(/\$3\b/g, '10')
        .replace(/\$4\b/g, '30000').replace(/\$5\b/g, "'w'");
      const pages = await claimIndexPages(client, claim);
      const claimed = await client.query<{ name: string }>(`SELECT name FROM tasks WHERE state = 'running'`);
      await client.query('ROLLBACK');
      expect(claimed.rows.map((r) => r.name)).toEqual(Array.from({ length: 10 }, () => 'now'));
      // A probe for each of the three levels (6 and 5 hold only delayed tasks, 0 the due ones),
      // each a descent of the index (a few pages), and the ten due entries: 16 pages here, where
      // the claim over the whole queue touched 171.
      expect(pages).toBeGreaterThan(0);
      expect(pages).toBeLessThan(40);
    });
  }, 60_000);
});
