/** What the fleet tests read from their processes and their database. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PgServer } from '../helpers/pg-server.js';
import type { Proc } from '../helpers/proc.js';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const HANDLERS = path.join(FIXTURES, 'handlers.mjs');
export const PRODUCER = path.join(FIXTURES, 'producer.mjs');
export const TOKEN = 'c1f0e7a94b2d58e3a6f1';
export const TOKENS_ENV = { TASKFRAME_TOKENS: `fleet:admin:${TOKEN}` };

interface ProducerLine {
  acked?: string[];
  failed?: string;
  at: number;
}

export function producerLines(p: Proc): ProducerLine[] {
  return p.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as ProducerLine);
}

/** Ids of every enqueue the producer was told succeeded. */
export function ackedIds(p: Proc): string[] {
  return producerLines(p).flatMap((l) => l.acked ?? []);
}

/** The acknowledged ids that are in neither the live table nor history. */
export async function missingTasks(db: PgServer, schema: string, ids: string[], database = 'postgres'): Promise<string[]> {
  if (ids.length === 0) return [];
  const out = await db.sql(
    `SELECT i FROM unnest('{${ids.join(',')}}'::bigint[]) AS i WHERE NOT EXISTS (SELECT 1 FROM "${schema}".tasks t WHERE t.id = i) AND NOT EXISTS (SELECT 1 FROM "${schema}".tasks_done d WHERE d.id = i)`,
    database,
  );
  return out ? out.split('\n') : [];
}

export async function http(base: string, method: string, route: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}${route}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** Lines that mean a process died of a broken connection (the bug these tests are about). */
export const CRASH = /Unhandled 'error' event|Emitted 'error' event|uncaughtException|unhandledRejection/;
