/**
 * The WAL is copied back into the database file by a background thread, so the thread that
 * commits tasks never pays for a checkpoint; the committing connection keeps only a far backstop.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import type { SqliteStore } from '../../src/store/sqlite/driver.js';
import { openStore } from '../../src/store/open.js';
import { CHECKPOINT_THREAD_SCRIPT, tempDir } from '../helpers/stores.js';

describe('sqlite: background checkpoints', () => {
  const dirs: string[] = [];
  const stores: SqliteStore[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  async function open(checkpointThread: string | false) {
    const dir = tempDir();
    dirs.push(dir);
    const file = path.join(dir, 't.db');
    const store = (await openStore(`sqlite:${file}`, { checkpointThread })) as SqliteStore;
    stores.push(store);
    return { store, engine: new Engine({ store }), file };
  }

  it('copies committed pages into the database file while the committing thread does not', async () => {
    const { engine, file, store } = await open(CHECKPOINT_THREAD_SCRIPT);
    const before = fs.statSync(file).size;
    await engine.enqueueMany(Array.from({ length: 3000 }, (_, i) => ({ name: 'a', payload: { i, pad: 'x'.repeat(200) } })));
    expect(store.checkpointer).not.toBeNull();
    // Far below the backstop (10,000 pages): only the thread can have grown the file.
    const deadline = Date.now() + 5000;
    while (fs.statSync(file).size <= before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(fs.statSync(file).size).toBeGreaterThan(before);
    // The data is all there, through a fresh connection.
    // Closing the store ends the thread and its connection too: the last one out removes the WAL.
    await store.close();
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    const db = new Database(file, { readonly: true });
    expect((db.prepare('SELECT count(*) AS n FROM tasks').get() as { n: number }).n).toBe(3000);
    db.close();
  });

  it('can be turned off: then the file grows only when the connection checkpoints itself', async () => {
    const { engine, file, store } = await open(false);
    await engine.enqueueMany([{ name: 'a' }]);
    expect(store.checkpointer).toBeNull();
    const before = fs.statSync(file).size;
    await engine.enqueueMany(Array.from({ length: 300 }, (_, i) => ({ name: 'a', payload: { i } })));
    // Kept on purpose: this asserts that nothing happens, which no event can announce. A thread
    // left running by mistake checkpoints every 20 ms (CHECKPOINT_INTERVAL_MS): 200 ms is ten of its
    // rounds. The commits themselves are over (enqueueMany resolved), so nothing else writes the file.
    await new Promise((r) => setTimeout(r, 200));
    expect(fs.statSync(file).size).toBe(before);
  });
});
