// Where the services are. Overridable so the lead can point a run elsewhere on this machine.
export const PG_URL = process.env.COMPARE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS = { host: process.env.COMPARE_REDIS_HOST ?? '127.0.0.1', port: Number(process.env.COMPARE_REDIS_PORT ?? 6379) };

/** A name for this run's database objects: fresh per system and repetition, so runs never share state. */
export function namespace(systemId, rep) {
  return `cmp_${systemId.replace(/[^a-z0-9]/gi, '_')}_${process.pid}_${rep}_${Date.now().toString(36)}`.toLowerCase();
}
