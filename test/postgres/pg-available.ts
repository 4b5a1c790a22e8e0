/** Whether the PostgreSQL tests run here (in CI an unreachable server fails instead). */
import { pgHostPort, serviceAvailable } from '../helpers/services.js';

const { host, port } = pgHostPort();
export const PG_UP = await serviceAvailable('PostgreSQL', host, port);
