// Looks inside a taskframe store during the soak: live-table rows and bytes, history rows, total
// size on disk, and the plan (and time) of the claim's candidate query — the part of the claim
// that walks the partial index; the UPDATE around it touches only the rows it returns.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pgPool } from '../systems/pg.mjs';
import { ROOT, sqliteFile } from '../systems/taskframe.mjs';

const CLAIMABLE = `state IN ('pending', 'scheduled', 'retrying')`;
const CANDIDATES = `FROM tasks WHERE queue = 'default' AND ${CLAIMABLE} AND run_at <= $now ORDER BY priority DESC, run_at, id LIMIT 100`;

async function sqliteInspector(ns) {
  // better-sqlite3 is taskframe's own dependency: load it from the repository root.
  const Database = createRequire(path.join(ROOT, 'package.json'))('better-sqlite3');
  const file = sqliteFile(ns);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const sql = `SELECT id ${CANDIDATES}`.replace('$now', '?');
  const one = (q, ...a) => Object.values(db.prepare(q).get(...a))[0] ?? 0;
  return {
    async plan() {
      const now = Date.now();
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(now).map((r) => r.detail).join('\n');
      const t0 = performance.now();
      const rows = db.prepare(sql).all(now).length;
      return { plan, ms: performance.now() - t0, rows };
    },
    async sizes() {
      const size = (f) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
      return {
        liveRows: one('SELECT count(*) FROM tasks'),
        doneRows: one('SELECT count(*) FROM tasks_done'),
        eventRows: one('SELECT count(*) FROM events'),
        liveBytes: one(`SELECT sum(pgsize) FROM dbstat WHERE name IN (SELECT name FROM sqlite_master WHERE tbl_name = 'tasks')`),
        totalBytes: size(file) + size(`${file}-wal`),
      };
    },
    /** The biggest tables (with their indexes) — where the bytes on disk are. */
    async largest() {
      return db
        .prepare(`SELECT m.tbl_name AS name, sum(d.pgsize) AS bytes FROM dbstat d JOIN sqlite_master m ON m.name = d.name GROUP BY m.tbl_name ORDER BY bytes DESC LIMIT 5`)
        .all()
        .map((r) => ({ name: r.name, bytes: Number(r.bytes) }));
    },
    close: async () => db.close(),
  };
}

async function postgresInspector(ns) {
  const pool = await pgPool(1);
  const q = async (text, values) => (await pool.query(text, values)).rows;
  return {
    async plan() {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const rows = (await c.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT id ${CANDIDATES.replace('FROM tasks', `FROM "${ns}".tasks`).replace('$now', '$1')} FOR UPDATE SKIP LOCKED`, [Date.now()])).rows;
        const lines = rows.map((r) => r['QUERY PLAN']);
        const exec = lines.find((l) => l.startsWith('Execution Time'));
        return { plan: lines.filter((l) => !/^(Planning|Execution) Time/.test(l)).join('\n'), ms: exec ? Number(exec.match(/[\d.]+/)[0]) : NaN, rows: null };
      } finally {
        await c.query('ROLLBACK');
        c.release();
      }
    },
    async sizes() {
      const n = async (sql) => Number((await q(sql))[0].n);
      return {
        liveRows: await n(`SELECT count(*) AS n FROM "${ns}".tasks`),
        doneRows: await n(`SELECT count(*) AS n FROM "${ns}".tasks_done`).catch(() => NaN),
        eventRows: await n(`SELECT count(*) AS n FROM "${ns}".events`).catch(() => NaN),
        liveBytes: await n(`SELECT pg_total_relation_size('"${ns}".tasks') AS n`),
        totalBytes: await n(`SELECT coalesce(sum(pg_total_relation_size(format('%I.%I', schemaname, tablename))), 0) AS n FROM pg_tables WHERE schemaname = '${ns}'`),
      };
    },
    /** The biggest tables (with indexes and TOAST; partitions listed one by one). */
    async largest() {
      const rows = await q(`SELECT tablename AS name, pg_total_relation_size(format('%I.%I', schemaname, tablename)) AS bytes FROM pg_tables WHERE schemaname = $1 ORDER BY bytes DESC LIMIT 5`, [ns]);
      return rows.map((r) => ({ name: r.name, bytes: Number(r.bytes) }));
    },
    close: () => pool.end(),
  };
}

export const openInspector = (system, ns) => (system.backend === 'SQLite' ? sqliteInspector(ns) : postgresInspector(ns));
