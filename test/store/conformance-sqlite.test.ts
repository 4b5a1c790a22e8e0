/**
 * The one conformance suite (conformance.ts) against SQLite, in-thread and with its writer
 * thread. Each driver has a file of its own so the three run side by side.
 */
import { describe, expect, it } from 'vitest';
import { storeConformance } from './conformance.js';

storeConformance('sqlite');

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
