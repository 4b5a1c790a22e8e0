/**
 * Memory limits without a writable cgroup hierarchy (an unprivileged worker): RLIMIT_AS makes
 * allocations fail inside the task, which is still reported as its memory limit, while a
 * neighbour under the same kind of limit finishes.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cgroupSupport, setMemoryLimiter } from '../../src/worker/runners/exec/memory-limit.js';
import { PYTHON, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  setMemoryLimiter('rlimit');
  h = await startHarness({
    'hog.service': `[Service]\nLimitMem=200M\n[Command]\ncommand="${PYTHON} -c 'a = bytearray(600 * 1024 * 1024)'"\n`,
    'neighbour.service': `[Service]\nLimitMem=200M\n[Command]\ncommand="${PYTHON} -c 'a = bytearray(20 * 1024 * 1024); print(len(a))'"\n`,
  });
});
afterAll(async () => {
  setMemoryLimiter('auto');
  await h.close();
});

it('a task over LimitMem under RLIMIT_AS fails as over its memory limit; its neighbour finishes', async () => {
  expect(cgroupSupport()).toMatch(/^rlimit/);
  const [hog, neighbour] = await Promise.all([h.run('hog'), h.run('neighbour')]);
  expect(hog.state).toBe('failed');
  expect(hog.error).toMatchObject({ code: 'MEMORY_LIMIT' });
  expect(hog.error!.message).toMatch(/exceeded memory limit 200M[\s\S]*MemoryError/);
  expect(neighbour.state).toBe('succeeded');
  expect(await h.logText(neighbour.id)).toContain('stdout: 20971520');
});
