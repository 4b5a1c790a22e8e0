/**
 * The one conformance suite (conformance.ts) against PostgreSQL, at 127.0.0.1:5432 (or
 * TASKFRAME_TEST_PG): unreachable in CI fails; elsewhere the suite is skipped with a notice.
 */
import fs from 'node:fs';
import { describe } from 'vitest';
import { storeConformance } from './conformance.js';
import { pgHostPort, serviceAvailable } from '../helpers/services.js';

const pgDriverPresent = fs.existsSync(new URL('../../src/store/postgres/driver.ts', import.meta.url));
if (pgDriverPresent) {
  const { host, port } = pgHostPort();
  if (await serviceAvailable('PostgreSQL', host, port)) storeConformance('postgres');
  else describe.skip('store conformance: postgres (PostgreSQL unreachable)', () => {});
}
