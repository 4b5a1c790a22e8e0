/**
 * `taskframe retry` and `cancel` on a selection: every task matching --queue/--name/--state
 * (--all), or the newest N (--limit), past the thousand one call of engine.bulk acts on; each
 * task on its own (a refusal is reported and leaves the others done, exit 1); bad selections
 * refused before anything changes (exit 2, naming the option).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { runCli } from '../helpers/processes.js';
import { freshSqlite, type TestStore } from '../helpers/stores.js';

let ts: TestStore;
let engine: Engine;
const FAILED = 1_200;

const cli = (...args: string[]) => runCli(['--db', ts.url, ...args]);
const states = async (queue: string) => {
  const out: Record<string, number> = {};
  let beforeId: string | undefined;
  do {
    const page = await engine.inspect.tasks({ queue }, { limit: 1000, ...(beforeId ? { beforeId } : {}) });
    for (const t of page.items) out[t.state] = (out[t.state] ?? 0) + 1;
    beforeId = page.next ?? undefined;
  } while (beforeId);
  return out;
};

beforeAll(async () => {
  ts = await freshSqlite();
  engine = new Engine({ store: ts.store });
  await engine.enqueueMany(Array.from({ length: FAILED }, (_, i) => ({ name: 'mail.send', queue: 'mail', payload: { i }, maxAttempts: 1 })));
  for (;;) {
    const got = await engine.claim({ queues: ['mail'], workerId: 'w', limit: 500, leaseMs: 60_000 });
    if (got.length === 0) break;
    await Promise.all(got.map((task) => engine.fail({ task, error: new Error('smtp down') })));
  }
  await engine.enqueueMany(Array.from({ length: 30 }, (_, i) => ({ name: 'mail.digest', queue: 'mail', payload: { i } })));
  // A page's worth of tasks that cannot be cancelled (succeeded), newer than five that can.
  await engine.enqueueMany(Array.from({ length: 5 }, (_, i) => ({ name: 'report', queue: 'mixed', payload: { i } })));
  const finished = await engine.enqueueMany(Array.from({ length: 1000 }, (_, i) => ({ name: 'report', queue: 'mixed', payload: { i }, priority: 1 })));
  for (let left = finished.length; left > 0; ) {
    const got = await engine.claim({ queues: ['mixed'], workerId: 'w', limit: 500, leaseMs: 60_000 });
    await Promise.all(got.map((t) => engine.complete({ id: t.id, leaseToken: t.leaseToken })));
    left -= got.length;
  }
  const done = await engine.enqueue('mail.ok', null, { queue: 'done' });
  const [c] = await engine.claim({ queues: ['done'], workerId: 'w', limit: 1, leaseMs: 60_000 });
  await engine.complete({ id: c!.id, leaseToken: c!.leaseToken });
  expect((await engine.get(done.id)).state).toBe('succeeded');
  await engine.flush();
}, 120_000);
afterAll(async () => {
  await engine.flush();
  await ts.cleanup();
});

describe('retry and cancel on a selection', () => {
  it('refuses a selection it cannot act on, naming the option, and changes nothing', async () => {
    const before = await states('mail');
    for (const [args, option] of [
      [['retry'], '--queue'],
      [['cancel', '--queue', 'mail'], '--all'],
      [['cancel', '--queue', 'mail', '--all', '--limit', '5'], '--all'],
      [['retry', '5', '--queue', 'mail'], 'id'],
      [['retry', '--queue', 'mail', '--limit', '0'], '--limit'],
      [['retry', '--queue', 'mail', '--limit', 'many'], '--limit'],
      [['cancel', '--state', 'finished', '--all'], '--state'],
    ] as const) {
      const r = await cli(...args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain(`[VALIDATION]: ${option}:`);
    }
    expect(await states('mail')).toEqual(before);
  });

  it('--all retries every failed task of a queue, past a thousand, and leaves the rest alone', async () => {
    const r = await cli('retry', '--queue', 'mail', '--all');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('1,200 tasks retried (pending again)');
    expect(await states('mail')).toEqual({ pending: FAILED + 30 });
    // With a fresh set of attempts.
    const t = (await engine.inspect.tasks({ queue: 'mail', name: 'mail.send' }, { limit: 1 })).items[0]!;
    expect(t).toMatchObject({ attempt: 0, maxAttempts: 1 });
  });

  it('--limit cancels the newest N; a name narrows it; --json gives every answer', async () => {
    const r = await cli('cancel', '--queue', 'mail', '--name', 'mail.digest', '--limit', '10', '--reason', 'duplicate digests');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('10 tasks cancelled');
    const digests = (await engine.inspect.tasks({ queue: 'mail', name: 'mail.digest' }, { limit: 100 })).items;
    // Newest first: the ten with the highest ids.
    expect(digests.filter((d) => d.state === 'cancelled').map((d) => (d.payload as { i: number }).i).sort((a, b) => a - b)).toEqual([20, 21, 22, 23, 24, 25, 26, 27, 28, 29]);
    const audit = await engine.events([digests[0]!.id]);
    expect(audit.at(-1)).toMatchObject({ type: 'cancelled', detail: { reason: 'duplicate digests' } });

    const all = await cli('cancel', '--queue', 'mail', '--all', '--json');
    expect(all.code, all.stderr).toBe(0);
    const body = JSON.parse(all.stdout) as { succeeded: number; failed: number; results: Array<{ id: string; ok: boolean; state: string }> };
    expect(body).toMatchObject({ succeeded: FAILED + 20, failed: 0 });
    expect(new Set(body.results.map((x) => x.id)).size).toBe(FAILED + 20);
    expect(body.results.every((x) => x.ok && x.state === 'cancelled')).toBe(true);
    expect(await states('mail')).toEqual({ cancelled: FAILED + 30 });
  });

  it('a task the action cannot change is refused on its own: reported, exit 1, the others done', async () => {
    const r = await cli('retry', '--queue', 'done', '--state', 'succeeded', '--all');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^task \d+: not retried \(CONFLICT: /m);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('0 tasks retried (pending again), 1 refused');
    expect(await states('done')).toEqual({ succeeded: 1 });
    // Refusals fill the first page (the newest thousand): the paging goes on past them.
    const mixed = await cli('cancel', '--queue', 'mixed', '--state', 'succeeded,pending', '--all');
    expect(mixed.code).toBe(1);
    expect(mixed.stdout.trim().split('\n').at(-1)).toBe('5 tasks cancelled, 1,000 refused');
    expect(await states('mixed')).toEqual({ succeeded: 1000, cancelled: 5 });
    // Nothing matching is not an error.
    const none = await cli('retry', '--queue', 'nowhere', '--all');
    expect(none.code).toBe(0);
    expect(none.stdout.trim()).toBe('0 tasks retried (pending again) (none matched)');
  });
});
