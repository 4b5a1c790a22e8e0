// Every system in the comparison, in table order. taskframe first; peers after.
import bullmq from './bullmq.mjs';
import graphile from './graphile.mjs';
import pgboss from './pgboss.mjs';
import { taskframePostgres, taskframePostgresCompact, taskframePostgresNone, taskframeSqlite } from './taskframe.mjs';

export const SYSTEMS = [taskframeSqlite, taskframePostgres, taskframePostgresCompact, taskframePostgresNone, bullmq, graphile, pgboss];
export const byId = (id) => {
  const s = SYSTEMS.find((x) => x.id === id);
  if (!s) throw new Error(`unknown system "${id}" (known: ${SYSTEMS.map((x) => x.id).join(', ')})`);
  return s;
};
