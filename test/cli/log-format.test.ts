/**
 * Issue 14 item 5: log lines are for the reader. In a terminal they are human lines, not raw
 * JSON in the middle of `taskframe run`'s progress or `taskframe schedule`'s output; JSON when
 * asked (--log-format json, TASKFRAME_LOG_FORMAT) or when stderr is not a terminal.
 * A terminal is a real pseudo-terminal from script(1).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLI, runCli, waitFor } from '../helpers/processes.js';
import { tempDir } from '../helpers/stores.js';

const SCRIPT = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return 'script';
  } catch {
    return null;
  }
})();
if (!SCRIPT) {
  if (process.env.CI === 'true') throw new Error('script(1) (Debian package bsdutils) is needed to test output on a terminal');
  console.log('[skip] log format on a terminal: script(1) from bsdutils is not installed');
}

let dir: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  dir = tempDir('taskframe-logfmt-');
  fs.writeFileSync(path.join(dir, 'warns.yaml'), 'name: warns\ntasks:\n  careful:\n    handler: careful\n');
  fs.writeFileSync(path.join(dir, 'every.yaml'), 'name: ticking\ntriggers:\n  - every: 1s\ntasks:\n  careful:\n    handler: careful\n');
  fs.writeFileSync(path.join(dir, 'h.mjs'), "export const handlers = { careful: async (p, ctx) => { ctx.log.warn({ step: 'careful' }, 'disk almost full'); return 1; } };\n");
});
afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.exitCode === null && c.signalCode === null) {
      const gone = new Promise((r) => c.once('exit', r));
      c.kill('SIGKILL');
      await gone;
    }
  }
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The CLI on a pseudo-terminal (stdout and stderr both); prints its pid first so it can be stopped. */
function onTerminal(args: string[], env: Record<string, string> = {}): { child: ChildProcess; output: () => string } {
  const quoted = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn(SCRIPT!, ['-qfec', `echo "pid $$"; exec ${quoted}`, '/dev/null'], { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out };
}

const JSON_LINE = /\{"level":40,[^\n]*"msg":"disk almost full"\}/;
const HUMAN_LINE = /\d\d:\d\d:\d\d\.\d{3} WARN {2}disk almost full {2}.*step=careful/;

describe.skipIf(!SCRIPT)('on a terminal', () => {
  it('taskframe run: a warning is a human line in the progress, not JSON', async () => {
    const t = onTerminal(['--db', `sqlite:${path.join(dir, 'run.db')}`, 'run', 'warns.yaml', '--handlers', 'h.mjs']);
    expect(await new Promise((r) => t.child.once('exit', r))).toBe(0);
    expect(t.output()).toMatch(/careful {2}succeeded/);
    expect(t.output()).toMatch(HUMAN_LINE);
    expect(t.output()).not.toMatch(/\{"level"/);
  });

  it('taskframe schedule: a warning is a human line among the started-run lines', async () => {
    const t = onTerminal(['--db', `sqlite:${path.join(dir, 'schedule.db')}`, 'schedule', 'every.yaml', '--work', '--handlers', 'h.mjs']);
    await waitFor(async () => /started run-/.test(t.output()) && HUMAN_LINE.test(t.output()), 'a fire and the warning of its task');
    expect(t.output()).not.toMatch(/\{"level"/);
    process.kill(Number(/pid (\d+)/.exec(t.output())![1]), 'SIGTERM');
    expect(await new Promise((r) => t.child.once('exit', r))).toBe(0);
  });

  it('--log-format json (or TASKFRAME_LOG_FORMAT=json): JSON lines even on a terminal', async () => {
    const flag = onTerminal(['--db', `sqlite:${path.join(dir, 'json.db')}`, '--log-format', 'json', 'run', 'warns.yaml', '--handlers', 'h.mjs']);
    expect(await new Promise((r) => flag.child.once('exit', r))).toBe(0);
    expect(flag.output()).toMatch(JSON_LINE);
    const env = onTerminal(['--db', `sqlite:${path.join(dir, 'json.db')}`, 'run', 'warns.yaml', '--handlers', 'h.mjs'], { TASKFRAME_LOG_FORMAT: 'json' });
    expect(await new Promise((r) => env.child.once('exit', r))).toBe(0);
    expect(env.output()).toMatch(JSON_LINE);
  });
});

describe('not on a terminal', () => {
  it('JSON lines on stderr (for log collectors), human ones when asked', async () => {
    const r = await runCli(['--db', `sqlite:${path.join(dir, 'pipe.db')}`, 'run', path.join(dir, 'warns.yaml'), '--handlers', path.join(dir, 'h.mjs')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(JSON_LINE);
    expect(r.stdout).not.toMatch(/\{"level"/);
    const pretty = await runCli(['--db', `sqlite:${path.join(dir, 'pipe.db')}`, '--log-format', 'pretty', 'run', path.join(dir, 'warns.yaml'), '--handlers', path.join(dir, 'h.mjs')]);
    expect(pretty.stderr).toMatch(HUMAN_LINE);
  });
});
