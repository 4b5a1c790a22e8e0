/**
 * A worker whose SQLite store sits on a full disk (issue 14, item 21): it backs off instead of
 * retrying its claim at once forever (1,800 log lines a second at 100% CPU before), says so in
 * one line, and once space returns records the results it was holding and finishes the rest.
 * The disk is a small tmpfs the test mounts and removes (needs root; skipped with a reason
 * elsewhere outside CI). Opening a store on a full disk names that, not only SQLite's "disk I/O error".
 */
import fs from 'node:fs';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { Worker } from '../../src/worker/worker.js';
import { canOrSkip, mountTmpfs, tmpfsProbe, type Tmpfs } from '../helpers/privileged.js';
import { WRITER_THREAD_SCRIPT } from '../helpers/stores.js';

const CAN_MOUNT = canOrSkip('a tmpfs mount (root)', tmpfsProbe);
const TASKS = 300;

/** Writes until the filesystem refuses another byte. */
function fillDisk(file: string): void {
  const fd = fs.openSync(file, 'w');
  try {
    for (const size of [64 * 1024, 512]) {
      const buf = Buffer.alloc(size, 1);
      try {
        for (;;) fs.writeSync(fd, buf);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      }
    }
  } finally {
    fs.closeSync(fd);
  }
}

describe.skipIf(!CAN_MOUNT)('worker on a full disk (SQLite)', () => {
  let disk: Tmpfs | undefined;
  let store: Store | undefined;
  let worker: Worker | undefined;
  afterEach(async () => {
    await worker?.stop(0);
    await store?.close();
    disk?.remove();
    [worker, store, disk] = [undefined, undefined, undefined];
  });

  it.each([
    ['writes on the main thread', false],
    ['the writer thread (the CLI default)', WRITER_THREAD_SCRIPT],
  ] as const)('backs off with one line while the disk is full, and finishes every task once space returns (%s)', async (_, writerThread) => {
    disk = mountTmpfs(16 << 20);
    store = await openStore(`sqlite:${disk.dir}/t.db`, { writerThread, checkpointThread: false });
    const engine = new Engine({ store });
    await engine.enqueueMany(Array.from({ length: TASKS }, (_, i) => ({ name: 'work', payload: { i } })));

    const lines: Array<{ msg: string }> = [];
    const logger = pino({ level: 'warn' }, { write: (l: string) => void lines.push(JSON.parse(l) as { msg: string }) });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const outcomes = new Map<string, string[]>();
    worker = new Worker(engine, {
      handlers: { work: async () => (await gate, 'x'.repeat(500)) },
      concurrency: 20,
      leaseMs: 60_000,
      logger,
    });
    worker.on("task:end", (t, outcome) => outcomes.set(t.id, [...(outcomes.get(t.id) ?? []), outcome]));
    const started = new Promise<void>((r) => worker!.once('task:start', () => r()));
    worker.start();
    await started;

    fillDisk(`${disk.dir}/filler`);
    release();
    // The outage starts at the first write that finds no room (SQLite may still write into WAL
    // space it had before), and is said once.
    const unavailable = () => lines.filter((l) => /store unavailable/.test(l.msg));
    for (const giveUp = Date.now() + 10_000; unavailable().length === 0; await new Promise((r) => setTimeout(r, 10))) {
      if (Date.now() > giveUp) throw new Error(`no write failed within 10 s of filling the disk; logged: ${JSON.stringify(lines)}`);
    }
    const tx0 = engine.writeStats.transactions;
    const cpu0 = process.cpuUsage();
    const t0 = Date.now();
    // A time window is the point here: what the worker does while nothing changes.
    await new Promise((r) => setTimeout(r, 2000));
    const wallMs = Date.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const writes = engine.writeStats.transactions - tx0;
    const during = lines.map((l) => l.msg);
    console.log(`full disk for ${wallMs} ms: ${writes} write transactions, ${during.length} log lines, CPU ${Math.round((cpu.user + cpu.system) / 1000)} ms`);
    // Before: about 3,600 claims and as many log lines in 2 s, at 100% CPU.
    expect(unavailable(), JSON.stringify(during)).toHaveLength(1);
    expect(during.length, JSON.stringify(during)).toBeLessThanOrEqual(2);
    expect(writes).toBeLessThan(40);
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(wallMs / 2);

    fs.rmSync(`${disk.dir}/filler`);
    // Finished in the store and told by the worker: with the writer thread, a batch is committed
    // a moment before its answer reaches the worker (and `task:end` with it).
    const live = async () => {
      const c = await store!.taskCountLive({});
      return (c['running'] ?? 0) + (c['pending'] ?? 0);
    };
    const finished = async () => (await live()) === 0 && outcomes.size >= TASKS;
    const deadline = Date.now() + 30_000;
    while (!(await finished())) {
      if (Date.now() > deadline) throw new Error(`not finished: ${JSON.stringify(await store.taskCountLive({}))}, ${outcomes.size} of ${TASKS} told`);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(lines.map((l) => l.msg).filter((m) => /store available again/.test(m))).toHaveLength(1);
    // Every task succeeded, each once: the results held through the outage were recorded, none lost.
    const counts = (await store.queueCounts()).find((q) => q.queue === 'default')?.counts;
    expect(counts).toEqual({ succeeded: TASKS });
    expect([...outcomes.values()].every((o) => o.length === 1 && o[0] === 'succeeded')).toBe(true);
    expect(outcomes.size).toBe(TASKS);
  });
});

describe.skipIf(!CAN_MOUNT)('opening a SQLite store on a full disk', () => {
  it('says the filesystem is full, not only "disk I/O error", for a new file and for one made before', async () => {
    const disk = mountTmpfs(2 << 20);
    try {
      const made = await openStore(`sqlite:${disk.dir}/made.db`, { checkpointThread: false });
      await made.close();
      fillDisk(`${disk.dir}/filler`);
      for (const name of ['new.db', 'made.db']) {
        const err = await openStore(`sqlite:${disk.dir}/${name}`, { checkpointThread: false }).then(
          () => null,
          (e: unknown) => e,
        );
        expect(err, name).toMatchObject({ code: 'STORE_OPEN' });
        expect((err as Error).message, name).toMatch(new RegExp(`the filesystem holding ${disk.dir} is full \\(\\d+ bytes free\\)`));
      }
      // Space back: the same file opens.
      fs.rmSync(`${disk.dir}/filler`);
      const again = await openStore(`sqlite:${disk.dir}/made.db`, { checkpointThread: false });
      await again.close();
    } finally {
      disk.remove();
    }
  });
});
