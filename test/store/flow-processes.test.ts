/**
 * Limits hold cluster-wide: 8 claimers in 2 real processes (4 here, 4 in a spawned node process
 * on the built modules) against one store never run more than K tasks of a key at once and never
 * claim more than N in any rate period (windows slide). Twice: with a rate rule beside the key rule, and with the key
 * rule alone (on PostgreSQL the one-round-trip claim, postgres/flow-fast.ts, serves that case). Checked afterwards from the event log: in event id order
 * (a claim's event always follows the completions it saw), claimed +1 and succeeded -1 per key;
 * and claims counted over every period ending at a claim, by the claim's own time.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { pgHostPort, serviceAvailable } from '../helpers/services.js';
import { feedSettled, freshStore, type DriverName, type TestStore } from '../helpers/stores.js';
// @ts-expect-error a plain ES module shared with the spawned process
import { claimLoop } from '../fixtures/flow-claim-loop.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHILD = path.join(ROOT, 'test/fixtures/flow-claimer.mjs');
const built = fs.existsSync(path.join(ROOT, 'dist/engine/engine.js'));

const K = 2;
const RATE = { n: 40, periodMs: 100 };

function twoProcesses(driver: DriverName, withRate: boolean): void {
  describe(`flow limits across 2 processes: ${driver}${withRate ? '' : ', key rule alone'}`, () => {
    let ts: TestStore | undefined;
    afterEach(async () => {
      await ts?.cleanup();
    });

    it(`8 claimers never exceed concurrency ${K} per key${withRate ? ` nor ${RATE.n}/${RATE.periodMs}ms` : ''}`, { timeout: 120_000 }, async () => {
      ts = await freshStore(driver);
      const engine = new Engine({ store: ts.store });
      const tenants = ['a', 'b', 'c', 'd', 'e', 'f'];
      // Without the rate rule the claimers here would drain a few hundred tasks before the other
      // process's first claim: enough that both processes claim for a while.
      const total = withRate ? 240 : 1200;
      await engine.enqueueMany(Array.from({ length: total }, (_, i) => ({ name: 't', queue: 'q', payload: { tenant: tenants[i % tenants.length], i } })));
      await engine.flow.setLimit({ queue: 'q', key: 'payload.tenant', concurrency: K });
      if (withRate) await engine.flow.setLimit({ name: 't', rate: `${RATE.n}/${RATE.periodMs}ms` });
      const child = spawn(process.execPath, [CHILD, ts.url, '4', 'child'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      try {
        // Both processes claim: this one starts once the child has made its first claim (on a
        // loaded machine it could otherwise start after this one had drained everything).
        let timer: NodeJS.Timeout | undefined;
        const ready = await Promise.race([
          new Promise<boolean>((resolve) => child.stdout.on('data', () => out.includes('claimed\n') && resolve(true))),
          exited.then(() => false),
          new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 60_000))),
        ]);
        clearTimeout(timer);
        expect(ready, `the claimer process did not claim: ${out}`).toBe(true);
        await Promise.all(Array.from({ length: 4 }, (_, i) => claimLoop(engine, ts!.store, `here-${i}`)));
        expect(await exited, out).toBe(0);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await engine.flush();

      await feedSettled(ts.store);
      const events = await ts.store.eventFeed({ limit: 100_000 });
      const tenantOf = new Map<string, string>();
      for (const t of await ts.store.taskList({ limit: 2000 })) tenantOf.set(t.id, (t.payload as { tenant: string }).tenant);
      const done = await ts.store.taskSearch({ limit: 2000, scanLimit: 2000, states: ['succeeded'] });
      for (const t of done.tasks) tenantOf.set(t.id, (t.payload as { tenant: string }).tenant);
      expect(done.tasks.length).toBe(total);
      const running = new Map<string, number>();
      let peak = 0;
      const claimedAt: number[] = [];
      const workers = new Set<string>();
      for (const e of [...events].sort((x, y) => Number(x.id) - Number(y.id))) {
        const key = tenantOf.get(e.taskId)!;
        if (e.type === 'claimed') {
          running.set(key, (running.get(key) ?? 0) + 1);
          peak = Math.max(peak, running.get(key)!);
          claimedAt.push(e.at);
          workers.add(String(e.workerId).split('-')[0]!);
        } else if (e.type === 'succeeded') running.set(key, running.get(key)! - 1);
      }
      expect(peak).toBe(K);
      if (withRate) {
        // Windows slide: every period that ends at a claim holds at most N claims.
        const times = claimedAt.sort((a, b) => a - b);
        let from = 0;
        let most = 0;
        for (let i = 0; i < times.length; i++) {
          while (times[from]! <= times[i]! - RATE.periodMs) from++;
          most = Math.max(most, i - from + 1);
        }
        expect(most).toBeLessThanOrEqual(RATE.n);
      }
      expect([...workers].sort()).toEqual(['child', 'here']);
    });
  });
}

// The child process runs the built modules; `npm test` builds first, so their absence is an error.
if (!built) throw new Error('flow limits across 2 processes: dist/ is missing (run `npm run build` first)');
twoProcesses('sqlite', true);
twoProcesses('sqlite', false);
const { host, port } = pgHostPort();
if (await serviceAvailable('PostgreSQL', host, port)) {
  twoProcesses('postgres', true);
  twoProcesses('postgres', false);
} else describe.skip('flow limits across 2 processes: postgres (PostgreSQL unreachable)', () => {});
