/** Spawning the built CLI (and fixture scripts) for multi-process tests, and cleaning up after. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(ROOT, 'dist/cli/main.js');
export const FIXTURES = path.join(ROOT, 'test/postgres/fixtures');

export interface Proc {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
  /** Resolves when a stdout/stderr line matches. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<string>;
}

const live = new Set<ChildProcess>();

export function start(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Proc {
  const child = spawn(process.execPath, [script, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  const waiters: Array<{ re: RegExp; resolve: (line: string) => void }> = [];
  const p: Proc = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => child.once('exit', (code, signal) => (live.delete(child), resolve(code ?? signal ?? -1)))),
    waitFor(re, timeoutMs = 30_000) {
      const hit = (p.stdout + p.stderr).split('\n').find((l) => re.test(l));
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no line matching ${re} within ${timeoutMs} ms; stderr: ${p.stderr.slice(-2000)}`)), timeoutMs);
        waiters.push({ re, resolve: (l) => (clearTimeout(timer), resolve(l)) });
      });
    },
  };
  const feed = (which: 'stdout' | 'stderr') => (chunk: Buffer) => {
    const text = chunk.toString();
    p[which] += text;
    for (const line of text.split('\n')) {
      for (let i = waiters.length - 1; i >= 0; i--) {
        if (waiters[i]!.re.test(line)) waiters.splice(i, 1)[0]!.resolve(line);
      }
    }
  };
  child.stdout!.on('data', feed('stdout'));
  child.stderr!.on('data', feed('stderr'));
  return p;
}

export function cli(args: string[], env?: NodeJS.ProcessEnv): Proc {
  return start(CLI, args, env);
}

/** SIGKILLs whatever a test left running. */
export async function killAll(): Promise<void> {
  const waits = [...live].map((c) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(null) : (c.once('exit', r), c.kill('SIGKILL')))));
  await Promise.all(waits);
}
