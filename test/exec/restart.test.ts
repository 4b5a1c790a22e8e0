/**
 * Restart= sets how many attempts a unit's tasks get, whatever they were enqueued with (the
 * stored task says so, so `status` shows it); the documented error codes survive the last
 * attempt; a unit without [Setup] never says it is waiting for one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
const fast = { kind: 'fixed', baseMs: 5, capMs: 5, jitter: 0 } as const;

beforeAll(async () => {
  h = await startHarness(
    {
      'flaky.service': `[Service]\nRestart=5\n[Command]\ncommand="sh -c 'echo $TASKFRAME_ATTEMPT >> flaky.log; exit 1'"\n`,
      'once.service': `[Service]\nRestart=never\n[Command]\ncommand="sh -c 'echo $TASKFRAME_ATTEMPT >> once.log; exit 1'"\n`,
      'checked.service': `[Service]\nRestart=1\n[Checks]\nready=sh -c 'echo not ready; exit 3'\n[Command]\ncommand=true\n`,
      'conditioned.service': `[Service]\nRestart=never\n[RunIf]\nRequires=sh -c 'no-such-command-anywhere'\n[Command]\ncommand=true\n`,
      'plain.service': `[Command]\ncommand=true\n`,
    },
    { concurrency: 20 },
  );
});
afterAll(() => h.close());

const lines = (f: string) => fs.readFileSync(path.join(h.dir, f), 'utf8').trim().split('\n');

describe('Restart= sets the attempts of a unit\'s tasks', () => {
  it('Restart=5 gives 6 attempts to a task enqueued with the default 3', async () => {
    const t = await h.engine.enqueue('flaky', null, { backoff: fast });
    expect(t.maxAttempts).toBe(3);
    const done = await h.settle(t.id);
    expect(done.state).toBe('failed');
    expect(lines('flaky.log')).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(done).toMatchObject({ attempt: 6, maxAttempts: 6 });
  });

  it('Restart=never gives one attempt, and the stored task says 1/1', async () => {
    const t = await h.engine.enqueue('once', null, { maxAttempts: 5, backoff: fast });
    const done = await h.settle(t.id);
    expect(lines('once.log')).toEqual(['1']);
    expect(done).toMatchObject({ state: 'failed', attempt: 1, maxAttempts: 1 });
  });
});

describe('error codes on the last attempt', () => {
  it('a failing check is CHECK_FAILED on every attempt, the last one included', async () => {
    const t = await h.engine.enqueue('checked', null, { maxAttempts: 4, backoff: fast });
    const done = await h.settle(t.id);
    expect(done).toMatchObject({ state: 'failed', attempt: 2 });
    expect(done.error).toMatchObject({ code: 'CHECK_FAILED', kind: 'CheckFailedError', exitCode: 3 });
    expect(done.error!.message).toMatch(/check "ready" of unit checked failed \(exit 3\)/);
    const failedEvents = (await h.engine.events([t.id])).filter((e) => e.type === 'failed' || e.type === 'retry_scheduled');
    expect(failedEvents).toHaveLength(2);
  });

  it('a run condition that cannot run is CONDITION_FAILED on the last attempt', async () => {
    const done = await h.settle((await h.engine.enqueue('conditioned', null, { backoff: fast })).id);
    expect(done.state).toBe('failed');
    expect(done.error).toMatchObject({ code: 'CONDITION_FAILED', kind: 'ConditionError' });
  });
});

describe('set-up', () => {
  it('a unit without [Setup] never logs that it waits for a set-up', async () => {
    const tasks = await h.engine.enqueueMany(Array.from({ length: 20 }, () => ({ name: 'plain', maxAttempts: 1 })));
    const done = await Promise.all(tasks.map((t) => h.settle(t.id)));
    expect(done.every((t) => t.state === 'succeeded')).toBe(true);
    for (const t of done) expect(await h.logText(t.id)).not.toMatch(/set-up/);
  });
});
