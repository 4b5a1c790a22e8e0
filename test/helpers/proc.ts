/**
 * A child process of a fleet test (any command: `node dist/cli/main.js …`, or the same under
 * `ip netns exec HOST`), its output kept and matched line by line, and every one of them killed
 * at the end of the test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(ROOT, 'dist/cli/main.js');

export interface Proc {
  name: string;
  child: ChildProcess;
  stdout: string;
  stderr: string;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
  /** Still running? */
  alive(): boolean;
  /** Resolves with the first line (old or new) matching `re`. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<string>;
  /** Lines of stdout+stderr that match. */
  lines(re: RegExp): string[];
}

const live = new Set<ChildProcess>();

export function spawnProc(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Proc {
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  const waiters: Array<{ re: RegExp; resolve: (line: string) => void }> = [];
  let exitCode: number | string | null = null;
  const p: Proc = {
    name,
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        live.delete(child);
        exitCode = code ?? signal ?? -1;
        resolve(exitCode);
      }),
    ),
    alive: () => exitCode === null,
    waitFor(re, timeoutMs = 30_000) {
      const hit = p.lines(re)[0];
      if (hit !== undefined) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name}: no line matching ${re} within ${timeoutMs} ms; exit ${exitCode}; stderr: ${p.stderr.slice(-3000)}`)), timeoutMs);
        waiters.push({ re, resolve: (l) => (clearTimeout(timer), resolve(l)) });
      });
    },
    lines: (re) => (p.stdout + '\n' + p.stderr).split('\n').filter((l) => re.test(l)),
  };
  const feed = (which: 'stdout' | 'stderr') => {
    let partial = '';
    return (chunk: Buffer) => {
      const text = chunk.toString();
      p[which] += text;
      const parts = (partial + text).split('\n');
      partial = parts.pop()!;
      for (const line of parts) {
        for (let i = waiters.length - 1; i >= 0; i--) {
          if (waiters[i]!.re.test(line)) waiters.splice(i, 1)[0]!.resolve(line);
        }
      }
    };
  };
  child.stdout!.on('data', feed('stdout'));
  child.stderr!.on('data', feed('stderr'));
  return p;
}

/** The built CLI as a process on this machine. */
export function cliProc(name: string, args: string[], env?: NodeJS.ProcessEnv): Proc {
  return spawnProc(name, process.execPath, [CLI, ...args], env);
}

/** SIGKILLs whatever is still running. */
export async function killAllProcs(): Promise<void> {
  await Promise.all(
    [...live].map(
      (c) =>
        new Promise((r) => {
          if (c.exitCode !== null || c.signalCode !== null) return r(null);
          c.once('exit', r);
          c.kill('SIGKILL');
        }),
    ),
  );
}

/** Polls `probe` until it gives a truthy value (for state in a database or a file). */
export async function until<T>(probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, what: string, timeoutMs = 30_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
