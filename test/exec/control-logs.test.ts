/**
 * The control channel (results, progress, subtasks from a shell script, malformed lines) and
 * captured logs: interleaved, bounded with a marked truncation, and `taskframe logs` with
 * --follow streaming a running task (through the built CLI).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

const CLI = path.resolve('dist/cli/main.js');
let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    'fanout.service': `[Command]\ncommand=./fanout.sh\n`,
    'fanout.sh': [
      `#!/bin/sh\necho '{"progress": {"done": 0}}' >&3\nfor i in 1 2 3; do echo "{\\"spawn\\": {\\"name\\": \\"child\\", \\"payload\\": {\\"i\\": $i}}}" >&3; done\n` +
        `echo 'this is not json' >&3\necho '{"unknown": 1}' >&3\necho '{"log": "hello from the control channel"}' >&3\necho '{"result": {"n": 3}}' >&3\n`,
      0o755,
    ],
    'pipeline.service': `[Command]\ncommand=./pipeline.sh\n`,
    'pipeline.sh': [`#!/bin/sh\necho '{"spawn": [{"name": "child", "payload": {"i": 1}}, {"name": "child", "payload": {"i": 2}, "after": [0]}]}' >&3\n`, 0o755],
    'counter.service': `[Command]\ncommand="sh -c 'i=1; while [ $i -le 300 ]; do echo \\"{\\\\\\"progress\\\\\\": $i}\\" >&3; i=$((i+1)); done'"\n`,
    'child.service': `[Command]\ncommand="sh -c 'read p; echo child got $p'"\n`,
    'chatty.service': `[Command]\ncommand=./chatty.sh\n`,
    'chatty.sh': ['#!/bin/sh\necho out-1\nsleep 0.05\necho err-1 >&2\nsleep 0.05\necho out-2\nsleep 0.05\necho err-2 >&2\nsleep 0.05\nprintf "no newline at the end"\n', 0o755],
    'flood.service': `[Service]\nLogLimit=2K\n[Command]\ncommand="sh -c 'i=0; while [ $i -lt 500 ]; do echo line-$i; i=$((i+1)); done'"\n`,
    'ticker.service': `[Command]\ncommand=./ticker.sh\n`,
    'ticker.sh': ['#!/bin/sh\nrelease=$(tr -d \'"\')\necho tick-1\nwhile [ ! -f "$release" ]; do sleep 0.02; done\necho tick-2\n', 0o755],
  });
});
afterAll(() => h.close());

function cli(args: string[]): { out: Promise<string>; code: Promise<number | null>; onLine(fn: (l: string) => void): void } {
  const child = spawn(process.execPath, [CLI, '--db', h.ts.url, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const fns: Array<(l: string) => void> = [];
  child.stdout.setEncoding('utf8').on('data', (t: string) => {
    out += t;
    for (const l of t.split('\n')) if (l) fns.forEach((f) => f(l));
  });
  child.stderr.setEncoding('utf8').on('data', (t: string) => (err += t));
  const code = new Promise<number | null>((r) => child.on('close', (c) => r(c)));
  return { out: code.then(() => out + err), code, onLine: (f) => fns.push(f) };
}

describe('control channel', () => {
  it('a shell script reports progress, spawns subtasks with itself as parent, and returns a result; bad lines are warnings', async () => {
    const t = await h.run('fanout');
    expect(t.result).toEqual({ n: 3 });
    expect(t.progress).toEqual({ done: 0 });
    const children = await h.engine.list({ parentId: t.id, limit: 10 });
    expect(children.map((c) => c.name)).toEqual(['child', 'child', 'child']);
    expect(children.map((c) => (c.payload as { i: number }).i).sort()).toEqual([1, 2, 3]);
    const done = await Promise.all(children.map((c) => h.settle(c.id)));
    expect(done.every((c) => c.state === 'succeeded')).toBe(true);
    const log = await h.logText(t.id);
    expect(log).toContain('warning: control channel: ignored a line that is not JSON: "this is not json"');
    expect(log).toContain('warning: control channel: ignored a line with unknown keys unknown');
    expect(log).toContain('system: hello from the control channel');
    expect(log).toMatch(/spawned 1 subtask\(s\): child#\d+/);
    expect(await h.logText(done[0]!.id)).toMatch(/child got \{"i":\d\}/);
    expect((await h.engine.get(t.id)).state).toBe('succeeded');
  });

  it('a spawn list takes after: the script submits a chain of subtasks in one line, and they run in order', async () => {
    const t = await h.run('pipeline');
    const [first, second] = (await h.engine.list({ parentId: t.id, limit: 10 })).sort((a, b) => Number(a.id) - Number(b.id));
    expect(await h.engine.deps([second!.id])).toEqual([{ taskId: second!.id, depId: first!.id }]);
    const [a, b] = [await h.settle(first!.id), await h.settle(second!.id)];
    expect([a.state, b.state]).toEqual(['succeeded', 'succeeded']);
    expect(b.startedAt! >= a.finishedAt!).toBe(true);
    expect((await h.engine.get(t.id)).state).toBe('succeeded');
  });

  it('a flood of progress lines is coalesced: the last value is recorded, not 300 writes', async () => {
    const t = await h.run('counter');
    expect(t.state).toBe('succeeded');
    expect(t.progress).toBe(300);
    const events = (await h.engine.events([t.id])).filter((e) => e.type === 'progress');
    expect(events.length).toBeLessThan(300);
    expect(events.at(-1)!.detail).toBe(300);
  });
});

describe('logs', () => {
  it('stdout and stderr interleave in order with timestamps; a last line without newline is kept', async () => {
    const t = await h.run('chatty');
    const lines = await h.ts.store.logList({ taskId: t.id, limit: 100 });
    expect(lines.map((l) => `${l.stream}:${l.text}`)).toEqual(['stdout:out-1', 'stderr:err-1', 'stdout:out-2', 'stderr:err-2', 'stdout:no newline at the end']);
    expect(lines.every((l, i) => i === 0 || l.at >= lines[i - 1]!.at)).toBe(true);
    const text = await cli(['logs', t.id]).out;
    expect(text).toMatch(/^\d\d:\d\d:\d\d\.\d{3} out\| out-1\n\d\d:\d\d:\d\d\.\d{3} err\| err-1\n/);
    const byName = await cli(['logs', 'chatty', '--json']).out;
    expect(byName.trim().split('\n').map((l) => JSON.parse(l).text)).toEqual(['out-1', 'err-1', 'out-2', 'err-2', 'no newline at the end']);
  });

  it('output over the cap keeps the head and the tail, and marks the truncation', async () => {
    const t = await h.run('flood');
    const lines = (await h.ts.store.logList({ taskId: t.id, limit: 1000 })).map((l) => l.text);
    expect(lines[0]).toBe('line-0');
    expect(lines.at(-1)).toBe('line-499');
    const marker = lines.find((l) => l.startsWith('[taskframe: output truncated'));
    expect(marker).toMatch(/\d+ bytes dropped; the log cap is 2048 bytes/);
    expect(lines.join('\n').length).toBeLessThan(2300);
  });

  it('--follow streams a running task and ends when it finishes', async () => {
    const release = path.join(h.dir, 'release-ticker');
    // The ticker prints a line, then waits for the release file named in its payload.
    const task = await h.engine.enqueue('ticker', release, { maxAttempts: 1 });
    const follow = cli(['logs', task.id, '--follow']);
    const sawFirst = new Promise<void>((r) => follow.onLine((l) => l.includes('tick-1') && r()));
    await sawFirst; // streamed while the task is still running
    expect((await h.engine.get(task.id)).state).toBe('running');
    fs.writeFileSync(release, '');
    expect(await follow.code).toBe(0);
    expect(await follow.out).toMatch(/tick-1[\s\S]*tick-2/);
  });

  it('names a missing task, a bad reference and a bad --attempt clearly (exit 2)', async () => {
    const r = cli(['logs', 'no-such-task']);
    expect(await r.code).toBe(2);
    expect(await r.out).toContain('task named no-such-task not found');
    const bad = cli(['logs', 'not a name!']);
    expect(await bad.code).toBe(2);
    expect(await bad.out).toContain('"not a name!" is neither a task id nor a task name');
    const att = cli(['logs', '1', '--attempt', 'zero']);
    expect(await att.code).toBe(2);
    expect(await att.out).toContain('--attempt: must be a positive integer, got "zero"');
  });

  it('--attempt shows one attempt only; an attempt the task never had is not found (exit 2)', async () => {
    const t = await h.run('chatty', null, { maxAttempts: 1 });
    expect(await cli(['logs', t.id, '--attempt', '1']).out).toContain('out-1');
    const none = cli(['logs', t.id, '--attempt', '2']);
    expect(await none.code).toBe(2);
    expect(await none.out).toContain(`task ${t.id} (chatty) has had 1 attempt; there is no attempt 2`);
  });
});
