/**
 * A process per task, for real: a Python script, a shell script and a C program compiled here
 * with gcc; exit codes, signals, the stdin payload, environment, working directory and args.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PYTHON, startHarness, type Harness } from './harness.js';

const C_SOURCE = `
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
int main(int argc, char **argv) {
  char buf[4096]; size_t n = fread(buf, 1, sizeof buf - 1, stdin); buf[n] = 0;
  printf("argc=%d argv1=%s stdin=%s task=%s\\n", argc, argc > 1 ? argv[1] : "", buf, getenv("TASKFRAME_TASK_NAME"));
  fflush(stdout);
  if (strstr(buf, "segv")) raise(SIGSEGV);
  if (strstr(buf, "exit7")) { fprintf(stderr, "c program failing on purpose\\n"); return 7; }
  dprintf(3, "{\\"result\\":{\\"bytes\\":%zu}}\\n", n);
  return 0;
}
`;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    'work/': '',
    'py.service': `[Command]\ncommand="${PYTHON} ./task.py"\n[Args]\nargs="one 'two words'"\n[Environment]\nGREETING=hello # inline comment\n`,
    'task.py': [
      'import json, os, sys',
      'p = json.load(sys.stdin)',
      'print("python got", p["n"])',
      'res = {"n": p["n"] * 2, "argv": sys.argv[1:], "cwd": os.getcwd(), "greeting": os.environ["GREETING"],',
      '       "id": os.environ["TASKFRAME_TASK_ID"], "name": os.environ["TASKFRAME_TASK_NAME"], "attempt": os.environ["TASKFRAME_ATTEMPT"],',
      '       "run": os.environ["TASKFRAME_RUN_ID"], "leaked": "SECRET_OF_THE_WORKER" in os.environ}',
      'os.write(int(os.environ["TASKFRAME_CONTROL_FD"]), (json.dumps({"result": res}) + "\\n").encode())',
    ].join('\n'),
    'sh.yaml': `command: ./task.sh\nservice:\n  workingDirectory: work\n`,
    'task.sh': [`#!/bin/sh\nread payload\necho "shell got $payload in $(pwd)"\necho "to stderr" >&2\ncase "$payload" in *fail*) echo "last words" >&2; exit 3;; esac\necho '{"result":{"n":3}}' >&3\n`, 0o755],
    'c.service': `[Command]\ncommand=./prog\n[Args]\nargs=first\n`,
    'prog': ['', 0o755], // built below (a program written as a path must exist when the units are loaded)
    'inline.service': `[Command]\ncommand="echo $GREETING from a shell | tr a-z A-Z"\nshell=yes\n[Environment]\nGREETING=hi\n`,
    'missing.service': `[Command]\ncommand=./does-not-exist\n`,
    'does-not-exist': ['', 0o755], // removed once the units are loaded: a program that goes away later
    'sleeper.service': `[Command]\ncommand="${PYTHON} -c 'import time; print(\\"started\\", flush=True); time.sleep(60)'"\n`,
  });
  fs.rmSync(path.join(h.dir, 'does-not-exist'));
  fs.writeFileSync(path.join(h.dir, 'prog.c'), C_SOURCE);
  execFileSync('gcc', ['-O1', '-o', path.join(h.dir, 'prog'), path.join(h.dir, 'prog.c')]);
  process.env.SECRET_OF_THE_WORKER = 'x';
});
afterAll(async () => {
  delete process.env.SECRET_OF_THE_WORKER;
  await h.close();
});

describe('a process per task', () => {
  it('a Python script gets its payload on stdin, identity in env, args, cwd, and reports a result on fd 3', async () => {
    const t = await h.run('py', { n: 21 });
    expect(t.state).toBe('succeeded');
    expect(t.result).toEqual({
      n: 42, argv: ['one', 'two words'], cwd: fs.realpathSync(h.dir), greeting: 'hello', id: t.id, name: 'py', attempt: '1', run: '', leaked: false,
    });
    expect(await h.logText(t.id)).toContain('stdout: python got 21');
  });

  it('a shell script runs in its WorkingDirectory; exit 0 succeeds', async () => {
    const t = await h.run('sh', 'ok');
    expect(t.state).toBe('succeeded');
    expect(t.result).toEqual({ n: 3 });
    expect(await h.logText(t.id)).toContain(`shell got "ok" in ${fs.realpathSync(path.join(h.dir, 'work'))}`);
  });

  it('a non-zero exit fails the task with the exit code and the tail of stderr', async () => {
    const t = await h.run('sh', 'please fail');
    expect(t.state).toBe('failed');
    expect(t.error).toMatchObject({ kind: 'ExecError', code: 'EXIT', exitCode: 3 });
    expect(t.error!.message).toMatch(/unit sh exited with code 3[\s\S]*to stderr\nlast words/);
  });

  it('a C program compiled with gcc: args, stdin, result; exit codes; death by signal names the signal', async () => {
    const ok = await h.run('c', 'hello');
    expect(ok.state).toBe('succeeded');
    expect(ok.result).toEqual({ bytes: 7 });
    expect(await h.logText(ok.id)).toContain('argc=2 argv1=first stdin="hello" task=c');
    const seven = await h.run('c', 'exit7');
    expect(seven.error).toMatchObject({ exitCode: 7 });
    expect(seven.error!.message).toContain('c program failing on purpose');
    const segv = await h.run('c', 'segv');
    expect(segv.state).toBe('failed');
    expect(segv.error).toMatchObject({ code: 'SIGNAL', signal: 'SIGSEGV' });
    expect(segv.error!.message).toContain('unit c killed by SIGSEGV');
  });

  it('shell=yes runs the command line through /bin/sh', async () => {
    const t = await h.run('inline');
    expect(t.state).toBe('succeeded');
    expect(await h.logText(t.id)).toContain('stdout: HI FROM A SHELL');
  });

  it('a command that does not exist fails clearly', async () => {
    const t = await h.run('missing');
    expect(t.state).toBe('failed');
    expect(t.error!.message).toMatch(/unit missing could not start: no such file \/.*\/does-not-exist$/);
  });

  it('cancelling a running task kills its process and says so', async () => {
    const task = await h.engine.enqueue('sleeper', null, { maxAttempts: 1 });
    const started = new Promise<void>((resolve) => {
      const poll = async () => ((await h.logText(task.id)).includes('started') ? resolve() : setTimeout(poll, 20));
      void poll();
    });
    await started;
    const ended = new Promise<string>((r) => h.worker.on('task:end', (t, outcome, detail) => t.id === task.id && r(`${outcome}:${(detail as Error)?.message ?? ''}`)));
    await h.engine.cancel(task.id);
    expect(await ended).toMatch(/^lost|^failed/);
    // The process is gone: its log says why it was killed.
    await expect.poll(() => h.logText(task.id), { timeout: 10_000 }).toMatch(/killed by SIGTERM: .*cancelled/);
    expect((await h.engine.get(task.id)).state).toBe('cancelled');
  });
});
