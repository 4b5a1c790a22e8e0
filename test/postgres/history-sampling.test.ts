/**
 * ANALYZE reads a small sample of history (src/store/postgres/history-sampling.ts): a long ANALYZE
 * of a day partition holds a snapshot that keeps VACUUM of the live table from reclaiming
 * anything meanwhile. Every day partition gets the targets, whether it existed before the
 * migration or is created after it (a partition does not take its parent's).
 */
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { HISTORY_STATISTICS_TARGET } from '../../src/store/postgres/history-sampling.js';
import { dayOf } from '../../src/store/postgres/days.js';
import { ensureDayPartitions, partitionName } from '../../src/store/postgres/partitions.js';
import { PG_MIGRATIONS } from '../../src/store/postgres/schema.js';
import { freshPgSchemaWithClient, PG_UNDO_FROM_10 } from '../helpers/stores.js';
import { PG_URL } from '../helpers/services.js';
import { PG_UP } from './pg-available.js';

type Schema = Awaited<ReturnType<typeof freshPgSchemaWithClient>>;

describe.skipIf(!PG_UP)('postgres: ANALYZE samples history lightly', () => {
  let s: Schema;
  let c: pg.Client;

  beforeEach(async () => {
    s = await freshPgSchemaWithClient();
    c = s.client;
  });
  afterEach(() => s.drop());

  /** Every column's statistics target of each table, as `table.column` -> target (-1: the default). */
  async function targets(tables: string[]): Promise<Map<string, { target: number; jsonb: boolean }>> {
    const r = await c.query<{ rel: string; col: string; target: number; jsonb: boolean }>(
      `SELECT c.relname AS rel, a.attname AS col, a.attstattarget AS target, a.atttypid = 'jsonb'::regtype AS jsonb
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relname = ANY($2::text[]) AND a.attnum > 0 AND NOT a.attisdropped`,
      [s.schema, tables],
    );
    expect(new Set(r.rows.map((x) => x.rel))).toEqual(new Set(tables));
    return new Map(r.rows.map((x) => [`${x.rel}.${x.col}`, { target: x.target, jsonb: x.jsonb }]));
  }

  function expectLight(found: Map<string, { target: number; jsonb: boolean }>): void {
    for (const [col, { target, jsonb }] of found) expect([col, target]).toEqual([col, jsonb ? 0 : HISTORY_STATISTICS_TARGET]);
  }

  const today = dayOf(Date.now());
  const days = [today, today + 1];
  const history = (parents = ['tasks_done', 'events'] as const) => [...parents, ...parents.flatMap((p) => days.map((d) => partitionName(p, d)))];

  it('sets the targets on the parents and on every day partition a new store creates', async () => {
    const store = await openStore(s.url);
    await store.close();
    const found = await targets(history());
    expect([...found.keys()]).toContain('events.detail');
    expect(found.get('tasks_done.payload')).toEqual({ target: 0, jsonb: true });
    expectLight(found);
  });

  it('a partition created later gets them too, and ANALYZE of it samples 3,000 rows and leaves jsonb out', async () => {
    const store = await openStore(s.url);
    await store.close();
    // Three days ahead: a partition made after the migration has run, as a later day's write would.
    await c.query(`SET search_path = "${s.schema}"`);
    const later = today + 3;
    const pool = new pg.Pool({ connectionString: PG_URL, max: 1, options: `-c search_path=${s.schema}` });
    try {
      await ensureDayPartitions(pool, s.schema, [later]);
    } finally {
      await pool.end();
    }
    const name = partitionName('events', later);
    expectLight(await targets([name]));

    const at = later * 86_400_000 + 1;
    await c.query(`INSERT INTO events (task_id, type, at, attempt, detail) SELECT g, 'created', $1, 0, jsonb_build_object('state', 'pending') FROM generate_series(1, 5000) g`, [at]);
    const info: string[] = [];
    c.on('notice', (n) => info.push(n.message ?? ''));
    await c.query(`ANALYZE VERBOSE "${name}"`);
    expect(info.join('\n')).toMatch(/5000 live rows and 0 dead rows; 3000 rows in sample/);
    const stats = await c.query<{ attname: string }>(`SELECT attname FROM pg_stats WHERE schemaname = $1 AND tablename = $2`, [s.schema, name]);
    const cols = stats.rows.map((r) => r.attname);
    expect(cols).toContain('task_id');
    expect(cols).not.toContain('detail');
  });

  it('migrating a schema of version 8 sets them on the partitions it already has', async () => {
    const store = await openStore(s.url);
    await store.close();
    await c.query(`SET search_path = "${s.schema}"`);
    // Version 8 as it was: every target the default.
    for (const t of ['tasks_done', 'events']) {
      const cols = await c.query<{ attname: string }>(`SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped`, [t]);
      await c.query(`ALTER TABLE ${t} ${cols.rows.map((r) => `ALTER COLUMN "${r.attname}" SET STATISTICS -1`).join(', ')}`);
    }
    await c.query(PG_UNDO_FROM_10); // migrations 10 on, run again after 9
    await c.query('UPDATE taskframe_schema SET version = 8');
    expect(new Set([...(await targets(history())).values()].map((v) => v.target))).toEqual(new Set([-1]));

    const upgraded = await openStore(s.url);
    try {
      expect(await upgraded.schemaVersion()).toBe(PG_MIGRATIONS.length);
    } finally {
      await upgraded.close();
    }
    expectLight(await targets(history()));
  });
});
