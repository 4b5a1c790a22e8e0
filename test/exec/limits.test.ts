/**
 * Limits enforced for real, each next to a neighbouring task that must finish normally:
 * LimitMem (kernel: cgroup, or RLIMIT_AS without one), MaxTime (TERM, then KILL after the
 * grace period), LimitDisk (RLIMIT_FSIZE), and Restart= setting the attempts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PYTHON, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    'out/': '',
    'hog.service': `[Service]\nLimitMem=64M\n[Command]\ncommand="${PYTHON} -c 'a = bytearray(400 * 1024 * 1024); print(len(a))'"\n`,
    'neighbour.service': `[Service]\nLimitMem=256M\n[Command]\ncommand="${PYTHON} ./neighbour.py"\n`,
    'neighbour.py': 'import json, os, sys, time\na = bytearray(20 * 1024 * 1024)\ntime.sleep(0.3)\nos.write(3, b\'{"result": "fine"}\\n\')\n',
    'slow.service': `[Service]\nMaxTime=300ms\nKillGrace=1500ms\n[Command]\ncommand=./stubborn.sh\n`,
    'stubborn.sh': ["#!/bin/sh\ntrap 'echo got TERM, ignoring it' TERM\necho started\nwhile true; do sleep 0.05; done\n", 0o755],
    'polite.service': `[Service]\nMaxTime=10s\n[Command]\ncommand="sh -c 'sleep 0.5; echo done'"\n`,
    'writer.service': `[Service]\nLimitDisk=1M\n[Command]\ncommand="sh -c 'dd if=/dev/zero of=big.bin bs=1M count=5'"\n[Service]\nWorkingDirectory=out\n`,
    'pywriter.service': `[Service]\nLimitDisk=1M\nWorkingDirectory=out\n[Command]\ncommand="${PYTHON} -c 'open(\\"py.bin\\", \\"wb\\").write(bytes(5 * 1024 * 1024))'"\n`,
    'freewriter.service': `[Service]\nWorkingDirectory=out\n[Command]\ncommand="sh -c 'dd if=/dev/zero of=free.bin bs=1M count=5 2>/dev/null && wc -c < free.bin'"\n`,
    'flaky.service': `[Service]\nRestart=2\n[Command]\ncommand="sh -c 'echo attempt $TASKFRAME_ATTEMPT; exit 1'"\n`,
  }, { concurrency: 4 });
});
afterAll(() => h.close());

describe('limits', () => {
  it('a task over LimitMem is killed and reported as over its memory limit; its neighbour finishes', async () => {
    const [hog, neighbour] = await Promise.all([h.run('hog'), h.run('neighbour')]);
    expect(hog.state).toBe('failed');
    expect(hog.error).toMatchObject({ code: 'MEMORY_LIMIT' });
    expect(hog.error!.message).toContain('exceeded memory limit 64M');
    expect(neighbour.state).toBe('succeeded');
    expect(neighbour.result).toBe('fine');
  });

  it('a task over MaxTime gets TERM, then KILL after the grace period; its neighbour finishes', async () => {
    const startedAt = Date.now();
    const [slow, polite] = await Promise.all([h.run('slow'), h.run('polite')]);
    expect(slow.state).toBe('failed');
    expect(slow.error).toMatchObject({ code: 'TIME_LIMIT', signal: 'SIGKILL' });
    expect(slow.error!.message).toContain('killed by SIGKILL: exceeded time limit 300ms');
    expect(await h.logText(slow.id)).toContain('got TERM, ignoring it');
    expect(Date.now() - startedAt).toBeLessThan(8000);
    expect(polite.state).toBe('succeeded');
    expect(await h.logText(polite.id)).toContain('stdout: done');
  });

  it('a task over LimitDisk cannot write past it and is reported so; an unlimited neighbour writes 5 MB', async () => {
    const [dd, py, free] = await Promise.all([h.run('writer'), h.run('pywriter'), h.run('freewriter')]);
    expect(dd.state).toBe('failed');
    expect(dd.error).toMatchObject({ code: 'DISK_LIMIT' });
    expect(dd.error!.message).toContain('exceeded disk limit 1M');
    expect(py.state).toBe('failed');
    expect(py.error!.message).toMatch(/exceeded disk limit 1M[\s\S]*File too large/);
    expect(free.state).toBe('succeeded');
    expect(await h.logText(free.id)).toContain('stdout: 5242880');
  });

  it('Restart=N allows N retries, whatever the task asked for', async () => {
    const t = await h.engine.enqueue('flaky', null, { maxAttempts: 10, backoff: { baseMs: 1, capMs: 1 } });
    const done = await h.settle(t.id);
    expect(done.state).toBe('failed');
    expect(done).toMatchObject({ attempt: 3, maxAttempts: 3 });
    expect(done.error).toMatchObject({ code: 'EXIT', exitCode: 1 });
  });
});
