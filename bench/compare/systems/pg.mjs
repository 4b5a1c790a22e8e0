// A small pg pool for the harness's own bookkeeping queries (counts, sizes, plans, dropping schemas).
import { PG_URL } from '../env.mjs';

export async function pgPool(max = 2) {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: PG_URL, max });
  pool.on('error', () => undefined);
  return pool;
}

export async function pgUnavailable() {
  const pool = await pgPool(1);
  try {
    await pool.query('SELECT 1');
    return null;
  } catch (err) {
    return `PostgreSQL at ${PG_URL} unreachable (${err.message})`;
  } finally {
    await pool.end();
  }
}

export async function dropSchema(schema) {
  const pool = await pgPool(1);
  try {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await pool.end();
  }
}
