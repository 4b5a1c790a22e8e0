/**
 * A real `taskframe server` process for tests: the built CLI on a real store, port 0, tokens
 * from the environment. Captures its log output so tests can look for (absent) secrets.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli', 'main.js');

export const TOKENS = {
  admin: 'adm-7f3a9c1e5b2d4f6a8c0e',
  producer: 'prd-1b3d5f7a9c2e4a6c8e0a',
  worker: 'wrk-9e8d7c6b5a4f3e2d1c0b',
};
export const TOKEN_ENV = `root:admin:${TOKENS.admin},app:producer:${TOKENS.producer},pool:worker:${TOKENS.worker}`;

export interface ServerProcess {
  url: string;
  proc: ChildProcess;
  /** Everything the server wrote to stdout and stderr so far. */
  output(): string;
  stop(): Promise<number | null>;
}

export async function startServer(db: string, env: Record<string, string> = {}, args: string[] = []): Promise<ServerProcess> {
  const proc = spawn(process.execPath, [CLI, '--db', db, 'server', '--port', '0', ...args], {
    env: { ...process.env, TASKFRAME_TOKENS: TOKEN_ENV, TASKFRAME_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        proc.stdout!.off('data', onData);
        resolve(m[1]!);
      }
    };
    proc.stdout!.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`server exited with ${code} before listening:\n${out}`)));
  });
  return {
    url,
    proc,
    output: () => out,
    stop: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null) return resolve(proc.exitCode);
        proc.once('exit', (code) => resolve(code));
        proc.kill('SIGTERM');
      }),
  };
}

/** Resolves once the server's output satisfies `check`, looked at each time the server writes. */
export function outputUntil(server: ServerProcess, check: (output: string) => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  if (check(server.output())) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const streams = [server.proc.stdout!, server.proc.stderr!];
    const timer = setTimeout(() => finish(new Error(`timed out waiting for ${what} in the server's output`)), timeoutMs);
    // The harness's own listeners were added first, so output() already has this chunk.
    const onData = () => check(server.output()) && finish();
    const finish = (err?: Error) => {
      clearTimeout(timer);
      for (const s of streams) s.off('data', onData);
      if (err) reject(err);
      else resolve();
    };
    for (const s of streams) s.on('data', onData);
  });
}

export async function api(base: string, token: string | null, method: string, p: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; text: string }> {
  const res = await fetch(base + p, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed, text };
}
