/** Migrations run from several processes at once: one applies them, the others find them done. */
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { PG_SCHEMA_VERSION } from '../../src/store/postgres/migrate.js';
import { freshPgSchema } from '../helpers/stores.js';
import { PG_URL } from '../helpers/services.js';
import { PG_UP } from './pg-available.js';
import { cli, killAll } from './processes.js';

describe.skipIf(!PG_UP)('postgres: concurrent migrations', () => {
  afterEach(killAll);

  it('six `taskframe migrate` processes at once on a new schema: one migrates, all succeed, one schema', async () => {
    const s = await freshPgSchema();
    try {
      const procs = Array.from({ length: 6 }, () => cli(['--db', s.url, 'migrate', '--json']));
      const codes = await Promise.all(procs.map((p) => p.exited));
      expect(codes, procs.map((p) => p.stderr).join('\n')).toEqual([0, 0, 0, 0, 0, 0]);
      const results = procs.map((p) => JSON.parse(p.stdout) as { from: number; to: number });
      expect(results.filter((r) => r.from === 0)).toHaveLength(1);
      expect(results.every((r) => r.to === PG_SCHEMA_VERSION)).toBe(true);
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      try {
        const v = await c.query(`SELECT version FROM "${s.schema}".taskframe_schema`);
        expect(v.rows).toEqual([{ version: PG_SCHEMA_VERSION }]);
      } finally {
        await c.end();
      }
    } finally {
      await s.drop();
    }
  });
});
