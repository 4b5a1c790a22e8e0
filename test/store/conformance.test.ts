/**
 * Runs the one conformance suite against every driver. PostgreSQL needs 127.0.0.1:5432 (or
 * TASKFRAME_TEST_PG): unreachable in CI fails; elsewhere the driver is skipped with a notice.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { storeConformance } from './conformance.js';
import { pgHostPort, serviceAvailable } from '../helpers/services.js';

storeConformance('sqlite');
storeConformance('sqlite-threaded');

const pgDriverPresent = fs.existsSync(new URL('../../src/store/postgres/driver.ts', import.meta.url));
if (pgDriverPresent) {
  const { host, port } = pgHostPort();
  if (await serviceAvailable('PostgreSQL', host, port)) storeConformance('postgres');
  else describe.skip('store conformance: postgres (PostgreSQL unreachable)', () => {});
}

describe('SQLite writer thread', () => {
  it('the threaded variant really applies writes on its own thread, and the default from sources is in-thread', async () => {
    const { freshSqlite } = await import('../helpers/stores.js');
    const threaded = await freshSqlite({ threaded: true });
    const plain = await freshSqlite();
    try {
      expect((threaded.store as unknown as { threaded: boolean }).threaded).toBe(true);
      expect((plain.store as unknown as { threaded: boolean }).threaded).toBe(false);
    } finally {
      await threaded.cleanup();
      await plain.cleanup();
    }
  });
});
